"""Limits on how often a person, or an internet address, may use a costly form: one that
e-mails someone, creates records for others to read, or answers a guess.

Every limit is named in `settings.PORTAL_RATE_LIMITS` (the figures, and why, are written
there), in allauth's format: `"10/h/user,30/h/ip"` is ten an hour for each signed-in person
and thirty an hour from each address. The counts live in the shared cache (Redis,
`core.cache`), so they hold across every web process. Each bucket is a fixed window that
starts with the first attempt in it: simple, one atomic `incr` per bucket, and it says
exactly when the person may try again.

Views use `limited(action)` (a decorator; counts POSTs) or, where only part of a view is
costly, `limit_or_429(request, action)`. Over the limit the person sees the "You have tried
too many times" page (`too_many_attempts`, status 429), which says when to try again and
shows what they typed, so nothing is lost. allauth's own forms (sign-in, sign-up, password
reset) are limited by its own limiter, set in `ACCOUNT_RATE_LIMITS`, and answered with the
same page through `handler429`.
"""

import datetime
import time
from dataclasses import dataclass
from functools import wraps

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str  # "user" or "ip"


@dataclass(frozen=True)
class Refusal:
    """Why an attempt was refused, and when the person may try again."""

    action: str
    retry_at: datetime.datetime

    @property
    def retry_after_seconds(self) -> int:
        return max(1, int((self.retry_at - timezone.now()).total_seconds() + 0.999))


def parse_rates(spec: str) -> list[Rate]:
    """`"10/h/user,30/2h/ip"` → rates; a duration is a number (optional) and s, m, h or d."""
    rates = []
    for part in filter(None, (piece.strip() for piece in spec.split(","))):
        amount, duration, per = part.split("/")
        count = duration[:-1] or "1"
        if per not in ("user", "ip") or duration[-1] not in UNITS:
            raise ValueError(f"A rate is like 10/h/user or 30/m/ip, not {part!r}")
        rates.append(Rate(int(amount), int(count) * UNITS[duration[-1]], per))
    return rates


def rates_for(action: str) -> list[Rate]:
    try:
        return parse_rates(settings.PORTAL_RATE_LIMITS[action])
    except KeyError:
        raise KeyError(f"No limit named {action!r} in PORTAL_RATE_LIMITS") from None


def client_address(request) -> str:
    # allauth's reading of the address (REMOTE_ADDR, or the trusted proxy's header), so a
    # person is one address to both limiters.
    return get_adapter().get_client_ip(request)


def _bucket(request, action: str, rate: Rate) -> str | None:
    if rate.per == "user":
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # anonymous: the address's bucket holds them
        who = f"user:{user.pk}"
    else:
        who = f"ip:{client_address(request)}"
    return f"limits:{action}:{rate.amount}/{rate.seconds}:{who}"


def consume(request, action: str) -> Refusal | None:
    """Count one attempt at `action` in each of its buckets; the refusal if any is full."""
    refusal = None
    now = time.time()
    for rate in rates_for(action):
        key = _bucket(request, action, rate)
        if key is None:
            continue
        # `add` is atomic: the first attempt in a window starts it, and stores when it
        # ends beside the count, so the page can say when to try again.
        cache.add(f"{key}:ends", now + rate.seconds, timeout=rate.seconds)
        cache.add(f"{key}:count", 0, timeout=rate.seconds)
        try:
            count = cache.incr(f"{key}:count")
        except ValueError:  # the window ended between the two calls: start another
            cache.set(f"{key}:count", 1, timeout=rate.seconds)
            count = 1
        if count > rate.amount:
            ends = cache.get(f"{key}:ends") or now + rate.seconds
            retry_at = datetime.datetime.fromtimestamp(ends, tz=datetime.UTC)
            if refusal is None or retry_at > refusal.retry_at:
                refusal = Refusal(action, retry_at)
    return refusal


# What the 429 page never repeats back: secrets and the form's own machinery.
_NOT_SHOWN = {"csrfmiddlewaretoken", "code", "token", "key", "otp"}


def _what_was_typed(request) -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    typed = []
    for name, values in request.POST.lists():
        if name.lower() in _NOT_SHOWN or "password" in name.lower():
            continue
        text = "\n".join(value for value in values if value.strip())
        # Long answers are what a person would be sorry to lose; ticks and ids are not.
        if len(text) >= 20 or "\n" in text:
            typed.append((name.replace("_", " ").capitalize(), text))
    return typed


def when_to_try_again(retry_at: datetime.datetime) -> str:
    """GOV.UK style, to the next whole minute: "4pm", "10:05am", "midday", and the date
    when it is not today ("9:30am on 4 March 2026")."""
    local = timezone.localtime(retry_at)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    if (local.hour, local.minute) == (12, 0):
        words = "midday"
    elif (local.hour, local.minute) == (0, 0):
        words = "midnight"
    else:
        minutes = f":{local.minute:02d}" if local.minute else ""
        words = f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
    if local.date() != timezone.localdate():
        words += f" on {local.day} {local:%B %Y}"
    return words


def too_many_attempts(request, retry_at: datetime.datetime | None = None):
    """The "You have tried too many times" page (429), saying when to try again."""
    response = render(
        request,
        "errors/429.html",
        {
            "try_again": when_to_try_again(retry_at) if retry_at else "",
            "typed": _what_was_typed(request),
        },
        status=429,
    )
    if retry_at is not None:
        response["Retry-After"] = str(Refusal("", retry_at).retry_after_seconds)
    return response


def limit_or_429(request, action: str):
    """Count an attempt at `action`; the 429 page if it is over the limit, else None."""
    refusal = consume(request, action)
    return too_many_attempts(request, refusal.retry_at) if refusal else None


def limited(action: str, *, methods: tuple[str, ...] = ("POST",)):
    """Decorate a view (or, with `method_decorator`, a class's `dispatch`): each request by
    one of `methods` counts against `action`'s limits."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                response = limit_or_429(request, action)
                if response is not None:
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# allauth's limiter calls ROOT_URLCONF.handler429 with the request only: how long to wait
# is read from the longest window of the action that its page runs.
_ALLAUTH_ACTIONS = {
    "account_login": ("login_failed", "login"),
    "account_signup": ("signup",),
    "account_reset_password": ("reset_password",),
    "account_reset_password_from_key": ("reset_password_from_key",),
    "account_change_password": ("change_password",),
    "account_email": ("manage_email",),
    "account_reauthenticate": ("reauthenticate",),
}


def allauth_too_many_attempts(request):
    from allauth.account import app_settings

    name = getattr(getattr(request, "resolver_match", None), "url_name", None)
    longest = 0
    for action in _ALLAUTH_ACTIONS.get(name, ()):
        for part in filter(None, (app_settings.RATE_LIMITS.get(action) or "").split(",")):
            amount, duration, *_per = part.strip().split("/")
            unit = duration[-1]
            longest = max(longest, int(float(duration[:-1] or 1) * UNITS.get(unit, 60)))
    if not longest:  # a limit of allauth's not mapped above: no time we could stand by
        return too_many_attempts(request)
    return too_many_attempts(request, timezone.now() + datetime.timedelta(seconds=longest))
