"""What reminders adds to "Your tasks" (see core.todo): reminders that could not be sent."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from core.roles import STEERING
from core.todo import Task, counted

from .models import Reminder


def tasks(user, roles, today) -> list[Task]:
    """For steering groups: the reminders of their compacts that failed, one task per compact.
    One query."""
    compact_ids = roles.compact_ids(STEERING)
    if not compact_ids:
        return []
    failed = (
        Reminder.objects.filter(status=Reminder.Status.FAILED, deadline__compact_id__in=compact_ids)
        .values("deadline__compact__name")
        .annotate(number=Count("id"), first=Min("created_at"))
        .order_by("deadline__compact__name")
    )
    return [
        Task(
            title=f"{counted(row['number'], 'reminder')} for {row['deadline__compact__name']} "
            "could not be e-mailed",
            url=reverse("reminders:failed"),
            count=row["number"],
            detail=f"Check the addresses and send again; the first failed on "
            f"{timezone.localdate(row['first']):%-d %B %Y}",
        )
        for row in failed
    ]
