"""Keeping a closed case's documents and personal details no longer than the compact says.

UK GDPR asks that personal data be kept no longer than needed. A case is evidence while
it is open and for some years after (the default, six, is the usual limitation period
for a claim in England and Wales); then its documents and personal details go, and
what the compact's figures need stays: the organisations, the principles, the stages
and their dates, the outcome and the lessons.
"""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from commitments.models import Compact

from .deadlines import settings_for
from .models import Attachment, Case, Stage, TimelineEntry

logger = logging.getLogger(__name__)

REMOVED = "Removed when the retention period ended."


def retention_cutoff(compact, *, now: datetime.datetime) -> datetime.datetime:
    """Cases of `compact` closed on or before this moment have been kept long enough."""
    return now - relativedelta(years=settings_for(compact).retention_years)


def cases_past_retention(*, now: datetime.datetime):
    """Closed cases kept past their compact's retention period, not yet cleared."""
    compacts = (
        Compact.objects.filter(
            cases__stage=Stage.CLOSED, cases__personal_details_removed_at__isnull=True
        )
        .distinct()
        .select_related("dispute_settings")
    )
    for compact in compacts:
        yield from Case.objects.filter(
            compact=compact,
            stage=Stage.CLOSED,
            personal_details_removed_at__isnull=True,
            closed_at__lte=retention_cutoff(compact, now=now),
        ).order_by("pk")


@transaction.atomic
def case_remove_personal_details(*, case: Case, now: datetime.datetime) -> None:
    """Delete the case's documents (bytes and names), and the people and words on it.

    The timeline keeps each entry's kind, stages and date; the bytes are deleted after
    commit, so a rollback never leaves a row pointing at a missing file."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    for attachment in Attachment.objects.filter(case=case).exclude(file=""):
        stored = attachment.file.name
        storage = attachment.file.storage
        transaction.on_commit(lambda name=stored, storage=storage: storage.delete(name))
        attachment.file = ""
        attachment.original_name = "Document removed"
        attachment.uploaded_by = None
        attachment.save(update_fields=["file", "original_name", "uploaded_by"])
    TimelineEntry.objects.filter(case=case).exclude(body="").update(body=REMOVED)
    TimelineEntry.objects.filter(case=case).update(author=None)
    case.raised_by = None
    case.what_happened = REMOVED
    case.what_has_been_tried = ""
    case.outcome_wanted = ""
    case.on_behalf_of_group = ""
    case.personal_details_removed_at = now
    case.save(
        update_fields=[
            "raised_by", "what_happened", "what_has_been_tried", "outcome_wanted",
            "on_behalf_of_group", "personal_details_removed_at",
        ]
    )  # fmt: skip


def closed_cases_remove_personal_details(*, now: datetime.datetime | None = None) -> int:
    """The retention sweep (Celery beat, daily): clear every closed case kept past its
    compact's retention period, each in its own transaction. Returns how many."""
    now = now or timezone.now()
    cleared = 0
    for case in cases_past_retention(now=now):
        case_remove_personal_details(case=case, now=now)
        cleared += 1
    if cleared:
        logger.info("Retention: cleared %s closed cases", cleared)
    return cleared
