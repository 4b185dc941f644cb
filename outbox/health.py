"""What the outbox tells `/healthz` (registered with core.health in `OutboxConfig.ready`)."""

import datetime

from django.conf import settings

from core.health import Health, age_within_limit

from .selectors import oldest_undelivered_at


def oldest_undelivered_email(now: datetime.datetime) -> Health:
    """Unhealthy when an e-mail has waited to be sent longer than its limit
    (`HEALTH_UNDELIVERED_EMAIL_MAX_AGE`): the mail server or the worker is not doing it."""
    queued_at = oldest_undelivered_at()
    return age_within_limit(
        since=queued_at or now, now=now, limit_seconds=settings.HEALTH_UNDELIVERED_EMAIL_MAX_AGE
    )
