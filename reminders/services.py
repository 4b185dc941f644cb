"""Every write of the reminders app: scheduling deadlines, the sweep, delivery, preferences.

Other apps call `deadline_schedule` and `deadline_close` from their own services
(or reminders.sources recomputes deadlines for them); beat calls the sweep and
the digest through reminders.tasks.
"""

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.emails import send_portal_email
from core.exceptions import ApplicationError

from . import kinds
from .models import Deadline, Kind, Reminder, ReminderPreference, ReminderSettings

logger = logging.getLogger(__name__)

# Reminders go out in the morning, local time, on the day they fall due.
REMINDER_HOUR = 8
# A recorded reminder nobody has tried to send after this long lost its task
# (broker down at the time, say): the sweep enqueues it again.
UNSENT_GRACE = datetime.timedelta(minutes=10)
# Longer than the longest back-off between two delivery attempts.
RETRY_STALE_AFTER = datetime.timedelta(hours=2)
MAX_DIGEST_ATTEMPTS = 3
UNSUBSCRIBE_SALT = "reminders.unsubscribe"


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
) -> Deadline:
    """Record (or move) the deadline of `kind` for `obj`, and when to remind about it.

    Safe to call again with the same values: nothing changes and nothing is sent
    twice. A changed `due_on` starts the reminders afresh for the new date. A
    reminder already due is sent straight after the caller's transaction commits.
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
    if deadline.next_remind_at is not None and deadline.next_remind_at <= now:
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


# -- The sweep ----------------------------------------------------------------------


@dataclass
class SweepResult:
    deadlines: int = 0
    closed: int = 0
    reminders: int = 0
    to_send: list[int] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)


def reminders_sweep(
    *, now: datetime.datetime | None = None, batch_size: int = 500, enqueue: bool = True
) -> SweepResult:
    """Record every reminder that is due and enqueue its e-mail; returns what it did.

    Reads only deadlines whose `next_remind_at` has come (a partial index), in
    batches of `batch_size`, each batch in its own transaction. On PostgreSQL the
    rows are locked with SKIP LOCKED, so two sweeps at once share the work
    instead of doubling it; the unique constraint on Reminder refuses any second
    reminder whatever happens. Reminders recorded earlier whose e-mail never got
    going (the broker was down) are enqueued again.
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
            if enqueue and to_send:
                transaction.on_commit(partial(_enqueue_deliveries, to_send))
    result.requeued = _unsent_reminder_ids(now)
    if enqueue and result.requeued:
        _enqueue_deliveries(result.requeued)
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


def _unsent_reminder_ids(now: datetime.datetime) -> list[int]:
    """Reminders recorded but not sent whose task was lost (never tried, or a retry lost)."""
    return list(
        Reminder.objects.filter(status=Reminder.Status.PENDING, created_at__lt=now - UNSENT_GRACE)
        .filter(Q(attempts=0) | Q(last_attempt_at__lt=now - RETRY_STALE_AFTER))
        .order_by("created_at")
        .values_list("id", flat=True)[:5000]
    )


DELIVERY_CHUNK = 100


def _enqueue_deliveries(reminder_ids: list[int]) -> None:
    """One task per hundred reminders: publishing is the sweep's main cost, not the SQL."""
    chunks = [
        [reminder_ids[start : start + DELIVERY_CHUNK]]
        for start in range(0, len(reminder_ids), DELIVERY_CHUNK)
    ]
    _enqueue("reminders.tasks.deliver_many", chunks)


def _enqueue(task_name: str, argument_lists: list[list]) -> None:
    """Hand work to Celery after commit; a broker that is down must not fail the save.

    `argument_lists` holds one list of arguments per task to send. Whatever is
    not enqueued is found again by the next sweep.
    """
    from compact_portal.celery import app

    try:
        # A bounded connect: kombu would otherwise retry for minutes while the user waits.
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            for args in argument_lists:
                app.send_task(task_name, args=args, connection=broker, retry=False)
    except Exception:  # the broker's errors are many (kombu, redis, OSError)
        logger.warning(
            "Could not reach the message broker to enqueue %d %s task(s); "
            "the next sweep will pick up what they were for.",
            len(argument_lists),
            task_name,
            exc_info=True,
        )


# -- Delivery -----------------------------------------------------------------------


