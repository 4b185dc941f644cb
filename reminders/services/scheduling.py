"""Deadlines: when to remind, scheduled and closed by the other apps' services."""

import datetime
import logging
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError
from core.queue import enqueue as _enqueue

from .. import kinds
from ..models import Deadline, Kind, ReminderSettings

logger = logging.getLogger(__name__)


# Reminders go out in the morning, local time, on the day they fall due.
REMINDER_HOUR = 8


# -- Reading a compact's settings -------------------------------------------------


def reminder_settings_for(compact) -> ReminderSettings:
    """The compact's reminder settings, created with the defaults the first time."""
    reminder_settings, _ = ReminderSettings.objects.get_or_create(compact=compact)
    return reminder_settings


def remind_moment(due_on: datetime.date, offset_days: int) -> datetime.datetime:
    """When a reminder `offset_days` before `due_on` goes out: REMINDER_HOUR, local time."""
    day = due_on - datetime.timedelta(days=offset_days)
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(REMINDER_HOUR), tzinfo=zone)


def _moments(deadline: Deadline) -> list[tuple[datetime.datetime, int]]:
    return sorted((remind_moment(deadline.due_on, offset), offset) for offset in deadline.offsets)


def _next_remind_at(deadline: Deadline) -> datetime.datetime | None:
    """The first reminder moment not yet handled, even if it has passed (the sweep sends it)."""
    for moment, _offset in _moments(deadline):
        if deadline.reminded_through is None or moment > deadline.reminded_through:
            return moment
    return None


# -- Scheduling, called by the other apps' services ---------------------------------


@transaction.atomic
def deadline_schedule(
    *,
    kind: str,
    obj,
    compact,
    due_on: datetime.date,
    title: str,
    url: str,
    organisation=None,
    key: str = "",
    now: datetime.datetime | None = None,
    remind_now: bool = True,
) -> Deadline:
    """Record (or move) the deadline of `kind` for `obj`, and when to remind about it.

    Safe to call again with the same values: nothing changes and nothing is sent
    twice. A changed `due_on` starts the reminders afresh for the new date. A
    reminder already due is swept straight after the caller's transaction commits,
    unless `remind_now` is False (reminders.sources, which run just before a sweep).
    """
    if kind not in Kind.values:
        raise ApplicationError(f"There is no kind of reminder called {kind!r}.")
    now = now or timezone.now()
    offsets = kinds.offsets_for(kind, reminder_settings_for(compact))
    content_type = ContentType.objects.get_for_model(obj)
    deadline, created = Deadline.objects.select_for_update().get_or_create(
        kind=kind,
        content_type=content_type,
        object_id=obj.pk,
        key=key,
        defaults={
            "compact": compact,
            "organisation": organisation,
            "title": title[:300],
            "url": url,
            "due_on": due_on,
            "offsets": offsets,
        },
    )
    if not created:
        if deadline.due_on != due_on:
            deadline.reminded_through = None
        deadline.compact = compact
        deadline.organisation = organisation
        deadline.title = title[:300]
        deadline.url = url
        deadline.due_on = due_on
        deadline.offsets = offsets
        deadline.closed_at = None
    deadline.next_remind_at = _next_remind_at(deadline)
    deadline.save()
    if remind_now and deadline.next_remind_at is not None and deadline.next_remind_at <= now:
        transaction.on_commit(partial(_enqueue, "reminders.tasks.sweep", [[]]))
    return deadline


@transaction.atomic
def deadline_close(*, kind: str, obj, key: str | None = None) -> int:
    """Stop reminding about `obj`'s deadline of `kind` (all its keys when `key` is None).

    Returns how many deadlines were closed; reminders already sent stay on record.
    """
    deadlines = Deadline.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        closed_at__isnull=True,
    )
    if key is not None:
        deadlines = deadlines.filter(key=key)
    return deadlines.update(closed_at=timezone.now(), next_remind_at=None)


@transaction.atomic
def reminder_settings_update(*, actor, reminder_settings: ReminderSettings) -> ReminderSettings:
    """Save a compact's timings and apply them to its open deadlines.

    `reminder_settings` comes validated from the form. Deadlines keep what was
    already sent; only moments still to come follow the new days.
    """
    reminder_settings.save()
    for kind in Kind.values:
        offsets = kinds.offsets_for(kind, reminder_settings)
        open_deadlines = Deadline.objects.filter(
            compact=reminder_settings.compact, kind=kind, closed_at__isnull=True
        ).exclude(offsets=offsets)
        batch = []
        for deadline in open_deadlines.iterator(chunk_size=500):
            deadline.offsets = offsets
            deadline.next_remind_at = _next_remind_at(deadline)
            batch.append(deadline)
            if len(batch) == 500:
                Deadline.objects.bulk_update(batch, ["offsets", "next_remind_at"])
                batch = []
        Deadline.objects.bulk_update(batch, ["offsets", "next_remind_at"])
    return reminder_settings
