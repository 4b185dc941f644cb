"""Thin tasks: no retries in the broker; the next attempt's time is in the row."""

from contextlib import suppress

from celery import shared_task

from . import services


@shared_task(name="outbox.tasks.deliver", acks_late=True, ignore_result=True)
def deliver(message_id: int) -> None:
    """Send one e-mail now if it is due; a failure is recorded and the sweep tries again."""
    # The error is on the row already; the sweep tries again when the row is due.
    with suppress(services.MailServerDown):
        services.message_deliver(message_id=message_id)


@shared_task(name="outbox.tasks.deliver_many", acks_late=True, ignore_result=True)
def deliver_many(message_ids: list[int]) -> None:
    """Send a batch queued together (the reminders' sweep) over one mail connection."""
    services.messages_deliver(message_ids=message_ids)


@shared_task(name="outbox.tasks.sweep", acks_late=True, ignore_result=True)
def sweep() -> None:
    """Every minute (beat): send whatever is due, new, backing off, or left by a lost worker."""
    services.outbox_sweep()
