"""The outbox's figures for `/metrics`, read from the database when scraped (so they
count the worker's deliveries, whichever web process answers)."""

from django.db.models import Count, Q, Sum
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .models import Message


class OutboxCollector:
    """Queue depth by state, e-mails sent, failed attempts, and the oldest one waiting."""

    def collect(self):
        from .selectors import oldest_undelivered_at

        figures = Message.objects.aggregate(
            pending=Count("pk", filter=Q(status=Message.Status.PENDING)),
            retrying=Count("pk", filter=Q(status=Message.Status.PENDING, attempts__gt=0)),
            failed=Count("pk", filter=Q(status=Message.Status.FAILED)),
            sent=Count("pk", filter=Q(status=Message.Status.SENT)),
            attempts=Sum("attempts"),
        )
        depth = GaugeMetricFamily(
            "portal_outbox_messages",
            "E-mails not yet delivered: waiting (pending, of which retrying) or failed for good.",
            labels=["state"],
        )
        for state in ("pending", "retrying", "failed"):
            depth.add_metric([state], figures[state])
        yield depth
        yield CounterMetricFamily(
            "portal_outbox_delivered", "E-mails the mail server took.", value=figures["sent"]
        )
        # Every attempt either delivered its message or failed; a sent message's
        # earlier attempts failed.
        yield CounterMetricFamily(
            "portal_outbox_failed_attempts",
            "Delivery attempts that failed (the message was tried again or gave up).",
            value=(figures["attempts"] or 0) - figures["sent"],
        )
        oldest = oldest_undelivered_at()
        yield GaugeMetricFamily(
            "portal_outbox_oldest_pending_timestamp_seconds",
            "When the oldest e-mail still waiting was queued (Unix time; 0 when none waits).",
            value=oldest.timestamp() if oldest else 0,
        )
