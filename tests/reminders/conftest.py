import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest

from compact_portal.celery import app as celery_app
from reminders.models import Reminder
from reminders.tasks import deliver

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=12, minute=0):
    """An aware moment, London time, to travel to."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def deliver_pending():
    """Run the delivery task, as the worker would, for every reminder waiting to be e-mailed."""
    ids = list(Reminder.objects.filter(status=Reminder.Status.PENDING).values_list("id", flat=True))
    for reminder_id in ids:
        deliver.apply(args=[reminder_id])
    return ids


@contextmanager
def broker_at(url):
    """Point the Celery app at another broker for the block, dropping its pooled connections."""
    old_url = celery_app.conf.broker_url
    old_options = celery_app.conf.broker_transport_options

    def reset_pools():
        celery_app._pool = None
        celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)

    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {}
    reset_pools()
    try:
        yield celery_app
    finally:
        celery_app.conf.broker_url = old_url
        celery_app.conf.broker_transport_options = old_options
        reset_pools()


@pytest.fixture
def flaky_mail_server(settings):
    from tests.reminders.mailers import FlakyMailServer

    settings.MAILERS = {"default": {"BACKEND": "tests.reminders.mailers.FlakyMailServer"}}
    FlakyMailServer.failures_left = 0
    FlakyMailServer.attempts = 0
    yield FlakyMailServer
    FlakyMailServer.failures_left = 0
