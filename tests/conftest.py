import datetime as dt

import pytest
import time_machine
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
