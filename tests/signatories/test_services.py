"""Services called directly: champions, lapsing, successors, invitations, join requests."""

import datetime

import pytest
import time_machine
from django.core import mail

from core.exceptions import ApplicationError
from signatories import services
from signatories.models import Champion, Membership, Signatory
from tests.factories import (
    CompactVersionFactory,
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LEAD = {
    "kind": "lead",
    "name": "Lee Lead",
    "email": "lee@example.org",
    "deputy_name": "Dee Deputy",
    "deputy_email": "dee@example.org",
    "senior_contact_name": "Sam Senior",
    "senior_contact_role": "Chief executive",
}


def test_a_lead_champion_needs_a_deputy_and_a_departmental_one_a_department(compact):
    membership = MembershipFactory()
    signatory = SignatoryFactory(organisation=membership.organisation, compact=compact)
    with pytest.raises(ApplicationError, match="deputy") as error:
        services.champion_appoint(
            actor=membership.user, signatory=signatory, details={**LEAD, "deputy_name": ""}
        )
    assert error.value.field == "deputy_name"
    with pytest.raises(ApplicationError, match="department"):
        services.champion_appoint(
            actor=membership.user, signatory=signatory, details={**LEAD, "kind": "departmental"}
        )
    lead = services.champion_appoint(actor=membership.user, signatory=signatory, details=LEAD)
    second = services.champion_appoint(
        actor=membership.user, signatory=signatory, details={**LEAD, "name": "New Lead"}
    )
    lead.refresh_from_db()
    assert lead.stepped_down_at is not None  # one lead at a time; the first is history
    assert list(signatory.champions.filter(stepped_down_at__isnull=True)) == [second]


def test_stepping_down_leaves_no_champion_until_replaced(client, compact):
    from django.urls import reverse

    membership = MembershipFactory()
    signatory = SignatoryFactory(organisation=membership.organisation, compact=compact)
    lead = services.champion_appoint(actor=membership.user, signatory=signatory, details=LEAD)
    client.force_login(membership.user)
    client.post(
        reverse("signatories:champion_step_down", args=[membership.organisation.slug, lead.pk])
    )
    page = client.get(signatory.organisation.get_absolute_url()).content.decode()
    assert "No champion" in page
    dashboard = client.get(reverse("signatories:dashboard", args=[membership.organisation.slug]))
    assert "Appoint a Compact Champion" in dashboard.content.decode()


def test_champions_only_for_active_signatures_and_by_administrators(compact):
    membership = MembershipFactory(role="member")
    signatory = SignatoryFactory(organisation=membership.organisation, compact=compact)
    with pytest.raises(ApplicationError, match="administrators"):
        services.champion_appoint(actor=membership.user, signatory=signatory, details=LEAD)
    admin = MembershipFactory(organisation=membership.organisation).user
    pending = SignatoryFactory(
        organisation=OrganisationFactory(), compact=compact, status="pending"
    )
    MembershipFactory(organisation=pending.organisation, user=admin)
    with pytest.raises(ApplicationError, match="once the signature is active"):
        services.champion_appoint(actor=admin, signatory=pending, details=LEAD)
    assert not Champion.objects.exists()


def test_a_refreshed_compact_lapses_old_signatures_until_they_sign_again(compact):
    membership = MembershipFactory()
    old = SignatoryFactory(organisation=membership.organisation, compact=compact)
    pending = SignatoryFactory(compact=compact, status="pending")
    compact.versions.update(status="archived")
    new_version = CompactVersionFactory(compact=compact, number=2, label="2027")
    assert services.signatories_lapse_for_new_version(compact=compact, new_version=new_version) == 1
    old.refresh_from_db()
    pending.refresh_from_db()
    assert (old.status, pending.status) == ("lapsed", "pending")
    assert "refreshed as version 2027" in old.status_changes.last().reason

    services.signatory_resign(
        actor=membership.user,
        signatory=old,
        declaration={"signed_by_name": "New Chair", "signed_by_role": "Chair"},
    )
    old.refresh_from_db()
    assert (old.status, old.version, old.signed_by_name) == ("active", new_version, "New Chair")
    assert [c.to_status for c in old.status_changes.all()] == ["lapsed", "active"]
    assert "version 2026 had been signed by" in old.status_changes.last().reason


def test_a_successor_takes_over_signatures_and_champions_and_history_keeps_both_names(compact):
    old_council = StatutoryBodyFactory(name="Old District Council")
    new_council = StatutoryBodyFactory(name="New Unitary Council")
    signature = SignatoryFactory(organisation=old_council, compact=compact)
    lead = Champion.objects.create(
        signatory=signature,
        kind="lead",
        name="Lee",
        email="l@example.org",
        deputy_name="D",
        senior_contact_name="S",
        senior_contact_role="R",
    )
    with pytest.raises(ApplicationError, match="steering group"):
        services.organisation_record_successor(
            actor=UserFactory(), predecessor=old_council, successor=new_council
        )
    steering = SteeringGroupMemberFactory(compact=compact).user
    services.organisation_record_successor(
        actor=steering,
        predecessor=old_council,
        successor=new_council,
        reason="Local government reorganisation.",
    )
    signature.refresh_from_db()
    lead.refresh_from_db()
    assert signature.organisation == new_council
    assert lead.signatory.organisation == new_council and lead.stepped_down_at is None
    old_council.refresh_from_db()
    assert old_council.succeeded_by == new_council
    change = signature.status_changes.last()
    assert change.organisation_name == "Old District Council"
    assert "New Unitary Council took over from Old District Council" in change.reason


def test_invitations_expire_and_a_person_can_belong_to_several_organisations(
    django_capture_on_commit_callbacks,
):
    admin = MembershipFactory()
    colleague = UserFactory(email="colleague@example.org")
    MembershipFactory(user=colleague)  # already in another organisation
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=admin.user, organisation=admin.organisation, email="Colleague@example.org"
        )
    assert mail.outbox[0].to == ["colleague@example.org"]
    assert invitation.token in mail.outbox[0].body

    later = invitation.expires_at + datetime.timedelta(minutes=1)
    with time_machine.travel(later), pytest.raises(ApplicationError, match="expired"):
        services.invitation_accept(actor=colleague, token=invitation.token)
    membership = services.invitation_accept(actor=colleague, token=invitation.token)
    assert membership.role == Membership.Role.MEMBER
    assert colleague.memberships.count() == 2
    with pytest.raises(ApplicationError, match="already been used"):
        services.invitation_accept(actor=colleague, token=invitation.token)
    with pytest.raises(ApplicationError, match="already belongs"):
        services.invitation_create(
            actor=admin.user, organisation=admin.organisation, email="colleague@example.org"
        )


