"""Every e-mail the portal sends, as a row written with the change it reports."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q


class Message(models.Model):
    """One e-mail, rendered when it was queued, delivered by the worker.

    `next_attempt_at` is when the worker should next try it (NULL once sent or
    failed for good); the retry time lives here, not in the broker, so a broker
    restart loses nothing and the sweep finds due rows through the partial index.
    While a worker is sending it, it is a short lease: a worker killed mid-exchange
    leaves a row that falls due again one sweep later.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    created_at = models.DateTimeField(auto_now_add=True)
    template = models.CharField(max_length=100, help_text="Which e-mail this is.")
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=998)
    text = models.TextField()
    html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    server_reply = models.TextField(
        blank=True, help_text="What the mail server answered when it took the message."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # Whose business the e-mail is: that compact's steering group sees it when it is
    # late. A plain number, not a foreign key: the outbox sits below commitments.
    compact_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due_idx",
                condition=Q(next_attempt_at__isnull=False),
            ),
            models.Index(
                fields=["status", "created_at"],
                name="outbox_undelivered_idx",
                condition=~Q(status="sent"),
            ),
            # A steering group's late list: only what is not sent, by compact.
            models.Index(
                fields=["compact_id", "created_at"],
                name="outbox_compact_undelivered_idx",
                condition=~Q(status="sent"),
            ),
        ]

    def __str__(self):
        return f"{self.subject} to {', '.join(self.to)}"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a resend is recognisably the same e-mail."""
        domain = urlsplit(settings.SITE_URL).hostname or "compact.example"
        return f"<outbox-{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{domain}>"
