"""Handing work to Celery after commit, without ever failing the save that caused it."""

import logging

logger = logging.getLogger(__name__)


DELIVERY_CHUNK = 100


def _enqueue_deliveries(reminder_ids: list[int]) -> None:
    """One task per hundred reminders: publishing is the sweep's main cost, not the SQL."""
    chunks = [
        [reminder_ids[start : start + DELIVERY_CHUNK]]
        for start in range(0, len(reminder_ids), DELIVERY_CHUNK)
    ]
    _enqueue("reminders.tasks.deliver_many", chunks)


def _enqueue(task_name: str, argument_lists: list[list]) -> None:
    """Hand work to Celery after commit; a broker that is down must not fail the save.

    `argument_lists` holds one list of arguments per task to send. Whatever is
    not enqueued is found again by the next sweep.
    """
    from compact_portal.celery import app

    try:
        # A bounded connect: kombu would otherwise retry for minutes while the user waits.
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            for args in argument_lists:
                app.send_task(task_name, args=args, connection=broker, retry=False)
    except Exception:  # the broker's errors are many (kombu, redis, OSError)
        logger.warning(
            "Could not reach the message broker to enqueue %d %s task(s); "
            "the next sweep will pick up what they were for.",
            len(argument_lists),
            task_name,
            exc_info=True,
        )
