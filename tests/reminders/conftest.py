import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest

from compact_portal.celery import app as celery_app

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=12, minute=0):
    """An aware moment, London time, to travel to."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def deliver_pending():
    """Send the reminders' e-mails the outbox holds, as the worker would; returns the ids
    that went. Other e-mails (the services' own notices) are left for their own tests."""
    from outbox.models import Message
    from outbox.services import messages_deliver

    ids = list(
        Message.objects.filter(status=Message.Status.PENDING, template__startswith="reminders_")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Whatever its time: these tests are about what is queued, not the back-off.
    Message.objects.filter(pk__in=ids).update(
        next_attempt_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    messages_deliver(message_ids=ids)
    return list(
        Message.objects.filter(pk__in=ids, status=Message.Status.SENT).values_list("pk", flat=True)
    )


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
