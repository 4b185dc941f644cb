"""Limits on costly forms (core.limits): counted in the shared Redis cache, answered with
the "You have tried too many times" page. Each app's forms have their own test file
(test_limits.py); here are the mechanism, feedback, the certificate check and allauth's."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from core import limits
from core.cache import ResilientRedisCache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_limit_in_the_settings_reads_as_rates():
    for action, spec in django_settings.PORTAL_RATE_LIMITS.items():
        assert limits.parse_rates(spec), action


def test_a_rate_names_its_amount_window_and_bucket():
    assert limits.parse_rates("10/h/user, 30/2h/ip") == [
        limits.Rate(10, 3600, "user"),
        limits.Rate(30, 7200, "ip"),
    ]
    with pytest.raises(ValueError, match="10/h/user"):
        limits.parse_rates("10/h/key")


def test_counts_are_shared_by_every_process(redis_cache, rf, settings):
    """Another process has its own cache object but the same Redis: it sees the count."""
    settings.PORTAL_RATE_LIMITS = {"feedback": "2/h/ip"}
    request = rf.post("/feedback/")
    request.user = UserFactory.build()
    assert limits.consume(request, "feedback") is None
    other_process = caches.create_connection("default")
    assert isinstance(other_process, ResilientRedisCache)
    assert other_process is not caches["default"]
    key = f"limits:feedback:2/3600:ip:{request.META['REMOTE_ADDR']}:count"
    assert other_process.get(key) == 1
    other_process.incr(key)  # the other process's attempt
    assert limits.consume(request, "feedback") is not None


def test_signed_in_people_have_buckets_of_their_own(redis_cache, rf, settings):
    settings.PORTAL_RATE_LIMITS = {"join_request": "1/h/user,10/h/ip"}
    first, second = UserFactory(), UserFactory()
    for user in (first, second):
        request = rf.post("/")
        request.user = user
        assert limits.consume(request, "join_request") is None
    request = rf.post("/")
    request.user = first
    refusal = limits.consume(request, "join_request")
    assert refusal is not None and refusal.action == "join_request"


def test_the_limit_lifts_when_its_window_ends(redis_cache, client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "feedback": "1/h/ip"}
    data = {"message": "The search page is slow."}
    start = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        assert client.post(reverse("core:feedback"), data).status_code == 302
        response = client.post(reverse("core:feedback"), data)
        assert response.status_code == 429
        assert response["Retry-After"] == "3600"
        # Ten in the morning UTC is ten in London in March.
        assert "You can try again from <strong>11am</strong>" in response.content.decode()


def test_feedback_is_limited_and_what_was_typed_is_shown(
    redis_cache, client, settings, deliver_outbox
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "feedback": "2/h/ip"}
    message = "The page about funding changes could say more about notice periods."
    for _attempt in range(2):
        assert client.post(reverse("core:feedback"), {"message": message}).status_code == 302
    response = client.post(reverse("core:feedback"), {"message": message, "name": "Ann"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have tried too many times" in page
    assert message in page  # nothing typed is lost
    deliver_outbox()
    assert len(mail.outbox) == 2


def test_feedback_limit_per_person_when_signed_in(redis_cache, client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "feedback": "1/h/user,50/h/ip"}
    client.force_login(UserFactory())
    data = {"message": "A question about the directory."}
    assert client.post(reverse("core:feedback"), data).status_code == 302
    assert client.post(reverse("core:feedback"), data).status_code == 429
    client.force_login(UserFactory())
    assert client.post(reverse("core:feedback"), data).status_code == 302


def test_certificate_checks_are_limited_per_address(redis_cache, client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "certificate_check": "3/h/ip"}
    for attempt in range(3):
        response = client.get(reverse("signatories:verify", args=[f"ABCD-EFGH-JKL{attempt}"]))
        assert response.status_code == 200
    assert client.get(reverse("signatories:verify_form")).status_code == 200  # the empty form
    response = client.get(reverse("signatories:verify_form"), {"code": "ABCD-EFGH-JKLM"})
    assert response.status_code == 429
    assert (
        client.get(
            reverse("signatories:verify", args=["ABCD-EFGH-JKLM"]), REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 200
    )


def test_password_reset_e_mails_an_address_three_times_an_hour(redis_cache, client, deliver_outbox):
    user = UserFactory()
    url = reverse("account_reset_password")
    for _attempt in range(3):
        assert client.post(url, {"email": user.email}).status_code == 302
    response = client.post(url, {"email": user.email})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have tried too many times" in page and "You can try again from" in page


def test_sign_up_is_limited_per_address(redis_cache, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/h/ip"}
    url = reverse("account_signup")
    for number in range(2):
        data = {
            "full_name": "Nia New",
            "email": f"new{number}@example.org",
            "password1": "a-long-new-password",
            "password2": "a-long-new-password",
        }
        assert client.post(url, data).status_code == 302
        client.logout()
    data = {
        "full_name": "Nia New",
        "email": "new9@example.org",
        "password1": "a-long-new-password",
        "password2": "a-long-new-password",
    }
    response = client.post(url, data)
    assert response.status_code == 429
    assert "You have tried too many times" in response.content.decode()


def test_the_settings_limit_allauth_as_written_down():
    from allauth.account import app_settings

    assert app_settings.RATE_LIMITS["reset_password"] == "20/h/ip,3/h/key"
    assert app_settings.RATE_LIMITS["signup"] == "20/h/ip"


@pytest.mark.parametrize(
    ("now", "retry_at", "words"),
    [
        ((2026, 3, 3, 9), (2026, 3, 3, 16, 0, 0), "4pm"),
        ((2026, 3, 3, 9), (2026, 3, 3, 10, 4, 1), "10:05am"),
        ((2026, 3, 3, 9), (2026, 3, 3, 12, 0, 0), "midday"),
        ((2026, 7, 3, 9), (2026, 7, 3, 11, 0, 0), "midday"),  # British Summer Time
        ((2026, 3, 3, 9), (2026, 3, 4, 9, 30, 0), "9:30am on 4 March 2026"),
    ],
)
def test_when_to_try_again_is_said_in_plain_words(now, retry_at, words):
    with time_machine.travel(datetime.datetime(*now, tzinfo=datetime.UTC), tick=False):
        assert limits.when_to_try_again(datetime.datetime(*retry_at, tzinfo=datetime.UTC)) == words


def test_a_limit_of_allauth_with_no_known_window_names_no_time(rf):
    request = rf.post("/account/2fa/authenticate/")
    request.user = AnonymousUser()
    request.resolver_match = None
    response = limits.allauth_too_many_attempts(request)
    assert response.status_code == 429 and not response.has_header("Retry-After")
    assert "Wait a few minutes, then try again" in response.content.decode()
