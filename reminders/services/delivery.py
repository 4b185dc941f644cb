"""E-mailing reminders through the outbox, one each or a daily digest; and preferences."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ApplicationError
from outbox.services import Email, email_queue, emails_queue

from ..models import Kind, Reminder, ReminderPreference

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


def reminders_queue_emails(*, reminder_ids: list[int], now: datetime.datetime | None = None) -> int:
    """Queue one outbox e-mail per pending reminder in `reminder_ids`; returns how many.

    Call it in the transaction that recorded the reminders (the sweep's batch): a
    reminder and its e-mail commit together, so none is recorded without one. The
    outbox owns delivery from there. Rows locked elsewhere or already queued are skipped.
    """
    now = now or timezone.now()
    reminders = list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient", "deadline")
        .filter(pk__in=reminder_ids, status=Reminder.Status.PENDING, email__isnull=True)
        .order_by("pk")
    )
    emails = []
    for reminder in reminders:
        context, headers = _email_context([reminder], reminder.recipient)
        context["reminder"] = context["reminders"][0]
        emails.append(
            Email(
                to=[reminder.recipient.email],
                template="reminders_reminder",
                context=context,
                headers=headers,
                compact_id=reminder.deadline.compact_id,
            )
        )
    _mark_queued(reminders, emails_queue(emails), now)
    return len(reminders)


def _mark_queued(reminders: list[Reminder], messages: list, now: datetime.datetime) -> None:
    for reminder, message in zip(reminders, messages, strict=True):
        reminder.email = message
        reminder.status = Reminder.Status.SENT
        reminder.sent_at = now
    Reminder.objects.bulk_update(reminders, ["email", "status", "sent_at"], batch_size=500)


def reminders_send_digests(*, now: datetime.datetime | None = None) -> int:
    """Queue each person who chose a digest one e-mail with their waiting reminders.

    Returns the number of e-mails queued; the outbox delivers and retries them.
    """
    now = now or timezone.now()
    user_ids = list(
        Reminder.objects.filter(status=Reminder.Status.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by()
    )
    return sum(reminder_digest_queue(user_id=user_id, now=now) for user_id in user_ids)


@transaction.atomic
def reminder_digest_queue(*, user_id: int, now: datetime.datetime) -> int:
    """One person's digest: lock their waiting reminders and queue one e-mail for them."""
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
    compacts = {reminder.deadline.compact_id for reminder in reminders}
    message = email_queue(
        to=[user.email],
        template="reminders_digest",
        context=context,
        headers=headers,
        # A digest about one compact is that steering group's to watch; a mixed one, staff's.
        compact_id=compacts.pop() if len(compacts) == 1 else None,
    )
    _mark_queued(reminders, [message] * len(reminders), now)
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
