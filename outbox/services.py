"""Queueing and delivering the portal's e-mail: at least once, always with the same identity.

Why this shape is in docs/adr/0003-outbox.md. In short: a service writes the
message in its own transaction (so a change and the e-mail reporting it land
together or not at all), the worker sends it, and the time of the next attempt
is kept in the row, so nothing waits in the broker.
"""

import datetime
import logging
import smtplib
from functools import partial

from django.db import DatabaseError, transaction
from django.utils import timezone

from core.emails import build_portal_email, render_portal_email
from core.exceptions import ApplicationError
from core.queue import enqueue

from .models import Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 7
SWEEP_BATCH = 500


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


def email_queue(
    *,
    to: list[str],
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
    headers: dict | None = None,
) -> Message | None:
    """Queue one e-mail from the portal's `template`; None when there is nobody to tell.

    Call it inside the transaction of the change it reports: the row commits or
    rolls back with that change. Delivery is handed to the worker after commit;
    if the broker is down the sweep finds the row anyway.
    """
    if not any(to):
        return None
    subject, text, html = render_portal_email(template=template, context=context)
    return email_queue_rendered(
        to=to,
        template=template,
        subject=subject,
        text=text,
        html=html,
        reply_to=reply_to,
        headers=headers,
    )


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
    message = Message.objects.create(
        template=template,
        to=recipients,
        reply_to=list(reply_to or []),
        headers=dict(headers or {}),
        subject=subject,
        text=text,
        html=html,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(enqueue, "outbox.tasks.deliver", [[message.pk]]))
    return message


def message_deliver(*, message_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one due message; True if the mail server took it.

    The attempt is counted and the next one scheduled, and committed, before the
    mail server is spoken to: a worker that dies mid-exchange leaves a row that
    the sweep tries again, with the same Message-ID. A row locked by another
    worker, already sent, or not yet due is left alone. Mail errors are recorded,
    and `MailServerDown` is raised when the server itself is down (the sweep stops).
    """
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=Message.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        message.last_attempt_at = now
        message.next_attempt_at = now + retry_delay(message.attempts)
        message.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])

    try:
        email = build_portal_email(
            to=message.to,
            subject=message.subject,
            text=message.text,
            html=message.html,
            reply_to=message.reply_to,
            headers={**message.headers, "Message-ID": message.message_id},
        )
        email.send()
    except Exception as error:  # whatever the backend raises, it is this row's failure
        message_record_failure(message=message, error=error)
        if _is_server_down(error):
            raise MailServerDown(repr(error)) from error
        return False
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
        # core.smtp's backend gives the server's answer; others (tests, console) none.
        server_reply=getattr(email, "server_reply", "") or "Taken by the mail backend",
    )
    return True


def message_record_failure(*, message: Message, error: Exception) -> None:
    """Keep the error; after the last attempt the message shows as failed and waits for a person."""
    give_up = message.attempts >= MAX_ATTEMPTS
    updates = {"last_error": repr(error)[:2000]}
    if give_up:
        updates.update(status=Message.Status.FAILED, next_attempt_at=None)
    Message.objects.filter(pk=message.pk, status=Message.Status.PENDING).update(**updates)
    logger.warning("E-mail %s not sent (attempt %d): %r", message.pk, message.attempts, error)


def outbox_sweep(*, now: datetime.datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Deliver every message due by `now` (up to `limit`); returns how many were sent.

    Each message is its own transaction, so one bad row (or a database error on
    it) does not hold up the others; a mail server that is down ends the batch,
    and the rows wait, due, for the next sweep.
    """
    now = now or timezone.now()
    due_ids = list(
        Message.objects.filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for position, message_id in enumerate(due_ids):
        try:
            sent += message_deliver(message_id=message_id, now=now)
        except MailServerDown:
            logger.warning("The mail server is down; %d e-mail(s) wait.", len(due_ids) - position)
            break
        except DatabaseError:
            logger.exception("E-mail %s could not be read or recorded; going on.", message_id)
    return sent


@transaction.atomic
def message_send_again(*, actor, message: Message) -> Message:
    """Try a late or failed message now, from the administrators' list; the same Message-ID."""
    from .permissions import can_watch_outbox

    if not can_watch_outbox(actor):
        raise ApplicationError("Only the portal's administrators can send e-mails again.")
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
