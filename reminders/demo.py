"""Demo: schedule the deadlines of everything the other apps' demos made (safe to run again).

The worker's beat sweep, every five minutes, then sends what is due, to the console.
"""

from .models import Deadline
from .sources import reconcile_all


def load(stdout) -> None:
    reconcile_all()
    due = Deadline.objects.filter(next_remind_at__isnull=False).count()
    stdout.write(f"Reminders: {due} deadlines with reminders to come or due now.")
