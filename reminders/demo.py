"""Demo: schedule the deadlines of everything the other apps' demos made (safe to run again).

Some are due already (accountability's demo sees to it): the worker's first sweep, which
`make run` starts straight away, sends them, to the console.
"""

from django.utils import timezone

from .models import Deadline
from .sources import reconcile_all


def load(stdout) -> None:
    reconcile_all()
    to_come = Deadline.objects.filter(next_remind_at__isnull=False)
    due_now = to_come.filter(next_remind_at__lte=timezone.now()).count()
    stdout.write(
        f"Reminders: {to_come.count()} deadlines with reminders to come, {due_now} of them "
        "due now: the worker's first sweep e-mails those (to the console, in var/celery.log)."
    )
