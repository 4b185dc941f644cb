"""What `/healthz` reports: every part the portal needs, each with its own limit.

Core checks the database, the broker and the cache itself. The apps built on core
register what only they know, in `AppConfig.ready()`, so core imports none of them:

- `register_health_check(name, check)`: `check(now) -> Health`, e.g. the outbox's
  oldest undelivered e-mail;
- `register_sweep(task_name, name=, limit_setting=)`: a periodic Celery task whose
  last completed run is recorded (`core.models.SweepHeartbeat`, written by the
  worker when the task succeeds) and must be younger than the setting's seconds.

A check must be cheap (one indexed query, or one round trip with a short time-out):
load balancers and monitors call `/healthz` every few seconds.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from celery import current_app as celery_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    """One part's answer: healthy or not, and what it measured (ages in whole seconds)."""

    ok: bool
    detail: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"status": "ok" if self.ok else "unavailable", **self.detail}


def age_within_limit(
    *, since: datetime.datetime | None, now: datetime.datetime, limit_seconds: int
) -> Health:
    """Healthy when `since` is at most `limit_seconds` ago; None (it never happened) is not."""
    if since is None:
        return Health(False, {"age_seconds": None, "limit_seconds": limit_seconds})
    age = max(int((now - since).total_seconds()), 0)
    return Health(age <= limit_seconds, {"age_seconds": age, "limit_seconds": limit_seconds})


def database_health(now: datetime.datetime) -> Health:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return Health(cursor.fetchone() == (1,))
    except Exception:  # whatever the driver raises, the database is not answering
        return Health(False)


def broker_health(now: datetime.datetime) -> Health:
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return Health(True)
    except Exception:  # kombu, redis and socket errors alike
        return Health(False)


def cache_health(now: datetime.datetime) -> Health:
    """The shared cache itself: the portal's Redis cache answers from local memory while
    Redis is down (core.cache), so a write and read would hide the outage; ping Redis."""
    try:
        redis_client = getattr(cache, "_cache", None)
        if redis_client is not None and hasattr(redis_client, "get_client"):
            return Health(bool(redis_client.get_client(write=True).ping()))
        cache.set("healthz", "ok", 10)
        return Health(cache.get("healthz") == "ok")
    except Exception:  # redis and socket errors alike
        return Health(False)


_checks: dict[str, Callable[[datetime.datetime], Health]] = {
    "database": database_health,
    "broker": broker_health,
    "cache": cache_health,
}
# Celery task name -> the health check's name, for the tasks whose runs are recorded.
_sweeps: dict[str, str] = {}


def register_health_check(name: str, check: Callable[[datetime.datetime], Health]) -> None:
    """Add `check(now) -> Health` to `/healthz` under `name` (registering again replaces it)."""
    _checks[name] = check


def register_sweep(task_name: str, *, name: str, limit_setting: str) -> None:
    """Record each completed run of the Celery task `task_name`; `/healthz` reports the age
    of the last as `name`, unhealthy past `settings.<limit_setting>` seconds."""
    _sweeps[task_name] = name

    def check(now: datetime.datetime) -> Health:
        from .models import SweepHeartbeat

        completed_at = (
            SweepHeartbeat.objects.filter(name=name).values_list("completed_at", flat=True).first()
        )
        return age_within_limit(
            since=completed_at, now=now, limit_seconds=getattr(settings, limit_setting)
        )

    register_health_check(name, check)


def sweep_record_completed(*, task_name: str, now: datetime.datetime | None = None) -> None:
    """Note that a registered sweep has just completed (called by the worker)."""
    from .models import SweepHeartbeat

    name = _sweeps.get(task_name)
    if name is None:
        return
    SweepHeartbeat.objects.update_or_create(
        name=name, defaults={"completed_at": now or timezone.now()}
    )


def record_sweep_on_success(sender=None, **kwargs) -> None:
    """Celery's `task_success` signal: a registered sweep ran to its end."""
    task_name = getattr(sender, "name", None)
    if task_name in _sweeps:
        try:
            sweep_record_completed(task_name=task_name)
        except Exception:  # a record of health must never fail the task it watches
            logger.warning("Could not record that %s completed.", task_name, exc_info=True)


def health_report(*, now: datetime.datetime | None = None) -> tuple[bool, dict]:
    """(healthy, JSON body): every registered part, and whether all are within their limits."""
    now = now or timezone.now()
    results = {}
    for name, check in _checks.items():
        try:
            results[name] = check(now)
        except Exception:  # a check that breaks is a part that is not healthy
            logger.warning("Health check %s failed.", name, exc_info=True)
            results[name] = Health(False)
    healthy = all(result.ok for result in results.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: result.as_json() for name, result in results.items()},
    }
    return healthy, body
