"""Faults against real processes: the test's own Redis and Celery worker, the test
PostgreSQL database, and the recording SMTP server. Each test counts the e-mails the
server received against those expected: none lost, duplicates only from a crash inside
the SMTP exchange."""

import pytest
from django.db import connection
from django.utils import timezone

from outbox.models import Message
from outbox.services import CLAIM_CHUNK, SWEEP_INTERVAL, outbox_sweep
from tests.faults import (
    RedisProcess,
    WorkerProcess,
    database_url,
    terminate_backend,
    wait_for,
)
from tests.reminders.conftest import broker_at
from tests.smtp_server import RecordingSMTPServer, smtp_mailers, tally

pytestmark = pytest.mark.django_db(transaction=True)


def queue(count: int, **fields) -> list[int]:
    """`count` e-mails waiting in the outbox, due now unless `fields` say otherwise."""
    now = timezone.now()
    rows = [
        Message(
            template="fault_test",
            to=[f"person{n}@example.org"],
            subject=f"Fault test {n}",
            text="A message the worker must deliver once.",
            next_attempt_at=now,
            **fields,
        )
        for n in range(count)
    ]
    return [message.pk for message in Message.objects.bulk_create(rows)]


def message_ids(ids: list[int]) -> list[str]:
    return [message.message_id for message in Message.objects.filter(pk__in=ids)]


@pytest.fixture
def fault_redis(tmp_path):
    server = RedisProcess(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def mail_server():
    with RecordingSMTPServer() as server:
        yield server


@pytest.fixture
def workers(fault_redis, mail_server, tmp_path):
    """Start workers on the fault Redis, the test database and the recording server."""
    started = []

    def start(name="fault"):
        worker = WorkerProcess(
            broker_url=fault_redis.url,
            database_url=database_url(connection.settings_dict),
            smtp_port=mail_server.port,
            log=tmp_path / "worker.log",
            name=name,
        ).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_at_most_the_one_in_flight(
    fault_redis, mail_server, workers, settings
):
    # Being tried again after earlier errors: a back-off of 8 minutes or more is due next,
    # but a worker lost mid-exchange must cost one sweep interval, not a back-off.
    ids = queue(40, attempts=3)
    mail_server.delay = 0.05  # a batch that lasts long enough to be killed in
    first = workers("first")
    with broker_at(fault_redis.url) as app:
        app.send_task("outbox.tasks.deliver_many", args=[ids])
    assert wait_for(lambda: len(mail_server.received) >= 10)
    first.kill()
    assert len(mail_server.received) < 40, "the batch finished before the kill"
    # Rows the dead worker never claimed (a claim counts an attempt): at most a chunk
    # of its batch was claimed and not sent.
    unclaimed = list(Message.objects.filter(attempts=3).values_list("pk", flat=True))
    assert len(unclaimed) >= 40 - len(mail_server.received) - CLAIM_CHUNK

    # Beat's next sweep, on a worker started again: what nobody claimed goes at once.
    workers("second")
    with broker_at(fault_redis.url) as app:
        app.send_task("outbox.tasks.sweep")
    assert wait_for(
        lambda: not Message.objects.filter(pk__in=unclaimed).exclude(status="sent").exists()
    )
    # The rest of the dead worker's claim (the row in flight among them) is leased for
    # one sweep interval; the sweep after that sends it.
    settings.MAILERS = smtp_mailers(mail_server.port)
    outbox_sweep(now=timezone.now() + SWEEP_INTERVAL)

    counted = tally(mail_server.received, message_ids(ids))
    assert counted["lost"] == [] and counted["delivered"] == 40
    assert counted["duplicated"] <= 1
    assert not Message.objects.exclude(status="sent").exists()


def test_redis_restarted_while_retries_are_pending_keeps_the_worker_and_the_retries(
    fault_redis, mail_server, workers
):
    # Twenty e-mails tried once and waiting to be tried again in a few seconds: their
    # time is in the database, not in the broker.
    ids = queue(20, attempts=1, last_error="451 Try again later")
    Message.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now() + SWEEP_INTERVAL / 20)
    worker = workers()
    # The worker holds unacknowledged messages when Redis goes, as it did when retries
    # were countdowns: that is what once made it exit.
    with broker_at(fault_redis.url) as app:
        for _ in range(3):
            app.send_task("outbox.tasks.sweep", countdown=60)
    assert wait_for(lambda: worker.output().count("received") >= 3)

    fault_redis.restart()
    assert wait_for(lambda: worker.output().count("Connected to redis") >= 2, seconds=30)
    assert worker.alive, worker.output()
    assert "Unrecoverable error" not in worker.output()

    # Beat's next tick after the retries fall due, through the restarted (empty) Redis.
    assert wait_for(lambda: timezone.now() > Message.objects.get(pk=ids[0]).next_attempt_at)
    with broker_at(fault_redis.url) as app:
        app.send_task("outbox.tasks.sweep")
    assert wait_for(lambda: len(mail_server.received) >= 20)
    counted = tally(mail_server.received, message_ids(ids))
    assert (counted["delivered"], counted["duplicated"], counted["lost"]) == (20, 0, [])


def test_a_database_connection_dropped_mid_sweep_stops_nothing_but_that_one_row(
    settings, mail_server
):
    ids = queue(30)
    settings.MAILERS = smtp_mailers(mail_server.port)
    connection.ensure_connection()
    sweep_backend = connection.connection.info.backend_pid

    def drop_the_sweeps_connection(message):
        if len(mail_server.received) == 10:
            terminate_backend(connection.settings_dict, sweep_backend)

    mail_server.on_data = drop_the_sweeps_connection
    sent = outbox_sweep()
    assert connection.connection is None or connection.connection.info.backend_pid != (
        sweep_backend
    )
    # Every row after the dropped one went in the same sweep, on a new connection.
    assert sent == 29
    # The row whose "sent" could not be recorded is due one sweep interval later.
    outbox_sweep(now=timezone.now() + SWEEP_INTERVAL)

    counted = tally(mail_server.received, message_ids(ids))
    assert counted["lost"] == [] and counted["delivered"] == 30
    assert counted["duplicated"] == 1  # the one taken by the server as the line dropped
