"""E-mailing reminders: one at a time with retries, or a daily digest; and preferences."""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core.emails import send_portal_email
from core.exceptions import ApplicationError

from ..models import Kind, Reminder, ReminderPreference
from .queue import _enqueue

logger = logging.getLogger(__name__)

MAX_DIGEST_ATTEMPTS = 3
UNSUBSCRIBE_SALT = "reminders.unsubscribe"


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
    from ..tasks import MAIL_ERRORS

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
    from ..permissions import can_manage_reminders

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
