"""Retention: a closed case's documents and personal details go when its compact's
period ends (six years unless the steering group sets another), and not a day before."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from disputes.models import Attachment, Case, DisputeSettings, Outcome, Stage, TimelineEntry
from disputes.retention import REMOVED, closed_cases_remove_personal_details
from disputes.tasks import apply_retention

from .factories import case_for, make_parties

pytestmark = pytest.mark.django_db

CLOSED_AT = datetime.datetime(2026, 3, 31, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def closed_case():
    parties = make_parties()
    case = case_for(
        parties, stage=Stage.CLOSED, outcome=Outcome.UPHELD, closed_at=CLOSED_AT,
        what_happened="Rita told us on the phone", on_behalf_of_group="Tuesday Lunch Club",
        lessons="Give notice in writing",
    )  # fmt: skip
    attachment = Attachment(
        case=case, original_name="rita-letter.pdf", extension=".pdf",
        content_type="application/pdf", size=8, uploaded_by=parties.raiser,
    )  # fmt: skip
    attachment.file.save("rita-letter.pdf", ContentFile(b"%PDF-1.4"), save=True)
    TimelineEntry.objects.create(
        case=case, kind=TimelineEntry.Kind.MESSAGE, author=parties.raiser, body="Call Rita"
    )
    TimelineEntry.objects.create(
        case=case, kind=TimelineEntry.Kind.STAGE_CHANGE, author=parties.steering,
        from_stage=Stage.IN_MEDIATION, to_stage=Stage.CLOSED,
    )  # fmt: skip
    return parties, case, attachment


def test_nothing_goes_before_six_years(closed_case):
    _, case, attachment = closed_case
    with time_machine.travel(datetime.datetime(2032, 3, 31, 14, 59, tzinfo=datetime.UTC)):
        assert closed_cases_remove_personal_details() == 0
    case.refresh_from_db()
    assert case.personal_details_removed_at is None and case.raised_by is not None
    assert attachment.file.storage.exists(attachment.file.name)


def test_after_six_years_the_documents_and_personal_details_go(
    closed_case, client, django_capture_on_commit_callbacks
):
    parties, case, attachment = closed_case
    stored = attachment.file.name
    open_case = case_for(parties, stage=Stage.ACKNOWLEDGED, what_happened="Still open")
    with time_machine.travel(datetime.datetime(2032, 3, 31, 15, 0, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):  # the bytes go after commit
            assert closed_cases_remove_personal_details() == 1
        assert closed_cases_remove_personal_details() == 0  # done once
    case.refresh_from_db()
    assert case.personal_details_removed_at is not None
    assert case.raised_by is None and case.on_behalf_of_group == ""
    assert case.what_happened == REMOVED
    # What the figures need stays.
    assert (case.stage, case.outcome, case.lessons) == (Stage.CLOSED, Outcome.UPHELD,
                                                        "Give notice in writing")  # fmt: skip
    assert case.raised_by_organisation == parties.raiser_org
    attachment.refresh_from_db()
    assert not attachment.file and attachment.original_name == "Document removed"
    assert not attachment.file.storage.exists(stored)
    entries = TimelineEntry.objects.filter(case=case)
    assert set(entries.values_list("author", flat=True)) == {None}
    assert not entries.filter(body="Call Rita").exists()
    assert entries.filter(kind=TimelineEntry.Kind.STAGE_CHANGE, to_stage=Stage.CLOSED).exists()
    assert Case.objects.get(pk=open_case.pk).what_happened == "Still open"
    # The document is no longer served; the case page still opens.
    client.force_login(parties.steering)
    document = reverse("disputes:document", kwargs={"pk": case.pk, "document_pk": attachment.pk})
    assert client.get(document).status_code == 404
    assert client.get(case.get_absolute_url()).status_code == 200


def test_the_compacts_own_period_applies(closed_case):
    parties, case, _ = closed_case
    DisputeSettings.objects.create(compact=parties.compact, retention_years=2)
    with time_machine.travel(datetime.datetime(2028, 3, 31, 15, 0, tzinfo=datetime.UTC)):
        apply_retention()  # the beat task runs the same service
    case.refresh_from_db()
    assert case.personal_details_removed_at is not None


def test_beat_runs_it_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["disputes-retention"]
    assert entry["task"] == "disputes.tasks.apply_retention"


def test_the_privacy_notice_states_each_compacts_period(client, closed_case):
    parties, _, _ = closed_case
    DisputeSettings.objects.create(compact=parties.compact, retention_years=4)
    page = client.get(reverse("core:privacy")).content.decode()
    assert "for 6 years after it closes" in page
    assert f'<td class="govuk-table__cell">{parties.compact.name}</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">4</td>' in page