def unsubscribe_token(*, user_id: int, kinds_: list[str]) -> str:
    return signing.dumps({"u": user_id, "k": sorted(set(kinds_))}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, list[str]]:
    """(user id, kinds) from a link in a reminder; ApplicationError if it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ApplicationError(
            "This unsubscribe link is not complete or has been changed. "
            "Copy the whole link from the e-mail, or change your choices in Your reminders."
        ) from None
    known = [kind for kind in data.get("k", []) if kind in Kind.values]
    return int(data["u"]), known


def _email_context(reminders: list[Reminder], user) -> tuple[dict, dict]:
    kinds_ = sorted({reminder.kind for reminder in reminders})
    token = unsubscribe_token(user_id=user.pk, kinds_=kinds_)
    unsubscribe_url = settings.SITE_URL + reverse("reminders:unsubscribe", args=[token])
    context = {
        "user": user,
        "reminders": [
            {
                "message": reminder.message,
                "title": reminder.deadline.title,
                "link": settings.SITE_URL + reminder.deadline.url,
                "kind_label": Kind(reminder.kind).label,
            }
            for reminder in reminders
        ],
        "kind_labels": [Kind(kind).label for kind in kinds_],
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": settings.SITE_URL + reverse("reminders:preferences"),
        "reminders_url": settings.SITE_URL + reverse("reminders:list"),
    }
    # RFC 8058: mail programs show an "Unsubscribe" button that POSTs to this link.
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return context, headers


def reminder_deliver(*, reminder_id: int, now: datetime.datetime | None = None) -> bool:
    """E-mail one pending reminder; True if this call sent it.

    The row is locked while the e-mail goes, and marked sent in the same
    transaction: a second delivery of the same task (a redelivery after a worker
    was killed, the sweep's re-enqueue) finds it sent, or locked, and does nothing.
    A mail server error propagates, with nothing marked, for the task to retry.
    """
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "deadline")
            .filter(pk=reminder_id, status=Reminder.Status.PENDING)
            .first()
        )
        if reminder is None:
            return False
        context, headers = _email_context([reminder], reminder.recipient)
        context["reminder"] = context["reminders"][0]
        send_portal_email(
            to=[reminder.recipient.email],
            template="reminders_reminder",
            context=context,
            headers=headers,
        )
        reminder.status = Reminder.Status.SENT
        reminder.sent_at = now or timezone.now()
        reminder.last_attempt_at = reminder.sent_at
        reminder.attempts += 1
        reminder.save(update_fields=["status", "sent_at", "last_attempt_at", "attempts"])
    return True


def reminders_deliver_many(*, reminder_ids: list[int]) -> list[int]:
    """E-mail a batch of reminders; returns the ids left for the retrying one-by-one task.

    At the first mail server error the failing reminder's attempt is counted and
    it and every later one are handed back: no point hammering a server that is down.
    """
    from .tasks import MAIL_ERRORS

    for position, reminder_id in enumerate(reminder_ids):
        try:
            reminder_deliver(reminder_id=reminder_id)
        except MAIL_ERRORS as error:
            reminder_record_failure(reminder_id=reminder_id, error=repr(error), give_up=False)
            return reminder_ids[position:]
    return []


def reminder_record_failure(*, reminder_id: int, error: str, give_up: bool) -> None:
    """Count a failed attempt; after the last one the reminder shows as failed to administrators."""
    Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.PENDING).update(
        attempts=F("attempts") + 1,
        last_error=error[:2000],
        last_attempt_at=timezone.now(),
        status=Reminder.Status.FAILED if give_up else Reminder.Status.PENDING,
    )


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt: 1, 2, 4, 8… minutes, at most an hour."""
    return min(60 * 2**retries, 3600)


@transaction.atomic
def reminder_retry(*, actor, reminder: Reminder) -> Reminder:
    """Try a failed reminder again, from the administrators' list."""
    from .permissions import can_manage_reminders

    if not can_manage_reminders(actor, reminder.deadline.compact):
        raise ApplicationError("Only the compact's steering group can send reminders again.")
    if reminder.status != Reminder.Status.FAILED:
        raise ApplicationError("This reminder is not waiting to be sent again.")
    reminder.status = Reminder.Status.PENDING
    reminder.attempts = 0
    reminder.save(update_fields=["status", "attempts"])
    transaction.on_commit(partial(_enqueue, "reminders.tasks.deliver", [[reminder.pk]]))
    return reminder


def reminders_send_digests(*, now: datetime.datetime | None = None) -> int:
    """Send each person who chose a digest one e-mail with their waiting reminders.

    Returns the number of e-mails sent. One person's failing address does not
    stop the others; their reminders wait for the next day, and are marked
    failed after MAX_DIGEST_ATTEMPTS days.
    """
    now = now or timezone.now()
    user_ids = list(
        Reminder.objects.filter(status=Reminder.Status.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by()
    )
    sent = 0
    for user_id in user_ids:
        try:
            sent += reminder_digest_deliver(user_id=user_id, now=now)
        except Exception as error:  # noqa: BLE001 - any mail error; recorded, retried tomorrow
            logger.warning("The daily digest for user %s could not be sent: %r", user_id, error)
            waiting = Reminder.objects.filter(recipient_id=user_id, status=Reminder.Status.DIGEST)
            waiting.update(
                attempts=F("attempts") + 1, last_error=repr(error)[:2000], last_attempt_at=now
            )
            waiting.filter(attempts__gte=MAX_DIGEST_ATTEMPTS).update(status=Reminder.Status.FAILED)
    return sent


def reminder_digest_deliver(*, user_id: int, now: datetime.datetime) -> int:
    """One person's digest: lock their waiting reminders, e-mail them together, mark them sent."""
    with transaction.atomic():
        reminders = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "deadline")
            .filter(recipient_id=user_id, status=Reminder.Status.DIGEST)
            .order_by("deadline__due_on", "id")
        )
        if not reminders:
            return 0
        user = reminders[0].recipient
        context, headers = _email_context(reminders, user)
        send_portal_email(
            to=[user.email], template="reminders_digest", context=context, headers=headers
        )
        Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
            status=Reminder.Status.SENT,
            sent_at=now,
            last_attempt_at=now,
            attempts=F("attempts") + 1,
        )
    return 1


# -- Preferences --------------------------------------------------------------------


@transaction.atomic
def reminder_preference_set(*, user, kind: str, delivery: str) -> ReminderPreference:
    """Choose how `user` hears about `kind`: each at once, a daily digest, or the portal only."""
    if kind not in Kind.values:
        raise ApplicationError("Choose a kind of reminder from the list.", field="kind")
    if delivery not in Reminder.Delivery.values:
        raise ApplicationError("Choose how you want to hear about it.", field="delivery")
    preference, _ = ReminderPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )
    return preference


@transaction.atomic
def reminders_unsubscribe(*, token: str) -> tuple[int, list[str]]:
    """Stop e-mails for the kinds in an unsubscribe link; they still show on the portal."""
    from accounts.models import User

    user_id, kinds_ = read_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise ApplicationError("This unsubscribe link belongs to an account that has closed.")
    for kind in kinds_:
        reminder_preference_set(user=user, kind=kind, delivery=Reminder.Delivery.OFF)
    return user_id, kinds_
