"""Thin tasks: each calls one service. E-mail goes through the outbox, which retries."""

from celery import shared_task

from . import services, sources


@shared_task(name="reminders.tasks.sweep", acks_late=True, ignore_result=True)
def sweep() -> None:
    """Catch up with what changed, then record every reminder now due and queue its e-mail.

    Beat runs this every few minutes."""
    sources.refresh_changed()
    services.reminders_sweep()


@shared_task(name="reminders.tasks.send_digests", acks_late=True, ignore_result=True)
def send_digests() -> None:
    """Once a day: one e-mail per person who chose a digest."""
    services.reminders_send_digests()


@shared_task(name="reminders.tasks.reconcile", acks_late=True, ignore_result=True)
def reconcile() -> None:
    """Once a day: recompute deadlines whose source apps do not schedule them themselves."""
    sources.reconcile_all()
