"""Exactly once: sweeps run twice or at the same time, redelivered tasks, a broker that is
down. Each reminder is recorded once with one outbox e-mail; the outbox sends each once."""

import threading

import pytest
import time_machine
from django.db import connection, transaction

from outbox.models import Message
from outbox.services import message_deliver
from outbox.tasks import deliver
from reminders.models import Deadline, Kind, Reminder
from reminders.services import deadline_schedule, reminders_sweep
from reminders.sources import signatory_deadlines_refresh
from signatories.models import Signatory

from .conftest import at, broker_at, deliver_pending
from .factories import compact_with_steering_group, signed_organisation


def waiting_applications(count):
    """`count` applications waiting since 1 March, each due a reminder from 15 March."""
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatories = [
            signed_organisation(compact, status=Signatory.Status.PENDING)[0] for _ in range(count)
        ]
        signatory_deadlines_refresh(signatories=signatories)
    return compact, administrator


@pytest.mark.django_db
def test_a_sweep_run_twice_records_and_sends_each_reminder_once(mailoutbox):
    waiting_applications(3)
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        first = reminders_sweep(batch_size=2)
        # A second beat at the same moment, and the deadlines put back as if never swept.
        Deadline.objects.update(reminded_through=None, next_remind_at=at(2026, 3, 15, 8))
        second = reminders_sweep(batch_size=2)
    assert len(first.to_send) == 3
    assert second.to_send == [] and second.reminders == 0
    assert Message.objects.count() == 3
    deliver_pending()
    deliver_pending()
    assert len(mailoutbox) == 3
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 3


@pytest.mark.django_db
def test_a_task_delivered_twice_after_a_worker_was_killed_sends_one_email(mailoutbox):
    waiting_applications(1)
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        [reminder_id] = reminders_sweep().to_send
    message_id = Reminder.objects.get(pk=reminder_id).email_id
    # acks_late: the broker hands the same message to another worker; both run it.
    deliver.apply(args=[message_id])
    deliver.apply(args=[message_id])
    assert len(mailoutbox) == 1
    message = Message.objects.get(pk=message_id)
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_send_one_email(mailoutbox):
    waiting_applications(1)
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        [reminder_id] = reminders_sweep().to_send
    message_id = Reminder.objects.get(pk=reminder_id).email_id
    outcome = {}
    # The first delivery holds the row's lock while the second tries.
    with transaction.atomic():
        Message.objects.select_for_update().get(pk=message_id)

        def second_worker():
            try:
                outcome["sent"] = message_deliver(message_id=message_id)
            finally:
                connection.close()

        thread = threading.Thread(target=second_worker)
        thread.start()
        thread.join()
    assert outcome["sent"] is False
    assert message_deliver(message_id=message_id) is True
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_against_postgresql_share_the_work_and_send_nothing_twice(mailoutbox):
    assert connection.vendor == "postgresql"
    waiting_applications(60)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def beat():
        try:
            barrier.wait()
            with time_machine.travel(at(2026, 3, 15, 9), tick=False):
                results.append(reminders_sweep(batch_size=7))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    first, second = results
    assert set(first.to_send).isdisjoint(second.to_send)
    assert len(first.to_send) + len(second.to_send) == 60
    assert first.deadlines + second.deadlines == 60
    assert Reminder.objects.count() == 60

    # Two workers draining the same queue at once: still one e-mail each.
    ids = list(Message.objects.values_list("pk", flat=True))
    assert len(ids) == 60

    def worker():
        try:
            for message_id in ids:
                deliver.apply(args=[message_id])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mailoutbox) == 60
    assert len({message.to[0] + message.body for message in mailoutbox}) == 60


@pytest.mark.django_db
def test_the_database_refuses_a_second_reminder_for_the_same_moment():
    from django.db import IntegrityError

    waiting_applications(1)
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        reminders_sweep()
    reminder = Reminder.objects.get()
    reminder.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        reminder.save()


@pytest.mark.django_db
def test_with_the_broker_down_the_save_succeeds_and_the_next_sweep_sends(
    mailoutbox, django_capture_on_commit_callbacks, caplog
):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatory, _, _ = signed_organisation(compact, status=Signatory.Status.PENDING)

    # Another app's service schedules a deadline already due, which asks for a sweep
    # after commit; Redis is gone.
    with (
        time_machine.travel(at(2026, 3, 20, 9), tick=False),
        broker_at("redis://127.0.0.1:1/0"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        deadline_schedule(
            kind=Kind.APPLICATION_WAITING,
            obj=signatory,
            compact=compact,
            due_on=signatory.created_at.date(),
            title=signatory.organisation.name,
            url="/applications/",
        )
    with time_machine.travel(at(2026, 3, 20, 9), tick=False), broker_at("redis://127.0.0.1:1/0"):
        result = reminders_sweep()
    assert callbacks, "the service must enqueue after commit"
    assert "Could not reach the message broker" in caplog.text
    assert Deadline.objects.filter(kind=Kind.APPLICATION_WAITING).exists()
    [reminder_id] = result.to_send
    assert Reminder.objects.get(pk=reminder_id).email.status == Message.Status.PENDING
    assert mailoutbox == []

    # Redis is back or not: the outbox's own sweep (beat, every minute) finds the e-mail.
    with time_machine.travel(at(2026, 3, 20, 9, 1), tick=False):
        deliver_pending()
    assert [message.to for message in mailoutbox] == [[administrator.email]]


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_sending_again_through_the_page_gets_no_error_page(client, mailoutbox):
    """ "Send again" enqueues after commit: with Redis gone the page still works, and the
    outbox's sweep sends what the task would have."""
    compact, administrator = waiting_applications(1)
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        [reminder_id] = reminders_sweep().to_send
    message_id = Reminder.objects.get(pk=reminder_id).email_id
    Message.objects.filter(pk=message_id).update(
        status=Message.Status.FAILED, attempts=7, next_attempt_at=None, last_error="550"
    )
    client.force_login(administrator)
    with broker_at("redis://127.0.0.1:1/0"):
        response = client.post(f"/outbox/late/{message_id}/send-again/", follow=True)
    assert response.status_code == 200
    assert "will be sent again" in response.content.decode()
    assert Message.objects.get(pk=message_id).status == Message.Status.PENDING
    deliver_pending()
    assert [message.to for message in mailoutbox] == [[administrator.email]]
