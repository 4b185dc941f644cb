"""End to end through a real Celery worker and the real Redis: a reminder is e-mailed."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from reminders.models import Reminder
from reminders.sources import signatory_deadlines_refresh
from reminders.tasks import sweep
from signatories.models import Signatory

from .conftest import broker_at
from .factories import compact_with_steering_group, signed_organisation

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_on_redis_sweeps_and_delivers_a_reminder(settings, mailoutbox):
    compact, administrator, _ = compact_with_steering_group()
    signatory, _, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
    # Waiting for three weeks: the 14-day reminder is due now.
    Signatory.objects.filter(pk=signatory.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=21)
    )
    signatory.refresh_from_db()
    signatory_deadlines_refresh(signatories=[signatory])

    with broker_at(settings.TEST_REDIS_URL) as app:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=15):
            # The beat's message, through Redis; the worker sweeps, then delivers.
            sweep.delay()
            assert wait_for(lambda: len(mail.outbox) >= 1), "no reminder arrived within 30s"
            assert wait_for(lambda: Reminder.objects.filter(status=Reminder.Status.SENT).exists())

    assert [message.to for message in mailoutbox] == [[administrator.email]]
    assert "waiting for a decision" in mailoutbox[0].body
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
