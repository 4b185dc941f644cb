"""The sweep: find what is due with the index, record each reminder once, queue its e-mail."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from .. import kinds
from ..models import Deadline, Reminder, ReminderPreference
from .delivery import reminders_queue_emails
from .scheduling import _moments, _next_remind_at

logger = logging.getLogger(__name__)


# -- The sweep ----------------------------------------------------------------------


@dataclass
class SweepResult:
    deadlines: int = 0
    closed: int = 0
    reminders: int = 0
    to_send: list[int] = field(default_factory=list)
    # Pending reminders found without an e-mail (recorded before the outbox took over).
    requeued: list[int] = field(default_factory=list)


def reminders_sweep(*, now: datetime.datetime | None = None, batch_size: int = 500) -> SweepResult:
    """Record every reminder that is due and queue its e-mail; returns what it did.

    Reads only deadlines whose `next_remind_at` has come (a partial index), in
    batches of `batch_size`, each batch in its own transaction with the outbox
    rows of its e-mails, so a reminder is never recorded without its e-mail. On
    PostgreSQL the rows are locked with SKIP LOCKED, so two sweeps at once share
    the work instead of doubling it; the unique constraint on Reminder refuses any
    second reminder whatever happens. The outbox delivers, retries and records.
    """
    now = now or timezone.now()
    result = SweepResult()
    while True:
        with transaction.atomic():
            batch = list(
                Deadline.objects.select_for_update(skip_locked=True)
                .filter(next_remind_at__lte=now)
                .order_by("next_remind_at", "id")[:batch_size]
            )
            if not batch:
                break
            to_send = _remind_batch(batch, now, result)
            result.to_send.extend(to_send)
            reminders_queue_emails(reminder_ids=to_send, now=now)
    with transaction.atomic():
        result.requeued = _unqueued_reminder_ids()
        reminders_queue_emails(reminder_ids=result.requeued, now=now)
    return result


def _remind_batch(batch: list[Deadline], now: datetime.datetime, result: SweepResult) -> list[int]:
    """Record the reminders of one locked batch; returns the ids to e-mail at once."""
    today = timezone.localdate(now)
    by_kind: dict[str, list[Deadline]] = {}
    for deadline in batch:
        by_kind.setdefault(deadline.kind, []).append(deadline)
    recipients: kinds.Recipients = {}
    for kind, deadlines in by_kind.items():
        recipients.update(kinds.recipients_for(kind, deadlines))

    user_ids = {user_id for people in recipients.values() if people for user_id, _ in people}
    preferences = {
        (user_id, kind): delivery
        for user_id, kind, delivery in ReminderPreference.objects.filter(
            user_id__in=user_ids, kind__in=by_kind
        ).values_list("user_id", "kind", "delivery")
    }
    status_for = {
        Reminder.Delivery.IMMEDIATE: Reminder.Status.PENDING,
        Reminder.Delivery.DIGEST: Reminder.Status.DIGEST,
        Reminder.Delivery.OFF: Reminder.Status.NOT_EMAILED,
    }

    rows = []
    for deadline in batch:
        result.deadlines += 1
        people = recipients.get(deadline.id, [])
        if people is None:  # the source says the deadline no longer holds
            deadline.closed_at = now
            deadline.next_remind_at = None
            result.closed += 1
            continue
        passed = [
            (moment, offset)
            for moment, offset in _moments(deadline)
            if moment <= now
            and (deadline.reminded_through is None or moment > deadline.reminded_through)
        ]
        if passed:
            # After a pause only the latest moment is worth telling: one reminder, not three.
            moment, offset = passed[-1]
            deadline.reminded_through = moment
            if not kinds.is_stale(deadline.kind, offset, deadline.due_on, today):
                message = kinds.message_for(deadline.kind, deadline.title, deadline.due_on, today)
                for user_id, organisation_id in people:
                    delivery = preferences.get(
                        (user_id, deadline.kind), Reminder.Delivery.IMMEDIATE
                    )
                    rows.append(
                        (
                            deadline.id,
                            deadline.kind,
                            user_id,
                            organisation_id,
                            deadline.due_on,
                            offset,
                            message[:400],
                            status_for[delivery],
                        )
                    )
        deadline.next_remind_at = _next_remind_at(deadline)

    inserted = _insert_reminders(rows, now)
    result.reminders += len(inserted)
    _save_sweep_state(batch)
    return [pk for pk, status in inserted if status == Reminder.Status.PENDING]


# On PostgreSQL the sweep writes a whole batch with one statement and a handful of
# array parameters: a VALUES list with thousands of placeholders costs more to
# build and parse than to run.
SAVE_SWEEP_STATE_SQL = """
UPDATE reminders_deadline AS d
SET reminded_through = v.reminded_through, next_remind_at = v.next_remind_at,
    closed_at = v.closed_at
FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[])
     AS v(id, reminded_through, next_remind_at, closed_at)
WHERE d.id = v.id
"""

# ON CONFLICT DO NOTHING RETURNING: only the sweep that inserts a reminder sends it.
INSERT_REMINDERS_SQL = """
INSERT INTO reminders_reminder
    (deadline_id, kind, recipient_id, organisation_id, due_on, offset_days, message, status,
     created_at, attempts, last_error)
SELECT t.*, %s::timestamptz, 0, ''
FROM unnest(%s::bigint[], %s::varchar[], %s::bigint[], %s::bigint[], %s::date[],
            %s::smallint[], %s::varchar[], %s::varchar[])
     AS t(deadline_id, kind, recipient_id, organisation_id, due_on, offset_days, message, status)
ON CONFLICT DO NOTHING
RETURNING id, status
"""


def _save_sweep_state(batch: list[Deadline]) -> None:
    """Write back where each deadline's reminders stand, in one statement."""
    if connection.vendor != "postgresql":
        Deadline.objects.bulk_update(batch, ["reminded_through", "next_remind_at", "closed_at"])
        return
    columns = list(
        zip(
            *[(d.id, d.reminded_through, d.next_remind_at, d.closed_at) for d in batch],
            strict=True,
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(SAVE_SWEEP_STATE_SQL, [list(column) for column in columns])


def _insert_reminders(rows: list[tuple], now: datetime.datetime) -> list[tuple[int, str]]:
    """Insert the reminders the database does not already hold; returns (id, status) of those.

    Django's bulk_create(ignore_conflicts=True) cannot say which rows went in,
    and that is exactly what exactly-once needs.
    """
    if not rows:
        return []
    if connection.vendor == "postgresql":
        columns = [list(column) for column in zip(*rows, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(INSERT_REMINDERS_SQL, [now, *columns])
            return cursor.fetchall()
    # SQLite (the embedded run) speaks the same ON CONFLICT … RETURNING with VALUES.
    inserted = []
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, 0, '')"] * len(chunk))
        sql = (
            "INSERT INTO reminders_reminder (deadline_id, kind, recipient_id, organisation_id,"
            " due_on, offset_days, message, status, created_at, attempts, last_error)"
            " VALUES {values} ON CONFLICT DO NOTHING RETURNING id, status"
        ).replace("{values}", values)
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in chunk for value in (*row, now)])
            inserted.extend(cursor.fetchall())
    return inserted


def _unqueued_reminder_ids() -> list[int]:
    """Pending reminders with no e-mail: recorded before the outbox took delivery over.
    The sweep's own reminders are queued with them, so normally there are none."""
    return list(
        Reminder.objects.filter(status=Reminder.Status.PENDING, email__isnull=True)
        .order_by("created_at")
        .values_list("id", flat=True)[:5000]
    )
