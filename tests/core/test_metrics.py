"""/metrics: Prometheus's text format, for the monitoring that holds METRICS_TOKEN only."""

import pytest
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from outbox.models import Message
from outbox.services import email_queue_rendered
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-monitoring-token"


def _scrape(client, token=TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/metrics", headers=headers)


def _samples(response) -> dict:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_without_a_token_setting_nobody_reads_it(client, settings):
    settings.METRICS_TOKEN = ""
    assert _scrape(client).status_code == 404
    assert _scrape(client, token="").status_code == 404
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/metrics").status_code == 404


def test_only_the_token_opens_it(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert _scrape(client, token="").status_code == 404
    assert _scrape(client, token="not-the-token").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/metrics").status_code == 404

    response = _scrape(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")


def test_it_counts_request_latency_by_url_name(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.get(reverse("core:home"))
    client.get(reverse("core:home"))
    key = (
        "portal_request_duration_seconds_count",
        (("method", "GET"), ("status", "2xx"), ("view", "core:home")),
    )
    before = _samples(_scrape(client)).get(key, 0)

    client.get(reverse("core:home"))
    client.get("/no/such/page/")
    samples = _samples(_scrape(client))

    assert samples[key] == before + 1
    not_found = (
        "portal_request_duration_seconds_count",
        (("method", "GET"), ("status", "4xx"), ("view", "unmatched")),
    )
    assert samples[not_found] >= 1


def test_it_reports_the_outbox_queue_and_deliveries(client, settings, deliver_outbox):
    settings.METRICS_TOKEN = TOKEN
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        email_queue_rendered(to=[address], template="test", subject="Hello", text="Hello.")
    samples = _samples(_scrape(client))
    assert samples[("portal_outbox_messages", (("state", "pending"),))] == 3
    assert samples[("portal_outbox_delivered_total", ())] == 0
    assert samples[("portal_outbox_oldest_pending_timestamp_seconds", ())] > 0

    Message.objects.filter(to=["c@example.org"]).update(
        status=Message.Status.FAILED, attempts=7, next_attempt_at=None
    )
    assert deliver_outbox() == 2
    samples = _samples(_scrape(client))

    assert samples[("portal_outbox_messages", (("state", "pending"),))] == 0
    assert samples[("portal_outbox_messages", (("state", "failed"),))] == 1
    assert samples[("portal_outbox_delivered_total", ())] == 2
    assert samples[("portal_outbox_failed_attempts_total", ())] == 7
    assert samples[("portal_outbox_oldest_pending_timestamp_seconds", ())] == 0


def test_with_several_web_processes_the_timings_are_added_up(tmp_path):
    """As granian runs it in production (PROMETHEUS_MULTIPROC_DIR): two processes each
    answer a request, and a third's /metrics counts both."""
    import os
    import subprocess
    import sys

    request_once = (
        "import django; django.setup();"
        "from django.test import Client; from django.test.utils import setup_test_environment;"
        "setup_test_environment(); Client().get('/accessibility/')"
    )
    scrape = (
        "import django; django.setup();"
        "from core.metrics import metrics_text; print(metrics_text().decode())"
    )
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the other processes reach the test database over the network")
    database = connection.settings_dict
    env = {
        **os.environ,
        # The test database (the outbox's figures are read from it too).
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "compact_portal.settings_test",
    }
    for _ in range(2):
        subprocess.run([sys.executable, "-c", request_once], env=env, check=True, timeout=120)
    text = subprocess.run(
        [sys.executable, "-c", scrape], env=env, check=True, timeout=120, capture_output=True
    ).stdout.decode()

    key = (
        "portal_request_duration_seconds_count",
        (("method", "GET"), ("status", "2xx"), ("view", "core:accessibility")),
    )
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    assert samples[key] == 2