def test_only_administrators_invite(client):
    member = MembershipFactory(role="member")
    with pytest.raises(ApplicationError):
        services.invitation_create(
            actor=member.user, organisation=member.organisation, email="x@example.org"
        )


def test_a_join_request_accepted_makes_a_member():
    admin = MembershipFactory()
    person = UserFactory()
    request = services.join_request_create(actor=person, organisation=admin.organisation)
    assert services.join_request_create(actor=person, organisation=admin.organisation) == request
    with pytest.raises(ApplicationError):
        services.join_request_decide(actor=person, join_request=request, accept=True)
    services.join_request_decide(actor=admin.user, join_request=request, accept=True)
    assert Membership.objects.get(user=person).role == Membership.Role.MEMBER


def test_status_changes_that_make_no_sense_are_refused(compact):
    steering = SteeringGroupMemberFactory(compact=compact).user
    rejected = SignatoryFactory(compact=compact, status=Signatory.Status.REJECTED)
    with pytest.raises(ApplicationError, match="cannot be changed"):
        services.signatory_approve(actor=steering, signatory=rejected)
    pending = SignatoryFactory(compact=compact, status=Signatory.Status.PENDING)
    with pytest.raises(ApplicationError, match="steering group"):
        services.signatory_approve(actor=UserFactory(), signatory=pending)


