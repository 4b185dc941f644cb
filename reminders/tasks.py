"""Thin tasks: each takes ids, calls one service. Retry policy lives in the decorators."""

from smtplib import SMTPException

from celery import shared_task

from . import services, sources

# What a mail server that is down or refusing looks like to Django's SMTP backend.
MAIL_ERRORS = (SMTPException, OSError)


@shared_task(name="reminders.tasks.sweep", acks_late=True, ignore_result=True)
def sweep() -> None:
    """Catch up with what changed, then record and enqueue every reminder now due.

    Beat runs this every few minutes."""
    sources.refresh_changed()
    services.reminders_sweep()


@shared_task(
    name="reminders.tasks.deliver", bind=True, acks_late=True, max_retries=6, ignore_result=True
)
def deliver(self, reminder_id: int) -> None:
    """E-mail one reminder, at most once; back off and retry while the mail server fails."""
    try:
        services.reminder_deliver(reminder_id=reminder_id)
    except MAIL_ERRORS as error:
        give_up = self.request.retries >= self.max_retries
        services.reminder_record_failure(
            reminder_id=reminder_id, error=repr(error), give_up=give_up
        )
        if not give_up:
            raise self.retry(
                exc=error, countdown=services.retry_delay(self.request.retries)
            ) from error


@shared_task(name="reminders.tasks.deliver_many", acks_late=True, ignore_result=True)
def deliver_many(reminder_ids: list[int]) -> None:
    """E-mail a sweep's batch; what the mail server refuses goes on to `deliver` to retry."""
    for reminder_id in services.reminders_deliver_many(reminder_ids=reminder_ids):
        deliver.apply_async((reminder_id,), countdown=services.retry_delay(0), retries=1)


@shared_task(name="reminders.tasks.send_digests", acks_late=True, ignore_result=True)
def send_digests() -> None:
    """Once a day: one e-mail per person who chose a digest."""
    services.reminders_send_digests()


@shared_task(name="reminders.tasks.reconcile", acks_late=True, ignore_result=True)
def reconcile() -> None:
    """Once a day: recompute deadlines whose source apps do not schedule them themselves."""
    sources.reconcile_all()
