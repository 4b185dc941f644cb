"""Reminders are e-mailed through the outbox: queued with the reminder, retried by the
outbox with the next attempt's time in the database, failures shown to the compact's
steering group with "Send again"."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from outbox.models import Message
from outbox.services import MAX_ATTEMPTS, outbox_sweep, retry_delay
from reminders.models import Reminder, ReminderPreference
from reminders.services import reminders_send_digests, reminders_sweep
from reminders.sources import signatory_deadlines_refresh
from signatories.models import Signatory

from .conftest import at
from .factories import compact_with_steering_group, signed_organisation

pytestmark = pytest.mark.django_db

SWEPT_AT = at(2026, 3, 15, 9)


@pytest.fixture
def due_reminder():
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatory, _, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        signatory_deadlines_refresh(signatories=[signatory])
    with time_machine.travel(SWEPT_AT, tick=False):
        [reminder_id] = reminders_sweep().to_send
    return Reminder.objects.get(pk=reminder_id), administrator


def test_the_sweep_queues_each_reminder_in_the_outbox_with_its_compact(due_reminder, mailoutbox):
    reminder, administrator = due_reminder
    message = reminder.email
    assert reminder.status == Reminder.Status.SENT
    assert message.status == Message.Status.PENDING
    assert (message.to, message.template) == ([administrator.email], "reminders_reminder")
    assert message.compact_id == reminder.deadline.compact_id
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.next_attempt_at == SWEPT_AT
    assert mailoutbox == []  # the worker sends, not the sweep

    with time_machine.travel(SWEPT_AT, tick=False):
        assert outbox_sweep() == 1
    assert [sent.to for sent in mailoutbox] == [[administrator.email]]
    assert "waiting for a decision" in mailoutbox[0].body


def test_a_failing_mail_server_is_retried_by_the_outbox_with_the_time_in_the_row(
    flaky_mail_server, due_reminder, mailoutbox
):
    reminder, _ = due_reminder
    flaky_mail_server.failures_left = 2
    moment = SWEPT_AT
    for attempt in (1, 2):
        with time_machine.travel(moment, tick=False):
            assert outbox_sweep() == 0
        message = Message.objects.get(pk=reminder.email_id)
        assert message.attempts == attempt
        assert message.next_attempt_at == moment + retry_delay(attempt)
        assert "Try again later" in message.last_error
        moment = message.next_attempt_at
    with time_machine.travel(moment, tick=False):
        assert outbox_sweep() == 1
    assert len(mailoutbox) == 1
    assert Message.objects.get(pk=reminder.email_id).status == Message.Status.SENT


def test_a_reminder_that_keeps_failing_shows_to_its_steering_group_who_send_it_again(
    flaky_mail_server, due_reminder, client, mailoutbox
):
    reminder, administrator = due_reminder
    flaky_mail_server.failures_left = 100
    moment = SWEPT_AT
    for _ in range(MAX_ATTEMPTS):
        with time_machine.travel(moment, tick=False):
            outbox_sweep()
        moment += datetime.timedelta(hours=1)
    message = Message.objects.get(pk=reminder.email_id)
    assert message.status == Message.Status.FAILED and mailoutbox == []

    client.force_login(administrator)
    page = client.get(reverse("outbox:late"))
    assert page.status_code == 200
    assert "Could not be sent" in page.content.decode()
    flaky_mail_server.failures_left = 0
    client.post(reverse("outbox:send_again", args=[message.pk]))
    assert outbox_sweep() == 1
    assert [sent.to for sent in mailoutbox] == [[administrator.email]]


def test_a_digest_is_one_outbox_email_for_all_of_a_persons_waiting_reminders(mailoutbox):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        ReminderPreference.objects.create(
            user=administrator, kind="application_waiting", delivery=Reminder.Delivery.DIGEST
        )
        signatories = [
            signed_organisation(compact, status=Signatory.Status.PENDING)[0] for _ in range(3)
        ]
        signatory_deadlines_refresh(signatories=signatories)
    with time_machine.travel(SWEPT_AT, tick=False):
        reminders_sweep()
        assert Message.objects.count() == 0
        assert reminders_send_digests() == 1
        assert reminders_send_digests() == 0
    [message] = Message.objects.all()
    assert message.template == "reminders_digest" and message.compact_id == compact.pk
    assert set(Reminder.objects.values_list("email_id", flat=True)) == {message.pk}
    assert outbox_sweep() == 1
    assert len(mailoutbox) == 1
