import datetime as dt
from contextlib import contextmanager

import pytest
import time_machine
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Max
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.factories import PASSWORD, UserFactory

# Speed is measured by the benchmarks in bench/, not by tests: hypothesis's
# per-example deadline would make property tests fail on a loaded machine.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        default=None,
        help="Run the whole session as if today were this date (the clock still ticks), "
        "so that a test which mixes fixed dates with the real clock shows itself.",
    )


def _today_option(config):
    value = config.getoption("--today")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--today must be a date as YYYY-MM-DD, not {value!r}") from None


def pytest_configure(config):
    today = _today_option(config)
    if today is None:
        return
    # Midday in London, so that the date is the same in UTC and in Europe/London.
    start = dt.datetime.combine(today, dt.time(12, 0), tzinfo=dt.UTC)
    traveller = time_machine.travel(start, tick=True)
    traveller.start()
    config._portal_clock = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_portal_clock", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    today = _today_option(config)
    if today is not None:
        return f"clock moved: today is {today:%-d %B %Y}"
    return None


def record_second_factor(client: Client, user) -> None:
    """Write into `client`'s session what allauth writes when `user` signs in with a password
    and then an authenticator code, so the second-factor rule lets a forced login through."""
    session = client.session
    now = dt.datetime.now(dt.UTC).timestamp()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    # allauth ties the records to the user they were made for.
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, so
    a public page kept in the cache by the last test would show rows that are gone."""
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_uses_a_second_factor(monkeypatch):
    """Staff and steering-group members must have signed in with a second factor
    (core.two_factor); a test that forces a login stands for a full sign-in, both steps.
    Tests of the rule itself sign in through allauth's pages, or call
    `Client.force_login_password_only`."""
    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        record_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login_password_only", force_login, raising=False)
    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """Rate limits count in the cache: each test starts with none used up, so the order
    tests run in cannot matter. Only the local cache is cleared; Redis never is."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    yield
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def signed_in_client(client):
    """A test client signed in as a fresh person; returns (client, user)."""

    def sign_in(user=None):
        user = user or UserFactory()
        client.force_login(user)
        return client, user

    return sign_in


@pytest.fixture
def deliver_outbox(db):
    """`deliver_outbox()` sends what the outbox holds now, as the worker's sweep would,
    and returns how many e-mails went; tests read `mail.outbox` after it."""
    from django.utils import timezone

    from outbox.services import outbox_sweep

    return lambda: outbox_sweep(now=timezone.now())


@pytest.fixture
def django_capture_on_commit_callbacks(django_capture_on_commit_callbacks, deliver_outbox):
    """pytest-django's fixture, and with `execute=True` the worker's part too: after the
    wrapped block "commits", the e-mails it queued are delivered, so `mail.outbox` holds
    them as it would a moment after a real request (and nothing queued before it)."""
    from outbox.models import Message
    from outbox.tasks import deliver

    @contextmanager
    def capture(*, using=DEFAULT_DB_ALIAS, execute=False):
        queued_before = Message.objects.aggregate(last=Max("pk"))["last"] or 0
        with django_capture_on_commit_callbacks(using=using, execute=execute) as callbacks:
            yield callbacks
        if execute:
            for message_id in Message.objects.filter(pk__gt=queued_before).values_list(
                "pk", flat=True
            ):
                deliver(message_id)  # what the worker runs for each, failures recorded

    return capture


@pytest.fixture
def redis_cache(settings):
    """The cache as production has it: core.cache.ResilientRedisCache on the test Redis
    (TEST_REDIS_URL), so rate limits are counted where every process would count them.
    Each test writes under a key prefix of its own, removed afterwards (no flush)."""
    import uuid

    import redis

    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": settings.TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    from django.core.cache import cache

    cache.set("reachable", True)  # a test of limits must not pass on the local fallback
    client = redis.Redis.from_url(settings.TEST_REDIS_URL)
    assert client.exists(f"{prefix}:1:reachable"), "the test Redis is not reachable"
    yield cache
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def all_figures_shown(settings):
    """Public figures with no small count hidden (core.disclosure), for tests of the
    counting itself with a handful of rows; tests/reviews/test_small_numbers.py holds the
    hiding at the default threshold."""
    settings.PUBLIC_FIGURES_THRESHOLD = 1
