"""/healthz: the database, the broker, the cache, the sweeps and the outbox, each with its limit."""

import datetime
import json
import shutil
import socket
import subprocess
import time
from contextlib import closing, contextmanager

import pytest
import time_machine
from django.utils import timezone

from core.health import sweep_record_completed
from core.models import SweepHeartbeat
from outbox.models import Message
from outbox.tasks import sweep as outbox_sweep_task

pytestmark = pytest.mark.django_db

# A Redis of the test's own, to stop without touching the shared one (127.0.0.1:6379).
PRIVATE_REDIS_PORT = 16304
START = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)


def _answers(port: int) -> bool:
    with closing(socket.socket()) as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def private_redis(port: int = PRIVATE_REDIS_PORT):
    """A redis-server on `port`, stopped (if still running) when the block ends."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    assert not _answers(port), f"something already listens on {port}"
    process = subprocess.Popen(  # noqa: S603
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if _answers(port):
                break
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def broker(settings):
    """Point Celery's broker at `url` for the test (the tests' default is memory://)."""
    from compact_portal.celery import app

    saved = app.conf.broker_url

    def point_at(url):
        app.conf.broker_url = url

    yield point_at
    app.conf.broker_url = saved


@pytest.fixture
def swept():
    """Both sweeps completed just now."""
    for task_name in ("outbox.tasks.sweep", "reminders.tasks.sweep"):
        sweep_record_completed(task_name=task_name)


def _health(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def test_every_part_within_its_limit_is_200(client, settings, broker, swept):
    broker(settings.TEST_REDIS_URL)

    status, body = _health(client)

    assert status == 200, body
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "broker": "ok",
        "cache": "ok",
        "outbox_sweep": "ok",
        "reminders_sweep": "ok",
        "oldest_undelivered_email": "ok",
    }
    assert body["checks"]["outbox_sweep"]["limit_seconds"] == settings.HEALTH_OUTBOX_SWEEP_MAX_AGE
    assert body["checks"]["oldest_undelivered_email"]["age_seconds"] == 0


def test_with_redis_stopped_the_broker_and_the_cache_are_unavailable(
    client, settings, broker, swept
):
    url = f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/0"
    with private_redis() as redis_process:
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        broker(url)
        status, body = _health(client)
        assert status == 200, body

        redis_process.terminate()
        redis_process.wait(timeout=10)
        status, body = _health(client)

    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["status"] == "unavailable"
    assert body["checks"]["cache"]["status"] == "unavailable"
    assert body["checks"]["database"]["status"] == "ok"


def test_an_email_waiting_past_its_limit_is_503(client, settings, broker, swept):
    broker(settings.TEST_REDIS_URL)
    waiting = Message.objects.create(
        template="signatories_invitation", to=["a@example.org"], subject="s", text="t"
    )
    given_up = Message.objects.create(
        template="signatories_invitation",
        to=["b@example.org"],
        subject="s",
        text="t",
        status=Message.Status.FAILED,
    )
    # A failed message waits for a person (the late list), not for the worker.
    Message.objects.filter(pk=given_up.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert _health(client)[0] == 200

    limit = settings.HEALTH_UNDELIVERED_EMAIL_MAX_AGE
    Message.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=limit + 60)
    )
    status, body = _health(client)

    assert status == 503
    check = body["checks"]["oldest_undelivered_email"]
    assert check["status"] == "unavailable"
    assert limit + 60 <= check["age_seconds"] < limit + 120
    assert body["checks"]["database"]["status"] == "ok"


def test_the_sweep_records_itself_and_grows_old_when_it_stops(client, settings, broker):
    broker(settings.TEST_REDIS_URL)
    sweep_record_completed(task_name="reminders.tasks.sweep")
    with time_machine.travel(START, tick=False) as clock:
        status, body = _health(client)
        assert status == 503
        assert body["checks"]["outbox_sweep"] == {
            "status": "unavailable",
            "age_seconds": None,  # never ran
            "limit_seconds": settings.HEALTH_OUTBOX_SWEEP_MAX_AGE,
        }

        outbox_sweep_task.apply()  # as the worker runs it: Celery's task_success records it
        assert SweepHeartbeat.objects.get(name="outbox_sweep").completed_at == START
        sweep_record_completed(task_name="reminders.tasks.sweep")
        assert _health(client)[0] == 200

        clock.shift(datetime.timedelta(seconds=settings.HEALTH_OUTBOX_SWEEP_MAX_AGE + 1))
        sweep_record_completed(task_name="reminders.tasks.sweep")
        status, body = _health(client)

    assert status == 503
    assert body["checks"]["outbox_sweep"]["status"] == "unavailable"
    assert body["checks"]["outbox_sweep"]["age_seconds"] == settings.HEALTH_OUTBOX_SWEEP_MAX_AGE + 1
    assert body["checks"]["reminders_sweep"]["status"] == "ok"


def test_healthz_is_503_when_the_broker_is_down(client, broker, swept):
    broker("redis://127.0.0.1:1/0")  # nothing listens on port 1

    status, body = _health(client)

    assert status == 503
    assert body["checks"]["broker"]["status"] == "unavailable"
    assert body["checks"]["database"]["status"] == "ok"
