"""A member of one organisation gets 403 or 404 on every page and action of another."""

import pytest
from django.urls import reverse

from signatories import permissions, urls
from signatories.models import JoinRequest
from tests.factories import (
    MembershipFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    UserFactory,
)
from tests.signatories.factories import ChampionFactory

pytestmark = pytest.mark.django_db

# Every organisation-scoped URL name, with what its second argument points at.
ORG_SCOPED = {
    "dashboard": None,
    "invitation_create": None,
    "join_request_decide": "join_request",
    "signature": "signatory",
    "withdraw": "signatory",
    "answer": "signatory",
    "resign": "signatory",
    "champions": "signatory",
    "certificate": "signatory",
    "champion_step_down": "champion",
}


def test_every_organisation_url_is_in_the_list_below():
    scoped = {p.name for p in urls.urlpatterns if str(p.pattern).startswith("organisations/<")}
    assert scoped == set(ORG_SCOPED)


@pytest.fixture
def two_organisations(compact):
    ours = MembershipFactory()
    theirs = MembershipFactory()
    objects = {}
    for name, membership in [("ours", ours), ("theirs", theirs)]:
        signatory = SignatoryFactory(organisation=membership.organisation, compact=compact)
        objects[name] = {
            "membership": membership,
            "signatory": signatory,
            "champion": ChampionFactory(signatory=signatory),
            "join_request": JoinRequest.objects.create(
                organisation=membership.organisation, user=UserFactory()
            ),
        }
    return objects


def _url(name, organisation, target):
    kind = ORG_SCOPED[name]
    args = [organisation.slug] + ([target[kind].pk] if kind else [])
    return reverse(f"signatories:{name}", args=args)


@pytest.mark.parametrize("name", sorted(ORG_SCOPED))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_pages_are_refused(client, two_organisations, name, method):
    ours, theirs = two_organisations["ours"], two_organisations["theirs"]
    client.force_login(ours["membership"].user)
    their_org = theirs["membership"].organisation
    our_org = ours["membership"].organisation
    data = {"reason": "x", "answer": "x", "decision": "accept", "email": "a@example.org"}

    # Their organisation's own URL, and our organisation's URL pointing at their objects.
    for url in [_url(name, their_org, theirs)] + (
        [_url(name, our_org, theirs)] if ORG_SCOPED[name] else []
    ):
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404, 405), (url, response.status_code)
        assert response.status_code != 405 or method == "get"

    # And the same URL for our own organisation works: the refusal is not an accident.
    response = getattr(client, method)(_url(name, our_org, ours), data)
    assert response.status_code in (200, 302, 405), response.status_code

    theirs["signatory"].refresh_from_db()
    assert theirs["signatory"].status == "active"
    theirs["champion"].refresh_from_db()
    assert theirs["champion"].stepped_down_at is None
    assert not their_org.invitations.exists()
    assert theirs["join_request"].__class__.objects.get(pk=theirs["join_request"].pk).status == (
        "pending"
    )


def test_champion_contacts_are_for_signatories_of_the_same_compact_and_its_steering_group(
    client, compact
):
    signatory = SignatoryFactory(compact=compact)
    ChampionFactory(signatory=signatory, email="lead.champion@example.org")
    neighbour = MembershipFactory(role="member")
    SignatoryFactory(organisation=neighbour.organisation, compact=compact)
    outsider = MembershipFactory()
    SignatoryFactory(organisation=outsider.organisation)  # another compact
    steering = SteeringGroupMemberFactory(compact=compact).user
    page_url = signatory.organisation.get_absolute_url()

    anonymous = client.get(page_url).content.decode()
    assert "Lead champion" in anonymous
    assert "lead.champion@example.org" not in anonymous
    for person, sees in [(neighbour.user, True), (outsider.user, False), (steering, True)]:
        client.force_login(person)
        assert ("lead.champion@example.org" in client.get(page_url).content.decode()) is sees
        assert permissions.can_view_champion_contacts(person, compact) is sees
