"""Structured logs: a request id on every line (and on the response), JSON in production,
the id carried into Celery tasks, and Sentry only with SENTRY_DSN and never with personal data."""

import json
import logging
import os
import re
import subprocess
import sys
import time

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from core.logs import RequestIdFilter, current_request_id
from tests.reminders.conftest import broker_at

pytestmark = pytest.mark.django_db

OURS = re.compile(r"[0-9a-f]{32}")


def _run_django(program: str, tmp_path, **environment) -> subprocess.CompletedProcess:
    """`program` in a fresh Python with the test settings, as production would read them."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("LOG_FORMAT", "SENTRY_DSN", "DEBUG")},
        "DJANGO_SETTINGS_MODULE": "compact_portal.settings_test",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "unused.sqlite3"),
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + program],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_every_response_carries_a_new_request_id(client):
    first = client.get(reverse("core:home"))
    second = client.get(reverse("core:home"))

    assert OURS.fullmatch(first["X-Request-ID"])
    assert OURS.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_callers_request_id_is_kept_and_a_forged_one_replaced(client):
    kept = client.get(reverse("core:home"), headers={"X-Request-ID": "lb-4f2a.9:1"})
    assert kept["X-Request-ID"] == "lb-4f2a.9:1"

    for forged in ("two words", "x" * 200, 'a"}\n{"level": "ERROR'):
        response = client.get(reverse("core:home"), headers={"X-Request-ID": forged})
        assert OURS.fullmatch(response["X-Request-ID"]), forged


def test_every_line_logged_for_a_request_has_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO):
        response = client.get("/no/such/page/", headers={"X-Request-ID": "trace-404"})
        logging.getLogger("tests").info("between requests")

    assert response.status_code == 404
    # Django logs "Not Found" after the middleware has returned: it still has the id.
    [not_found] = [r for r in caplog.records if r.name == "django.request"]
    assert not_found.request_id == "trace-404"
    [between] = [r for r in caplog.records if r.name == "tests"]
    assert between.request_id == "-"


def test_production_logs_are_json_lines_with_the_request_id(tmp_path):
    """The settings as production has them (DEBUG off): each line on stderr is a JSON object."""
    result = _run_django(
        "import logging;"
        "from django.test import Client; from django.test.utils import setup_test_environment;"
        "setup_test_environment();"
        "response = Client().get('/no/such/page/', headers={'X-Request-ID': 'json-check'});"
        "logging.getLogger('portal.check').warning('outside', extra={'message_pk': 7})",
        tmp_path,
    )

    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["request_id"] == "json-check"
    assert not_found["level"] == "WARNING"
    assert "Not Found" in not_found["message"]
    [outside] = [line for line in lines if line["logger"] == "portal.check"]
    assert outside == {
        "time": outside["time"],
        "level": "WARNING",
        "logger": "portal.check",
        "message": "outside",
        "request_id": "-",
        "message_pk": 7,
    }


_seen_in_tasks: list = []


@shared_task(name="tests.core.note_request_id")
def note_request_id() -> None:
    _seen_in_tasks.append(current_request_id())


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_during_a_request_logs_under_its_id(settings):
    """Through the real Redis and a real worker: the id travels in the task's headers."""
    from core import logs

    _seen_in_tasks.clear()
    with broker_at(settings.TEST_REDIS_URL) as app:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=15):
            token = logs._request_id.set("from-a-request")
            try:
                note_request_id.delay()
            finally:
                logs._request_id.reset(token)
            note_request_id.delay()  # queued outside any request: a fresh id of its own
            deadline = time.monotonic() + 30
            while len(_seen_in_tasks) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)

    assert _seen_in_tasks[0] == "from-a-request"
    assert OURS.fullmatch(_seen_in_tasks[1])
    assert current_request_id() is None


def test_sentry_is_off_without_a_dsn_and_never_sends_personal_data_with_one(tmp_path):
    program = (
        "import sentry_sdk; client = sentry_sdk.get_client();"
        "print(client.is_active(), client.options['send_default_pii'],"
        " client.options['max_request_body_size'])"
    )
    off = _run_django(program, tmp_path)
    assert off.stdout.split()[0] == "False"

    # Nothing is sent in this check: nothing goes wrong.
    on = _run_django(program, tmp_path, SENTRY_DSN="http://public@127.0.0.1:9/1")
    assert on.stdout.split() == ["True", "False", "never"]
