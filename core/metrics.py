"""`/metrics`: the portal's figures in Prometheus's text format, for its monitoring only.

- Request latency is measured here, by `RequestMetricsMiddleware`, per URL name (never
  per path: a path holds slugs and ids, and each would be a series of its own).
- What only an app knows is counted by that app: it registers a prometheus_client
  collector (`register_collector`) in `AppConfig.ready()`, reading its figures from
  the database when scraped, so they are the same whichever process answers and
  include the worker's work (outbox: `outbox.metrics`).
- With several web processes (granian's workers), set `PROMETHEUS_MULTIPROC_DIR` to an
  empty folder each process can write: the latency is then gathered from all of them.

Nobody but the monitoring may read it: the view answers only a request that bears
`Authorization: Bearer <METRICS_TOKEN>`, and 404 to everyone when the setting is empty.
"""

import hmac
import os
import time

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUEST_LATENCY = Histogram(
    "portal_request_duration_seconds",
    "Time from a request's arrival to its response, by URL name, method and status class.",
    ["view", "method", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)

_collectors: list = []


def register_collector(collector) -> None:
    """Add a prometheus_client collector (an object with `collect()`) to `/metrics`, once
    per class however often ready() runs."""
    if not any(type(known) is type(collector) for known in _collectors):
        _collectors.append(collector)


class RequestMetricsMiddleware:
    """Times every request; first in MIDDLEWARE, so the time includes the other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        REQUEST_LATENCY.labels(
            view=(match.view_name if match else "") or "unmatched",
            method=request.method if request.method in _METHODS else "other",
            status=f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _bearer_token_matches(request) -> bool:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given.removeprefix("Bearer ").strip(), expected)


def metrics_text() -> bytes:
    """Every figure, in Prometheus's text format: this process's (or, in multiprocess
    mode, every web process's) and each registered collector's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    extra = CollectorRegistry()
    for collector in _collectors:
        extra.register(collector)
    return text + generate_latest(extra)


@never_cache
@require_GET
def metrics(request):
    """For the monitoring only: 404 unless the request bears METRICS_TOKEN."""
    if not _bearer_token_matches(request):
        raise Http404
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