def test_a_lapsed_signatory_signs_the_new_version_from_its_dashboard(client, compact):
    from django.urls import reverse

    membership = MembershipFactory()
    signatory = SignatoryFactory(organisation=membership.organisation, compact=compact)
    compact.versions.update(status="archived")
    new_version = CompactVersionFactory(compact=compact, number=2, label="2027")
    services.signatories_lapse_for_new_version(compact=compact, new_version=new_version)
    client.force_login(membership.user)
    dashboard = client.get(reverse("signatories:dashboard", args=[membership.organisation.slug]))
    assert "Sign the new version" in dashboard.content.decode()
    url = reverse("signatories:resign", args=[membership.organisation.slug, signatory.pk])
    response = client.post(url, {"signed_by_name": "New Chair", "signed_by_role": "Chair"})
    assert "Confirm that the compact has been read and discussed" in response.content.decode()
    client.post(
        url,
        {
            "signed_by_name": "New Chair",
            "signed_by_role": "Chair",
            "has_read_and_discussed": "on",
            "will_appoint_champion": "on",
            "will_promote": "on",
        },
    )
    signatory.refresh_from_db()
    assert (signatory.status, signatory.version) == ("active", new_version)


def test_the_steering_group_records_a_successor_through_the_page(client, compact):
    from django.urls import reverse

    old = SignatoryFactory(compact=compact, organisation=StatutoryBodyFactory(name="Old PCT"))
    new_body = StatutoryBodyFactory(name="New ICB")
    url = reverse("signatories:record_successor", args=[old.organisation.slug])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    assert "Choose the organisation that took over" in client.post(url, {}).content.decode()
    client.post(url, {"successor": new_body.pk, "reason": "NHS reorganisation"})
    old.refresh_from_db()
    assert old.organisation == new_body
    page = client.get(new_body.get_absolute_url()).content.decode()
    assert "Formerly: Old PCT" in page


def test_an_invitation_link_lets_a_signed_in_person_join(client):
    from django.urls import reverse

    from tests.signatories.factories import InvitationFactory

    admin = MembershipFactory()
    person = UserFactory()
    invitation = InvitationFactory(
        organisation=admin.organisation, role="champion", email=person.email
    )
    url = reverse("signatories:invitation_accept", args=[invitation.token])
    client.force_login(person)
    assert f"Join {admin.organisation.name}" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("signatories:dashboard", args=[admin.organisation.slug])
    assert Membership.objects.get(user=person).role == "champion"
    response = client.post(url, follow=True)
    assert "already been used" in response.content.decode()


def test_selectors_other_apps_use_to_reach_an_organisation(compact):
    from signatories import selectors
    from tests.signatories.factories import ChampionFactory

    admin = MembershipFactory()
    signatory = SignatoryFactory(organisation=admin.organisation, compact=compact)
    lead = ChampionFactory(signatory=signatory)
    ChampionFactory(signatory=signatory, kind="departmental", department="Youth")
    ChampionFactory(signatory=SignatoryFactory(compact=compact))  # another organisation
    champions = list(
        selectors.current_champions_of(organisation=admin.organisation, compact=compact)
    )
    assert len(champions) == 2 and champions[0] == lead
    assert selectors.administrator_emails(organisation=admin.organisation) == [admin.user.email]
    nobody = OrganisationFactory(email="office@example.org")
    assert selectors.administrator_emails(organisation=nobody) == ["office@example.org"]
    assert signatory in selectors.signatories_of_compact(compact=compact)
    assert signatory not in selectors.signatories_of_compact(compact=compact, statuses=["lapsed"])
