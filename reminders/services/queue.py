"""Handing work to Celery after commit, without ever failing the save that caused it."""

from core.queue import enqueue as _enqueue

DELIVERY_CHUNK = 100


def _enqueue_deliveries(reminder_ids: list[int]) -> None:
    """One task per hundred reminders: publishing is the sweep's main cost, not the SQL."""
    chunks = [
        [reminder_ids[start : start + DELIVERY_CHUNK]]
        for start in range(0, len(reminder_ids), DELIVERY_CHUNK)
    ]
    _enqueue("reminders.tasks.deliver_many", chunks)
