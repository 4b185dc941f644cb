"""The admin writes through the services and cannot delete or rewrite what history depends on."""

import pytest
from allauth.mfa.models import Authenticator
from django.db.models import ProtectedError
from django.urls import reverse

from accountability.models import FundingChange
from commitments.models import CompactVersion, Principle, PublishedTextError, Undertaking
from disputes.models import TimelineEntry
from signatories.models import Signatory, SignatoryStatusChange
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.disputes.factories import case_for, make_parties
from tests.factories import (
    CompactVersionFactory,
    PrincipleFactory,
    SignatoryFactory,
    UndertakingFactory,
    UserFactory,
    published_compact,
)


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.fixture
def pending(db):
    compact = published_compact()
    return SignatoryFactory(compact=compact, status=Signatory.Status.PENDING)


def _change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def _delete_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])


def test_the_signatory_form_does_not_change_the_status(admin_client, pending):
    page = admin_client.get(_change_url(pending))
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()

    admin_client.post(
        _change_url(pending),
        {
            "status": "active",
            "signed_by_name": "Ann Other",
            "signed_by_role": "Chair",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )

    pending.refresh_from_db()
    assert pending.signed_by_name == "Ann Other"  # the form was saved
    assert pending.status == Signatory.Status.PENDING
    assert not pending.status_changes.exists()


def test_approving_in_the_admin_goes_through_the_service_and_keeps_history(admin_client, pending):
    response = admin_client.post(
        reverse("admin:signatories_signatory_changelist"),
        {"action": "approve", "_selected_action": [pending.pk]},
        follow=True,
    )

    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Signatory.Status.ACTIVE
    assert pending.verification_code  # what the service gives an approved signature
    change = pending.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == (
        "pending",
        "active",
        admin_client.admin,
    )


def test_rejecting_in_the_admin_asks_why_then_keeps_it(admin_client, pending):
    changelist = reverse("admin:signatories_signatory_changelist")
    asked = admin_client.post(changelist, {"action": "reject", "_selected_action": [pending.pk]})
    assert asked.status_code == 200
    assert "Reject the selected applications" in asked.content.decode()

    empty = admin_client.post(
        changelist, {"action": "reject", "_selected_action": [pending.pk], "apply": "1"}
    )
    assert "This field is required" in empty.content.decode()
    pending.refresh_from_db()
    assert pending.status == Signatory.Status.PENDING

    admin_client.post(
        changelist,
        {
            "action": "reject",
            "_selected_action": [pending.pk],
            "apply": "1",
            "reason": "Not a local group",
        },
    )
    pending.refresh_from_db()
    assert pending.status == Signatory.Status.REJECTED
    assert pending.status_changes.get().reason == "Not a local group"


def test_the_service_refusal_is_shown_not_forced(admin_client, pending):
    pending.status = Signatory.Status.WITHDRAWN
    pending.save()
    response = admin_client.post(
        reverse("admin:signatories_signatory_changelist"),
        {"action": "approve", "_selected_action": [pending.pk]},
        follow=True,
    )
    assert "cannot be changed this way" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Signatory.Status.WITHDRAWN


def _records_with_history():
    parties = make_parties()
    case = case_for(parties)
    entry = TimelineEntry.objects.create(case=case, kind=TimelineEntry.Kind.NOTE, body="Noted")
    signatory = parties.compact.signatories.first()
    return {
        "signatory": signatory,
        "funding change": FundingChangeFactory(compact=parties.compact),
        "consultation": ConsultationFactory(compact=parties.compact),
        "case": case,
        "timeline entry": entry,
        "compact version": parties.compact.versions.get(),
        "draft version": CompactVersionFactory(
            compact=parties.compact, number=2, status=CompactVersion.Status.DRAFT
        ),
    }


@pytest.mark.django_db
def test_the_admin_deletes_nothing_that_carries_history(admin_client):
    for name, record in _records_with_history().items():
        assert admin_client.get(_delete_url(record)).status_code == 403, name
        assert admin_client.post(_delete_url(record), {"post": "yes"}).status_code == 403, name
        assert type(record).objects.filter(pk=record.pk).exists(), name


def test_a_signatory_with_history_cannot_be_deleted_even_from_the_shell(pending):
    SignatoryStatusChange.objects.create(
        signatory=pending, compact=pending.compact, to_status="pending", organisation_name="A"
    )
    with pytest.raises(ProtectedError):
        pending.delete()


def test_a_funding_change_cannot_be_bulk_deleted_from_the_changelist(admin_client):
    change = FundingChangeFactory()
    admin_client.post(
        reverse("admin:accountability_fundingchange_changelist"),
        {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"},
    )
    assert FundingChange.objects.filter(pk=change.pk).exists()


@pytest.mark.django_db
def test_a_published_version_and_its_text_are_read_only_in_the_admin(admin_client):
    compact = published_compact()
    version = compact.versions.get()
    principle = version.principles.first()

    page = admin_client.get(_change_url(version))
    assert page.status_code == 200
    assert 'name="introduction"' not in page.content.decode()
    assert 'name="principles-0-title"' not in page.content.decode()
    admin_client.post(
        _change_url(version),
        {"label": "Rewritten", "introduction": "Rewritten", "adopted_on": "2026-03-03"},
    )
    admin_client.post(_change_url(principle), {"title": "Rewritten", "position": "1"})

    version.refresh_from_db()
    principle.refresh_from_db()
    assert version.label != "Rewritten"
    assert principle.title != "Rewritten"
    assert admin_client.get(_delete_url(principle)).status_code == 403


@pytest.mark.django_db
def test_a_draft_version_may_still_be_corrected_in_the_admin(admin_client):
    draft = CompactVersionFactory(status=CompactVersion.Status.DRAFT)
    page = admin_client.get(_change_url(draft))
    assert 'name="introduction"' in page.content.decode()


@pytest.mark.django_db
def test_the_model_refuses_to_rewrite_a_published_version():
    compact = published_compact(principles=1)
    version = compact.versions.get()
    principle = version.principles.get()
    undertaking = principle.undertakings.first()

    version.introduction = "Something else"
    with pytest.raises(PublishedTextError):
        version.save()
    version.refresh_from_db()
    version.status = CompactVersion.Status.DRAFT
    with pytest.raises(PublishedTextError):
        version.save()
    principle.title = "Something else"
    with pytest.raises(PublishedTextError):
        principle.save()
    undertaking.text = "Something else"
    with pytest.raises(PublishedTextError):
        undertaking.save()
    with pytest.raises(PublishedTextError):
        principle.delete()
    with pytest.raises(PublishedTextError):
        version.delete()
    assert Principle.objects.filter(pk=principle.pk, title="Principle 1").exists()
    assert Undertaking.objects.filter(pk=undertaking.pk).exclude(text="Something else").exists()


@pytest.mark.django_db
def test_archiving_and_drafting_still_work():
    draft = CompactVersionFactory(status=CompactVersion.Status.DRAFT)
    principle = PrincipleFactory(version=draft)
    UndertakingFactory(principle=principle)
    draft.introduction = "Corrected"
    draft.save()
    principle.title = "Corrected"
    principle.save()
    draft.status = CompactVersion.Status.PUBLISHED
    draft.save(update_fields=["status", "published_at"])
    draft.status = CompactVersion.Status.ARCHIVED
    draft.save(update_fields=["status"])
    assert CompactVersion.objects.get(pk=draft.pk).status == "archived"
