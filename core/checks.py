"""Checks `manage.py check --deploy` adds to Django's own."""

from django.conf import settings
from django.core.checks import Error

# Mailers that never hand a message to anyone: fine for tests and a build step, not a server.
_UNDELIVERING_BACKENDS = ("locmem", "dummy", "console", "filebased")


def mail_is_delivered(app_configs, **kwargs):
    """A deployed portal must send its mail: reset links and notices kept in memory (or
    printed into the log) would leave people locked out, or expose their accounts."""
    if settings.DEBUG:
        return []
    problems = []
    for name, mailer in getattr(settings, "MAILERS", {}).items():
        backend = mailer.get("BACKEND", "")
        if any(f".{kind}." in backend for kind in _UNDELIVERING_BACKENDS):
            problems.append(
                Error(
                    f"The {name!r} mailer ({backend}) never delivers e-mail.",
                    hint="Set EMAIL_URL to a mail server: smtp://user:password@host:587?tls=1",
                    id="portal.E001",
                )
            )
    return problems
