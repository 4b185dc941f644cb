import json

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker_up(client, settings):
    settings.CELERY_BROKER_URL = settings.TEST_REDIS_URL
    from compact_portal.celery import app

    app.conf.broker_url = settings.TEST_REDIS_URL
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL
    assert response.status_code == 200, response.content
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client):
    from compact_portal.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = saved
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body == {"status": "unavailable", "database": "ok", "broker": "unavailable"}
    assert connection.vendor in ("postgresql", "sqlite")
