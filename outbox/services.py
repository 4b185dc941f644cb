"""Queueing and delivering the portal's e-mail: at least once, always with the same identity.

Why this shape is in docs/adr/0003-outbox.md. In short: a service writes the
message in its own transaction (so a change and the e-mail reporting it land
together or not at all), the worker sends it, and the time of the next attempt
is kept in the row, so nothing waits in the broker.
"""

import datetime
import logging
import smtplib
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from core.emails import build_portal_email, render_portal_email
from core.exceptions import ApplicationError
from core.queue import enqueue

from .models import Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 7
# How often beat runs the sweep (settings.OUTBOX_SWEEP_SECONDS, a minute), and so how
# long a row a worker took and then lost (killed mid-exchange) waits before it is due
# again. Longer than one SMTP exchange (the backend's time-out is 10 seconds), so a
# slow but living worker is never overtaken by the sweep.
SWEEP_INTERVAL = datetime.timedelta(seconds=settings.OUTBOX_SWEEP_SECONDS)
DELIVERY_CHUNK = 100
# Rows claimed by one statement. Small: a worker killed mid-batch leaves the rest of
# its claim waiting one lease (not sent twice), so this bounds what a crash delays.
CLAIM_CHUNK = 25


class MailServerDown(Exception):
    """The mail server is down or unreachable: every other message would fail the same
    way, so a sweep stops its batch rather than wait out each time-out."""


def _is_server_down(error: Exception) -> bool:
    # Every SMTPException is an OSError too; a refused recipient is that message's fault.
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long after attempt number `attempts` to try again: 1, 2, 4 … minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


@dataclass
class Email:
    """One e-mail to queue with `emails_queue`: the arguments of `email_queue`."""

    to: list[str]
    template: str
    context: dict
    reply_to: list[str] = field(default_factory=list)
    headers: dict = field(default_factory=dict)
    compact_id: int | None = None


def email_queue(
    *,
    to: list[str],
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
    headers: dict | None = None,
    compact_id: int | None = None,
) -> Message | None:
    """Queue one e-mail from the portal's `template`; None when there is nobody to tell.

    Call it inside the transaction of the change it reports: the row commits or
    rolls back with that change. Delivery is handed to the worker after commit;
    if the broker is down the sweep finds the row anyway. `compact_id` names the
    compact whose steering group sees the e-mail if it is late.
    """
    email = Email(
        to=to,
        template=template,
        context=context,
        reply_to=list(reply_to or []),
        headers=dict(headers or {}),
        compact_id=compact_id,
    )
    return emails_queue([email])[0]


