"""The Redis cache shared by every process, and what happens when Redis goes away
(core.cache.ResilientRedisCache). Each test starts its own Redis on a free port and
stops it; the shared Redis on 6379 is never touched."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from core import cache as resilient
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own, on a free port; yields (url, stop)."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _attempt in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)

    def stop():
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)

    yield url, stop
    stop()


def _settings_for(url: str) -> dict:
    return {
        "CACHES": {
            "default": {
                "BACKEND": "core.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
    }


@pytest.fixture(autouse=True)
def _redis_taken_as_up():
    resilient.ResilientRedisCache._down_until.clear()
    yield
    resilient.ResilientRedisCache._down_until.clear()


@pytest.mark.django_db
def test_failed_sign_ins_are_counted_in_redis_for_every_process(client, own_redis):
    url, _stop = own_redis
    person = UserFactory()
    with override_settings(**_settings_for(url)):
        for _attempt in range(5):
            client.post(reverse("account_login"), {"login": person.email, "password": "wrong"})
        # Another process has its own cache object, connected to the same Redis.
        other_process = resilient.ResilientRedisCache(url, {})
        keys = redis.Redis.from_url(url).keys("*")
        assert keys, "allauth's rate limit left nothing in Redis"
        counted = [other_process.get(key.decode().split(":", 2)[-1]) for key in keys]
        assert any(counted), "another process cannot read the failed attempts"
        # And so the right password is refused there too, until the limit passes.
        refused = client.post(
            reverse("account_login"), {"login": person.email, "password": PASSWORD}
        )
        assert "_auth_user_id" not in client.session
        assert refused.status_code in (200, 429)


@pytest.mark.django_db
def test_people_can_sign_in_while_redis_is_down(client, own_redis, caplog):
    url, stop = own_redis
    person = UserFactory()
    with override_settings(**_settings_for(url)):
        assert caches["default"].set("warm", 1) is None
        stop()
        with caplog.at_level(logging.WARNING, logger="core.cache"):
            page = client.get(reverse("account_login"))
            assert page.status_code == 200
            signed_in = client.post(
                reverse("account_login"), {"login": person.email, "password": PASSWORD}
            )
        assert signed_in.status_code == 302
        assert client.session["_auth_user_id"] == str(person.pk)
        assert "Redis cache unreachable" in caplog.text
        # One warning for the outage, not one for every call to the cache.
        assert caplog.text.count("Redis cache unreachable") == 1


def test_values_kept_while_redis_is_down_are_kept_locally(own_redis):
    url, stop = own_redis
    cache = resilient.ResilientRedisCache(url, {"OPTIONS": {"socket_connect_timeout": 1}})
    stop()
    cache.set("attempts", 3)
    assert cache.get("attempts") == 3
    assert cache.incr("attempts") == 4
