"""Logs a machine can read: JSON lines in production, each with the request it belongs to.

- `RequestIdMiddleware` (first in MIDDLEWARE) gives every request an id: the caller's
  `X-Request-ID` when it sends a sensible one (a proxy or load balancer that made one
  already), a new one otherwise. It is returned in the response's `X-Request-ID`, so a
  person reporting a problem can quote it.
- `RequestIdFilter` puts that id on every log record (`request_id`, "-" outside a
  request), whatever logger wrote it, so one request's lines can be found together.
- Work handed to Celery during a request carries the id in its message headers, and
  the worker logs the task's lines under it (`connect_celery`).
- `JsonFormatter` writes one JSON object per line (python-json-logger), chosen by the
  `LOG_FORMAT` setting: `json` unless `DEBUG`.
"""

import contextvars
import logging
import re
import uuid

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

HEADER = "X-Request-ID"
# Ours are 32 hex digits; a proxy's may be a UUID or similar. Anything else (too long,
# spaces, control characters) could forge log lines, so it is replaced.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request (or of the request whose task this is) being handled, if any."""
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record that passes the handler it is attached to."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get() or "-"
        return True


class RequestIdMiddleware:
    """Sets the request's id for everything logged while it is handled, and returns it.

    The id stays set until Django's `request_finished` (see `connect_request_signals`),
    because Django logs a 4xx or 5xx ("Not Found: …") after the middleware has returned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _ACCEPTABLE.fullmatch(given) else new_request_id()
        request.request_id = request_id
        _request_id.set(request_id)
        _tag_error_reports(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget_request_id(sender=None, **kwargs) -> None:
    # A thread serves one request after another: none inherits the last one's id.
    _request_id.set(None)


def connect_request_signals() -> None:
    """Clear the id as each request starts and finishes (called from CoreConfig.ready)."""
    from django.core.signals import request_finished, request_started

    request_started.connect(_forget_request_id, dispatch_uid="core.logs.started")
    request_finished.connect(_forget_request_id, dispatch_uid="core.logs.finished")


def _tag_error_reports(request_id: str) -> None:
    # Sentry (when SENTRY_DSN is set) files an error under the same id as the log lines.
    import sentry_sdk

    sentry_sdk.set_tag("request_id", request_id)


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time, level, logger, message, request id, and any extra."""

    def __init__(self, *args, **kwargs):
        # The fields every line has; anything passed as `extra=` is added after them.
        kwargs.setdefault("fmt", "{asctime}{levelname}{name}{message}{request_id}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        super().__init__(*args, **kwargs)


# Celery: the id travels in the task message's headers and is set while the task runs.
_HEADER_KEY = "portal_request_id"


def _publish_with_request_id(sender=None, headers=None, **kwargs) -> None:
    request_id = _request_id.get()
    if request_id and headers is not None:
        headers.setdefault(_HEADER_KEY, request_id)


def _task_starts(sender=None, task=None, **kwargs) -> None:
    request = getattr(task, "request", None)
    request_id = None
    if request is not None:
        request_id = getattr(request, _HEADER_KEY, None) or (request.headers or {}).get(_HEADER_KEY)
    task._portal_request_id_token = _request_id.set(request_id or new_request_id())


def _task_ends(sender=None, task=None, **kwargs) -> None:
    token = getattr(task, "_portal_request_id_token", None)
    if token is not None:
        task._portal_request_id_token = None
        try:
            _request_id.reset(token)
        except ValueError:  # ended in another context than it started: forget it there
            _request_id.set(None)


def connect_celery() -> None:
    """Carry request ids into Celery tasks (called from CoreConfig.ready)."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_publish_with_request_id, dispatch_uid="core.logs.publish")
    task_prerun.connect(_task_starts, dispatch_uid="core.logs.prerun")
    task_postrun.connect(_task_ends, dispatch_uid="core.logs.postrun")