def email_queue_rendered(
    *,
    to: list[str],
    template: str,
    subject: str,
    text: str,
    html: str = "",
    reply_to: list[str] | None = None,
    headers: dict | None = None,
) -> Message | None:
    """Queue an e-mail rendered elsewhere (allauth's, by `accounts.adapter`); as `email_queue`.

    `template` only names the kind of e-mail, for the record and the late list.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    message = Message(
        template=template,
        to=recipients,
        reply_to=list(reply_to or []),
        headers=dict(headers or {}),
        subject=subject,
        text=text,
        html=html,
    )
    return _queue([message])[0]


def emails_queue(emails: list[Email]) -> list[Message | None]:
    """Queue many e-mails in one statement (the reminders' sweep); one Message, or None
    for an e-mail with nobody to tell, per item, in order. Same contract as `email_queue`."""
    rows: list[Message | None] = []
    for email in emails:
        recipients = sorted({address for address in email.to if address})
        if not recipients:
            rows.append(None)
            continue
        subject, text, html = render_portal_email(template=email.template, context=email.context)
        rows.append(
            Message(
                template=email.template,
                to=recipients,
                reply_to=email.reply_to,
                headers=email.headers,
                subject=subject,
                text=text,
                html=html,
                compact_id=email.compact_id,
            )
        )
    _queue([row for row in rows if row is not None])
    return rows


def _queue(messages: list[Message]) -> list[Message]:
    """Write `messages`, due now, and hand them to the worker after commit: one task for
    one e-mail, a `deliver_many` per hundred for more."""
    now = timezone.now()
    for message in messages:
        message.next_attempt_at = now
    created = Message.objects.bulk_create(messages)
    ids = [message.pk for message in created]
    if len(ids) == 1:
        transaction.on_commit(partial(enqueue, "outbox.tasks.deliver", [ids]))
    elif ids:
        chunks = [
            [ids[start : start + DELIVERY_CHUNK]] for start in range(0, len(ids), DELIVERY_CHUNK)
        ]
        transaction.on_commit(partial(enqueue, "outbox.tasks.deliver_many", chunks))
    return created


def _claim(
    now: datetime.datetime, *, ids: list[int] | None = None, limit: int = CLAIM_CHUNK
) -> list[Message]:
    """Count an attempt on, and lease for one sweep interval, up to `limit` messages due by
    `now` (of `ids`, if given), in one committed statement; returns them oldest first.

    Rows locked by another worker are skipped, not waited for, and sent, failed or not
    yet due rows are left alone. The lease runs from the clock, not from `now`: a
    sweep's `now` is when it started, and a lease already over when taken would let a
    second worker send too."""
    claimed_at = timezone.now()
    table = Message._meta.db_table
    only_ids = "AND id = ANY(%(ids)s)" if ids is not None else ""
    sql = f"""
        UPDATE {table}
        SET attempts = attempts + 1, last_attempt_at = %(at)s, next_attempt_at = %(lease)s
        WHERE id IN (
            SELECT id FROM {table}
            WHERE status = %(pending)s AND next_attempt_at <= %(now)s {only_ids}
            ORDER BY next_attempt_at, id
            LIMIT %(limit)s
            FOR UPDATE SKIP LOCKED
        )
        RETURNING *
    """  # noqa: S608 (the table name is the model's own)
    params = {
        "at": claimed_at,
        "lease": claimed_at + SWEEP_INTERVAL,
        "pending": Message.Status.PENDING,
        "now": now,
        "ids": list(ids or []),
        "limit": limit,
    }
    # Outside a transaction the statement commits by itself (one round trip); inside a
    # caller's, it is a savepoint so an error leaves the caller's transaction usable.
    with _own_transaction():
        claimed = list(Message.objects.raw(sql, params))
    return sorted(claimed, key=lambda message: (message.created_at, message.pk))


def _own_transaction():
    """A savepoint inside a caller's transaction; outside one, nothing: a single
    statement in autocommit is already its own transaction, and BEGIN/COMMIT would
    double its round trips."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def _release(messages: list[Message]) -> None:
    """Give back claimed rows that were never put to the mail server (it is down, or the
    lease is running out): the attempt is not counted and they are due at once."""
    if messages:
        with _own_transaction():
            Message.objects.filter(
                pk__in=[message.pk for message in messages], status=Message.Status.PENDING
            ).update(attempts=F("attempts") - 1, next_attempt_at=timezone.now())


def _send(message: Message, mailer) -> bool:
    """Put one claimed message to the mail server and record the answer; True if taken.
    Raises `MailServerDown` (after recording) when the server itself is down."""
    try:
        email = build_portal_email(
            to=message.to,
            subject=message.subject,
            text=message.text,
            html=message.html,
            reply_to=message.reply_to,
            headers={**message.headers, "Message-ID": message.message_id},
        )
        mailer.open()  # once per batch: a no-op while the connection is open
        mailer.send_messages([email])
    except Exception as error:  # whatever the backend raises, it is this row's failure
        message_record_failure(message=message, error=error)
        if _is_server_down(error):
            raise MailServerDown(repr(error)) from error
        return False
    # Recorded at once, one statement per message: a worker killed now sends again at
    # most the one message in flight, not the batch.
    with _own_transaction():
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SENT,
            sent_at=timezone.now(),
            next_attempt_at=None,
            last_error="",
            # core.smtp's backend gives the server's answer; others (tests, console) none.
            server_reply=getattr(email, "server_reply", "") or "Taken by the mail backend",
        )
    return True


@dataclass
class Delivery:
    """What one batch came to: how many the server took, and whether to go on (False
    when the mail server is down or the lease ran short, and the rest were given back)."""

    sent: int = 0
    go_on: bool = True


def _deliver_claimed(messages: list[Message], mailer) -> Delivery:
    """Send claimed `messages` over `mailer`, one by one, each recorded on its own: one
    bad row (or a database error on it) does not hold up the others."""
    delivery = Delivery()
    # Stop well inside the lease (one SMTP time-out to spare), so no other worker ever
    # takes a row of this batch while this one could still be sending it.
    stop_at = time.monotonic() + SWEEP_INTERVAL.total_seconds() / 2
    for position, message in enumerate(messages):
        if time.monotonic() > stop_at:
            _release(messages[position:])
            delivery.go_on = False
            break
        try:
            delivery.sent += _send(message, mailer)
        except MailServerDown:
            logger.warning("The mail server is down; %d e-mail(s) wait.", len(messages) - position)
            _release(messages[position + 1 :])
            delivery.go_on = False
            break
        except DatabaseError:
            logger.exception("E-mail %s could not be read or recorded; going on.", message.pk)
            _drop_broken_connection()
    return delivery


