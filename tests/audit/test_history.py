"""The database keeps a history of the records trust depends on, whoever writes to them."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import FORMER_MEMBER, NOBODY
from commitments.models import CompactVersion
from disputes.models import TimelineEntry
from signatories.models import Signatory
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.disputes.factories import case_for, make_parties
from tests.factories import (
    MembershipFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)


@pytest.fixture
def compact(db):
    return published_compact(name="Riverside Compact", principles=1)


@pytest.fixture
def steering(compact):
    return SteeringGroupMemberFactory(compact=compact, user__full_name="Sue Steer").user


def _events_of(record):
    return AuditEvent.objects.filter(table_name=record._meta.db_table, row_id=str(record.pk))


def test_a_queryset_update_leaves_a_trace_with_old_and_new(compact):
    signatory = SignatoryFactory(compact=compact, status=Signatory.Status.PENDING)

    Signatory.objects.filter(pk=signatory.pk).update(status=Signatory.Status.ACTIVE)

    event = _events_of(signatory).get(operation="UPDATE")
    assert event.old_row["status"] == "pending"
    assert event.new_row["status"] == "active"
    assert event.compact_id == compact.pk
    assert event.user_id is None  # not a request: the shell, a command, a task


def test_raw_sql_and_deletes_leave_a_trace_too(compact):
    funding_change = FundingChangeFactory(compact=compact)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accountability_fundingchange SET new_annual_amount = 0 WHERE id = %s",
            [funding_change.pk],
        )
    consultation = ConsultationFactory(compact=compact)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accountability_consultation WHERE id = %s", [consultation.pk])

    changed = _events_of(funding_change).get(operation="UPDATE")
    assert changed.old_row["new_annual_amount"] == 12000
    assert changed.new_row["new_annual_amount"] == 0
    deleted = _events_of(consultation).get(operation="DELETE")
    assert deleted.old_row["title"] == consultation.title
    assert deleted.new_row is None
    assert deleted.compact_id == compact.pk


def test_each_tracked_record_is_filed_under_its_compact(db):
    parties = make_parties(principles=1)
    case = case_for(parties)
    entry = TimelineEntry.objects.create(case=case, kind=TimelineEntry.Kind.NOTE, body="Noted")
    version = parties.compact.versions.get()
    principle = version.principles.get()
    undertaking = principle.undertakings.first()
    signatory = parties.compact.signatories.first()
    status_change = signatory.status_changes.create(
        compact=parties.compact, to_status="active", organisation_name="X"
    )

    for record in (case, entry, version, principle, undertaking, signatory, status_change):
        event = _events_of(record).get(operation="INSERT")
        assert event.compact_id == parties.compact.pk, record


def test_a_save_that_changes_nothing_is_no_event(compact):
    signatory = SignatoryFactory(compact=compact)
    signatory.save()
    assert list(_events_of(signatory).values_list("operation", flat=True)) == ["INSERT"]


def test_the_history_itself_cannot_be_rewritten(compact):
    SignatoryFactory(compact=compact)
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(user_id=1)
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, user_id=None).exists()


def test_a_change_made_on_a_page_names_the_person(client, compact, steering):
    signatory = SignatoryFactory(compact=compact, status=Signatory.Status.PENDING)
    client.force_login(steering)

    response = client.post(
        reverse("signatories:application", args=[signatory.pk]), {"action": "approve"}
    )

    assert response.status_code == 302
    event = _events_of(signatory).get(operation="UPDATE")
    assert event.user_id == steering.pk
    assert event.new_row["status"] == "active"
    # The request is over: what runs next on the connection is nobody's.
    Signatory.objects.filter(pk=signatory.pk).update(signed_by_role="Treasurer")
    assert _events_of(signatory).filter(operation="UPDATE").latest("id").user_id is None


def test_the_steering_group_reads_the_history_in_words(client, compact, steering):
    signatory = SignatoryFactory(
        compact=compact, status=Signatory.Status.PENDING, organisation__name="Oak Youth Club"
    )
    Signatory.objects.filter(pk=signatory.pk).update(status=Signatory.Status.ACTIVE)
    client.force_login(steering)

    response = client.get(reverse("audit:compact", args=[compact.slug]))

    assert response.status_code == 200
    assert response.templates[0].name == "audit/compact_history.html"
    page = response.content.decode()
    assert f"Signatory {signatory.pk}: changed" in page
    assert "Waiting for approval" in page and "Active" in page
    assert NOBODY in page
    assert f"Compact version {compact.versions.get().pk}: created" in page


def test_the_history_names_a_person_whose_account_went_as_a_former_member(
    client, compact, steering
):
    gone = UserFactory()
    signatory = SignatoryFactory(compact=compact, status=Signatory.Status.PENDING)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('audit.user_id', %s, false)", [str(gone.pk)])
        cursor.execute(
            "UPDATE signatories_signatory SET status = 'active' WHERE id = %s", [signatory.pk]
        )
        cursor.execute("SELECT set_config('audit.user_id', '', false)")
    gone.delete()
    client.force_login(steering)

    page = client.get(reverse("audit:compact", args=[compact.slug])).content.decode()

    assert FORMER_MEMBER in page


def test_the_page_can_show_one_kind_of_record(client, compact, steering):
    signatory = SignatoryFactory(compact=compact)
    client.force_login(steering)

    url = reverse("audit:compact", args=[compact.slug])
    page = client.get(url, {"record": "disputes_case"}).content.decode()

    assert f"Signatory {signatory.pk}" not in page
    assert "No changes have been recorded to this kind of record yet." in page
    assert f"Signatory {signatory.pk}" in client.get(url, {"record": "nonsense"}).content.decode()


def test_no_one_else_reads_a_compacts_history(client, compact):
    url = reverse("audit:compact", args=[compact.slug])
    assert client.get(url).status_code == 302  # to sign in

    member = MembershipFactory().user
    SignatoryFactory(compact=compact, organisation=member.memberships.get().organisation)
    other_steering = SteeringGroupMemberFactory().user
    for outsider in (member, other_steering):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
    assert client.get(reverse("audit:compact", args=["no-such-compact"])).status_code == 404


def test_the_page_is_paginated_and_its_queries_do_not_grow(
    client, compact, steering, django_assert_max_num_queries
):
    client.force_login(steering)
    url = reverse("audit:compact", args=[compact.slug])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for number in range(30):
        SignatoryFactory(compact=compact, signed_by_role=f"Role {number}")
    for page in (1, 2):
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url, {"page": page})
    assert response.context["paginator"].num_pages == 2
    assert len(client.get(url).context["described"]) == 25


def test_a_published_version_rewritten_in_the_database_shows_in_the_history(compact):
    version = compact.versions.get()
    CompactVersion.objects.filter(pk=version.pk).update(introduction="Quietly changed")
    event = _events_of(version).get(operation="UPDATE")
    assert event.new_row["introduction"] == "Quietly changed"
