"""The steering group's queue: approve, reject, ask; the applicant's answer; withdrawal."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from signatories.models import Signatory
from tests.dates import date_boxes
from tests.factories import MembershipFactory, SignatoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(compact):
    """A pending application, submitted by its organisation's administrator."""
    applicant = UserFactory(email="applicant@example.org")
    membership = MembershipFactory(user=applicant)
    signatory = SignatoryFactory(
        organisation=membership.organisation,
        compact=compact,
        status=Signatory.Status.PENDING,
        submitted_by=applicant,
    )
    return signatory


def test_the_queue_lists_applications_of_the_administrators_compacts_only(
    client, application, steering
):
    other = SignatoryFactory(status=Signatory.Status.PENDING)  # another compact
    client.force_login(steering)
    page = client.get(reverse("signatories:queue")).content.decode()
    assert application.organisation.name in page
    assert other.organisation.name not in page
    assert client.get(reverse("signatories:application", args=[other.pk])).status_code == 404


def test_the_queue_tells_someone_outside_every_steering_group_why_they_cannot_see_it(
    client, application
):
    client.force_login(application.submitted_by)
    response = client.get(reverse("signatories:queue"))
    assert response.status_code == 403
    assert "decided by its steering group" in response.content.decode()
    assert application.organisation.name not in response.content.decode()


def test_approval_makes_it_active_records_who_and_emails_the_applicant(
    client, application, steering, committing
):
    client.force_login(steering)
    with committing():
        response = client.post(
            reverse("signatories:application", args=[application.pk]), {"action": "approve"}
        )
    assert response.url == reverse("signatories:queue")
    application.refresh_from_db()
    assert application.status == Signatory.Status.ACTIVE
    assert application.approved_on is not None
    assert len(application.verification_code) == 14
    change = application.status_changes.last()
    assert (change.from_status, change.to_status, change.actor) == ("pending", "active", steering)
    assert [m.to for m in mail.outbox] == [["applicant@example.org"]]
    assert "is now a signatory of Riverside Compact" in mail.outbox[0].subject
    assert "appoint a Compact Champion" in mail.outbox[0].body
    assert mail.outbox[0].alternatives  # an HTML part too


