"""The mail server fails: retries with back-off, then a failure administrators can see."""

import pytest
import time_machine

from reminders.models import Reminder
from reminders.services import reminders_sweep, retry_delay
from reminders.tasks import deliver
from signatories.models import Signatory

from .conftest import at
from .factories import compact_with_steering_group, signed_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_reminder():
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatory, _, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        from reminders.sources import signatory_deadlines_refresh

        signatory_deadlines_refresh(signatories=[signatory])
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        [reminder_id] = reminders_sweep().to_send
    return Reminder.objects.get(pk=reminder_id), administrator


def test_a_mail_server_that_fails_twice_is_retried_and_the_reminder_sent_once(
    flaky_mail_server, due_reminder, mailoutbox
):
    reminder, administrator = due_reminder
    flaky_mail_server.failures_left = 2
    deliver.apply(args=[reminder.pk])
    assert flaky_mail_server.attempts == 3
    assert [message.to for message in mailoutbox] == [[administrator.email]]
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT
    assert reminder.attempts == 3
    assert "Connection unexpectedly closed" in reminder.last_error


def test_a_reminder_that_keeps_failing_is_recorded_as_failed_not_lost(
    flaky_mail_server, due_reminder, mailoutbox
):
    reminder, _ = due_reminder
    flaky_mail_server.failures_left = 100
    deliver.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.attempts == deliver.max_retries + 1
    assert mailoutbox == []


def test_back_off_doubles_and_stops_at_an_hour():
    assert [retry_delay(n) for n in range(8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_sweeps_batch_stops_at_the_first_mail_failure_and_hands_the_rest_on(
    flaky_mail_server, mailoutbox
):
    from reminders.services import reminders_deliver_many
    from reminders.sources import signatory_deadlines_refresh

    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatories = [
            signed_organisation(compact, status=Signatory.Status.PENDING)[0] for _ in range(3)
        ]
        signatory_deadlines_refresh(signatories=signatories)
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        ids = reminders_sweep(enqueue=False).to_send
    flaky_mail_server.failures_left = 1
    assert reminders_deliver_many(reminder_ids=ids) == ids
    assert flaky_mail_server.attempts == 1
    assert Reminder.objects.get(pk=ids[0]).attempts == 1
    # The one-by-one task takes them over; nothing is sent twice.
    for reminder_id in ids:
        deliver.apply(args=[reminder_id])
    assert reminders_deliver_many(reminder_ids=ids) == []
    assert len(mailoutbox) == 3
