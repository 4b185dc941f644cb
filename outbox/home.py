"""What the outbox adds to "Your tasks" (see core.todo): e-mails that are late."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from core.roles import STEERING
from core.todo import Task, counted

from .selectors import late_messages


def tasks(user, roles, today) -> list[Task]:
    """For staff, every late e-mail; for a steering group, its compacts' late e-mails.
    One task, one query."""
    late = late_messages()
    if not user.is_staff:
        compact_ids = roles.compact_ids(STEERING)
        if not compact_ids:
            return []
        late = late.filter(compact_id__in=compact_ids)
    summary = late.order_by().aggregate(number=Count("id"), first=Min("created_at"))
    if not summary["number"]:
        return []
    return [
        Task(
            title=f"{counted(summary['number'], 'e-mail')} late or not sent",
            url=reverse("outbox:late"),
            count=summary["number"],
            detail="Check the addresses and send again; the oldest was queued on "
            f"{timezone.localdate(summary['first']):%-d %B %Y}",
        )
    ]