def test_rejection_needs_a_reason_which_is_emailed(client, application, steering, committing):
    client.force_login(steering)
    url = reverse("signatories:application", args=[application.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert "Enter a reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Signatory.Status.PENDING

    with committing():
        client.post(url, {"action": "reject", "reason": "This is a business, not a charity."})
    application.refresh_from_db()
    assert application.status == Signatory.Status.REJECTED
    assert application.status_changes.last().reason == "This is a business, not a charity."
    assert "Application not accepted" in mail.outbox[0].subject
    assert "This is a business, not a charity." in mail.outbox[0].body


def test_asking_for_information_then_the_answer_returns_it_to_the_queue(
    client, application, steering, committing
):
    client.force_login(steering)
    with committing():
        client.post(
            reverse("signatories:application", args=[application.pk]),
            {"action": "ask", "reason": "Which wards do you work in?"},
        )
    application.refresh_from_db()
    assert application.status == Signatory.Status.INFORMATION_REQUESTED
    assert "More information needed" in mail.outbox[0].subject
    assert "Which wards do you work in?" in mail.outbox[0].body

    client.force_login(application.submitted_by)
    dashboard = client.get(reverse("signatories:dashboard", args=[application.organisation.slug]))
    assert "More information requested" in dashboard.content.decode()
    with committing():
        client.post(
            reverse("signatories:answer", args=[application.organisation.slug, application.pk]),
            {"answer": "All of them."},
        )
    application.refresh_from_db()
    assert application.status == Signatory.Status.PENDING
    assert mail.outbox[-1].to == [steering.email]
    statuses = [c.to_status for c in application.status_changes.all()]
    assert statuses == ["information_requested", "pending"]


def test_withdrawal_with_a_reason_ends_champions_and_allows_signing_again(
    client, compact, committing
):
    from signatories import services
    from tests.signatories.factories import ChampionFactory

    applicant = UserFactory(email="chair@example.org")
    membership = MembershipFactory(user=applicant)
    signatory = SignatoryFactory(organisation=membership.organisation, compact=compact)
    champion = ChampionFactory(signatory=signatory)
    client.force_login(applicant)
    url = reverse("signatories:withdraw", args=[membership.organisation.slug, signatory.pk])
    assert "Enter a reason" in client.post(url, {"reason": ""}).content.decode()
    with committing():
        client.post(url, {"reason": "We are closing the service."})
    signatory.refresh_from_db()
    champion.refresh_from_db()
    assert signatory.status == Signatory.Status.WITHDRAWN
    assert champion.stepped_down_at is not None
    assert "has withdrawn from Riverside Compact" in mail.outbox[0].subject
    assert "We are closing the service." in mail.outbox[0].body
    change = signatory.status_changes.last()
    assert (change.actor, change.reason) == (applicant, "We are closing the service.")

    again = services.signatory_create(
        actor=applicant,
        organisation=membership.organisation,
        compact=compact,
        declaration={
            "signed_by_name": "Chair",
            "signed_by_role": "Chair",
            "has_read_and_discussed": True,
            "will_appoint_champion": True,
            "will_promote": True,
        },
    )
    assert again.status == Signatory.Status.PENDING
    assert membership.organisation.signatures.count() == 2


def test_a_member_who_is_not_an_administrator_cannot_withdraw(client, compact):
    member = MembershipFactory(role="member")
    signatory = SignatoryFactory(organisation=member.organisation, compact=compact)
    client.force_login(member.user)
    url = reverse("signatories:withdraw", args=[member.organisation.slug, signatory.pk])
    assert client.post(url, {"reason": "No"}).status_code == 403


def test_the_steering_group_records_a_paper_form(client, compact, steering):
    client.force_login(steering)
    url = reverse("signatories:record_on_behalf", args=[compact.slug])
    signed_on = timezone.localdate() - datetime.timedelta(days=61)
    data = {
        "name": "Riverside Police",
        "sector": "statutory",
        "kind": "police",
        "postcode": "DA6 7AT",
        "email": "police@example.org",
        "signed_by_name": "Chief Constable",
        "signed_by_role": "Chief Constable",
        "has_read_and_discussed": "on",
        "will_appoint_champion": "on",
        "will_promote": "on",
        **date_boxes("signed_on", signed_on),
    }
    response = client.post(url, {**data, "postcode": "nope"})
    assert "Enter a real UK postcode" in response.content.decode()
    assert 'value="Riverside Police"' in response.content.decode()
    client.post(url, data)
    signatory = Signatory.objects.get(organisation__name="Riverside Police")
    assert signatory.status == Signatory.Status.ACTIVE
    assert signatory.recorded_on_behalf
    assert signatory.signed_on == signed_on
    assert not signatory.organisation.memberships.exists()  # the steering group is not its admin
    assert "paper form" in signatory.status_changes.get().reason


def test_only_the_steering_group_records_paper_forms(client, compact):
    client.force_login(UserFactory())
    url = reverse("signatories:record_on_behalf", args=[compact.slug])
    assert client.get(url).status_code == 404


def test_a_long_queue_comes_fifty_at_a_time_in_bounded_queries(
    client, compact, steering, django_assert_max_num_queries
):
    SignatoryFactory.create_batch(60, compact=compact, status=Signatory.Status.PENDING)
    client.force_login(steering)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("signatories:queue")).content.decode()
    assert len(re.findall(r'href="/applications/\d+/"', first)) == 50
    assert "Page 1 of 2" in first
    with django_assert_max_num_queries(8):
        second = client.get(reverse("signatories:queue"), {"page": 2}).content.decode()
    assert len(re.findall(r'href="/applications/\d+/"', second)) == 10
