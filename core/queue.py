"""Handing work to Celery after commit, without ever failing the save that caused it."""

import logging

from celery import current_app as app

logger = logging.getLogger(__name__)


def enqueue(task_name: str, argument_lists: list[list]) -> None:
    """Hand work to Celery; a broker that is down must not fail the save.

    `argument_lists` holds one list of arguments per task to send. Callers use it
    from `transaction.on_commit`; whatever is not enqueued is found again by the
    caller's periodic sweep, which reads what is due from the database.
    """
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