def message_deliver(*, message_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one due message; True if the mail server took it.

    The attempt is counted, and the row leased for one sweep interval, in a
    committed statement before the mail server is spoken to: a worker that dies
    mid-exchange leaves a row a later sweep tries again, with the same Message-ID.
    A row locked by another worker, already sent, or not yet due is left alone.
    Mail errors are recorded (the next try backs off), and `MailServerDown` is
    raised when the server itself is down.
    """
    claimed = _claim(now or timezone.now(), ids=[message_id], limit=1)
    if not claimed:
        return False
    mailer = mail.mailers.default
    try:
        return _send(claimed[0], mailer)
    finally:
        mailer.close()


def message_record_failure(*, message: Message, error: Exception) -> None:
    """Keep the error. A message the server refused backs off (1, 2, 4 … minutes) and,
    after the last attempt, shows as failed and waits for a person. A server that is
    down is no fault of the message: the attempt is not counted and the message is due
    again at once, so it goes with the next sweep after the server is back, however
    long it was down."""
    now = timezone.now()
    updates = {"last_error": repr(error)[:2000]}
    if _is_server_down(error):
        updates.update(attempts=F("attempts") - 1, next_attempt_at=now)
    elif message.attempts >= MAX_ATTEMPTS:
        updates.update(status=Message.Status.FAILED, next_attempt_at=None)
    else:
        updates.update(next_attempt_at=now + retry_delay(message.attempts))
    with transaction.atomic():
        Message.objects.filter(pk=message.pk, status=Message.Status.PENDING).update(**updates)
    logger.warning("E-mail %s not sent (attempt %d): %r", message.pk, message.attempts, error)


def messages_deliver(*, message_ids: list[int], now: datetime.datetime | None = None) -> int:
    """Send each of `message_ids` that is due, over one mail connection; returns how many
    went. The rows are claimed a chunk at a time in one statement each; each is
    recorded on its own (see `_deliver_claimed`); a mail server that is down ends the
    batch, and the rows wait, due, for the next sweep."""
    now = now or timezone.now()
    mailer = mail.mailers.default
    sent = 0
    try:
        for start in range(0, len(message_ids), CLAIM_CHUNK):
            chunk = message_ids[start : start + CLAIM_CHUNK]
            delivery = _deliver_claimed(_claim(now, ids=chunk, limit=len(chunk)), mailer)
            sent += delivery.sent
            if not delivery.go_on:
                break
    finally:
        mailer.close()
    return sent


def _drop_broken_connection() -> None:
    """After a database error outside any transaction, close a connection that died
    (a restarted server, a killed backend) so the next row opens a fresh one."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def outbox_sweep(*, now: datetime.datetime | None = None) -> int:
    """Deliver every message due by `now`; returns how many were sent.

    Due means new, backing off after an error and now due again, or leased by a
    worker that died (the lease is one sweep interval). The sweep claims a chunk at a
    time and keeps going while rows are due, for at most one sweep interval (then the
    next sweep, perhaps on another worker, carries on): a backlog after a fault is
    cleared within about one interval, however large, by as many workers as sweep.
    Two workers sweeping at once share the rows (the claim skips locked rows).
    """
    now = now or timezone.now()
    give_up_at = time.monotonic() + SWEEP_INTERVAL.total_seconds()
    mailer = mail.mailers.default
    sent = 0
    try:
        while time.monotonic() < give_up_at:
            try:
                claimed = _claim(now)
            except DatabaseError:
                _drop_broken_connection()
                raise
            if not claimed:
                break
            delivery = _deliver_claimed(claimed, mailer)
            sent += delivery.sent
            if not delivery.go_on:
                break
    finally:
        mailer.close()
    return sent


@transaction.atomic
def message_send_again(*, actor, message: Message) -> Message:
    """Try a late or failed message now, from the late e-mails page; the same Message-ID."""
    from .permissions import can_send_again

    if not can_send_again(actor, message):
        raise ApplicationError(
            "Only the portal's administrators and the compact's steering group can send "
            "this e-mail again."
        )
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status == Message.Status.SENT:
        raise ApplicationError("This e-mail has already been sent.")
    message.status = Message.Status.PENDING
    if message.attempts >= MAX_ATTEMPTS:
        message.attempts = 0  # a person asked: it gets a full set of tries again
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(partial(enqueue, "outbox.tasks.deliver", [[message.pk]]))
    return message
