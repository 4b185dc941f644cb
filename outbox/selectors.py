"""What the administrators and steering groups see of the outbox."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.roles import STEERING, roles_of

from .models import Message

# A message still waiting this long after it was due counts as late: the sweep
# runs every minute, so anything older has been missed or refused.
LATE_AFTER = datetime.timedelta(minutes=2)


def late_messages(*, now: datetime.datetime | None = None) -> QuerySet[Message]:
    """Failed, retrying after an error, or pending past its time; the oldest first."""
    now = now or timezone.now()
    return (
        Message.objects.exclude(status=Message.Status.SENT)
        .filter(
            Q(status=Message.Status.FAILED)
            | ~Q(last_error="")
            | Q(next_attempt_at__lt=now - LATE_AFTER)
        )
        .order_by("created_at", "pk")
    )


def oldest_undelivered_at() -> datetime.datetime | None:
    """When the oldest message still waiting to be sent was queued; None if none waits.

    Failed messages wait for a person ("Send again") and show on the late list, not here.
    """
    return (
        Message.objects.exclude(status=Message.Status.SENT)  # the partial index's condition
        .filter(status=Message.Status.PENDING)
        .order_by("status", "created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def late_messages_visible_to(*, user, now: datetime.datetime | None = None) -> QuerySet[Message]:
    """Everything late for staff; a steering-group member sees their compacts' e-mail only."""
    late = late_messages(now=now)
    if user.is_staff:
        return late
    return late.filter(compact_id__in=roles_of(user).compact_ids(STEERING))
