"""Limits on the signatories' costly forms (core.limits), counted in the real Redis:
invitations, accepting them, join requests and the sign-up journey."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core import limits
from outbox.models import Message
from signatories.models import JoinRequest, Membership, SignUpApplication
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.signatories.factories import InvitationFactory
from tests.signatories.test_journey import GOOD_DECLARATION, GOOD_ORGANISATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings, redis_cache):
    """`limit(action, rates)`: set one action's limits for this test, in the real Redis."""

    def set_limit(action, rates):
        settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, action: rates}

    return set_limit


def test_an_administrator_can_send_only_so_many_invitations(client, limit):
    limit("invitation_send", "2/h/user")
    admin = MembershipFactory()
    client.force_login(admin.user)
    url = reverse("signatories:invitation_create", args=[admin.organisation.slug])
    for number in range(2):
        response = client.post(url, {"email": f"colleague{number}@example.org", "role": "member"})
        assert response.status_code == 302
    response = client.post(url, {"email": "colleague9@example.org", "role": "member"})
    assert response.status_code == 429
    assert "You have tried too many times" in response.content.decode()
    assert admin.organisation.invitations.count() == 2
    assert Message.objects.count() == 2


def test_accepting_invitations_is_limited(client, limit):
    limit("invitation_accept", "2/h/user")
    person = UserFactory()
    client.force_login(person)
    for attempt in range(2):
        url = reverse("signatories:invitation_accept", args=[f"guessed-token-{attempt}"])
        assert client.post(url).status_code == 404  # no such invitation
    invitation = InvitationFactory(organisation=OrganisationFactory(), email=person.email)
    url = reverse("signatories:invitation_accept", args=[invitation.token])
    assert client.post(url).status_code == 429
    assert not Membership.objects.filter(user=person).exists()


def _organisation_step(client) -> str:
    """Signed in as a new person, at the first step of the sign-up journey."""
    client.force_login(UserFactory())
    client.get(reverse("signatories:signup_start"))
    application = SignUpApplication.objects.get()
    return reverse("signatories:signup_organisation", args=[application.pk])


def test_join_requests_are_limited(client, limit, compact):
    limit("join_request", "1/h/user")
    url = _organisation_step(client)
    first = OrganisationFactory(charity_number="1123456")
    second = OrganisationFactory(charity_number="1123457")
    response = client.post(url, {"ask_to_join": first.pk, "number": "1123456"})
    assert response.status_code == 302
    response = client.post(url, {"ask_to_join": second.pk, "number": "1123457"})
    assert response.status_code == 429
    assert JoinRequest.objects.count() == 1


def test_the_sign_up_journey_steps_are_limited_and_what_was_typed_is_shown(client, limit, compact):
    limit("signup_step", "1/h/user")
    url = _organisation_step(client)
    assert client.post(url, {**GOOD_ORGANISATION, "name": ""}).status_code == 200
    response = client.post(url, GOOD_ORGANISATION)
    assert response.status_code == 429
    page = response.content.decode()
    assert "hello@riverside-food.example" in page and "1 High Street" in page


def test_sending_an_application_is_limited(client, limit, compact):
    limit("signup_submit", "1/h/user")
    client.force_login(UserFactory())
    client.get(reverse("signatories:signup_start") + f"?compact={compact.slug}")
    application = SignUpApplication.objects.get()
    client.post(
        reverse("signatories:signup_organisation", args=[application.pk]), GOOD_ORGANISATION
    )
    client.get(reverse("signatories:signup_duplicates", args=[application.pk]))
    client.post(reverse("signatories:signup_declaration", args=[application.pk]), GOOD_DECLARATION)
    check = reverse("signatories:signup_check", args=[application.pk])
    assert client.get(check).status_code == 200  # reading the answers costs nothing
    # A first attempt is used up (a double click, say); the second is refused.
    request = RequestFactory().post(check)
    request.user = application.user
    limits.consume(request, "signup_submit")
    response = client.post(check)
    assert response.status_code == 429
    application.refresh_from_db()
    assert application.submitted_at is None
