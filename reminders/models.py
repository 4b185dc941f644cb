"""Deadlines to remind about, the reminders sent for them, and who wants what.

A `Deadline` is one date that matters (a consultation closing, the last day to
give notice of a funding change, a dispute stage's time limit...). It carries
`next_remind_at`, the next moment someone must be told, indexed only while a
reminder is still to come, so a sweep reads what is due and nothing else.

A `Reminder` is the record that one person was (or is being) told about one
deadline at one offset. Its unique constraint is what makes a reminder go out
exactly once: a second sweep, a second beat or a redelivered task cannot insert
it again.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    CONSULTATION_CLOSING = "consultation_closing", "Consultations closing"
    CONSULTATION_FEEDBACK = "consultation_feedback", "Consultation feedback overdue"
    FUNDING_NOTICE = "funding_notice", "Last day to give notice of a funding change"
    FUNDING_TAKES_EFFECT = "funding_takes_effect", "Funding changes taking effect"
    DISPUTE_STAGE = "dispute_stage", "Time limits on concerns you must act on"
    DISPUTE_PAST_LIMIT = "dispute_past_limit", "Concerns past their time limit"
    APPLICATION_WAITING = "application_waiting", "Applications to sign waiting for a decision"
    NO_CHAMPION = "no_champion", "Organisations without a Compact Champion"
    COMPACT_REFRESHED = "compact_refreshed", "New versions of a compact to sign"


class Deadline(models.Model):
    """A date someone must be reminded of, about one object of another app.

    `offsets` are whole days before `due_on` (negative: after it) at which to
    remind; each reminder goes out at REMINDER_HOUR, local time, on its day.
    """

    kind = models.CharField(max_length=32, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # Tells apart several deadlines of one kind for one object, e.g. a case's stages.
    key = models.CharField(max_length=60, blank=True, default="")
    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.CASCADE, related_name="reminder_deadlines"
    )
    organisation = models.ForeignKey(
        "signatories.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder_deadlines",
        help_text="The organisation the deadline concerns, for its dashboard.",
    )
    title = models.CharField(max_length=300)
    url = models.CharField("link", max_length=500, help_text="Path of the page to act on.")
    due_on = models.DateField()
    offsets = models.JSONField(default=list)
    next_remind_at = models.DateTimeField(null=True, blank=True)
    # The last reminder moment already handled; moments up to it are never sent again.
    reminded_through = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "key"], name="deadline_unique"
            ),
        ]
        indexes = [
            # Only deadlines with a reminder still to come are in it: the sweep's index.
            models.Index(
                fields=["next_remind_at", "id"],
                condition=Q(next_remind_at__isnull=False),
                name="deadline_due_idx",
            ),
            models.Index(fields=["compact", "kind"], name="deadline_compact_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.due_on:%d %b %Y})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Reminder(models.Model):
    """One person told about one deadline at one offset. Never recorded twice.

    The e-mail itself is an `outbox.Message` (`email`), queued in the transaction
    that records the reminder: the outbox delivers it, retries it, records its
    failure and offers "Send again", as for every other e-mail.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be e-mailed"
        DIGEST = "digest", "Waiting for the daily digest"
        SENT = "sent", "E-mail queued"
        # Written by the reminders' own delivery before the outbox took it over.
        FAILED = "failed", "Could not be e-mailed"
        NOT_EMAILED = "not_emailed", "Shown on the portal only"

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "An e-mail for each reminder"
        DIGEST = "digest", "One e-mail a day with all my reminders"
        OFF = "off", "No e-mails: show them on the portal only"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    # The organisation the person is told as a member of; empty for a compact-wide role.
    organisation = models.ForeignKey(
        "signatories.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField()
    offset_days = models.SmallIntegerField()
    message = models.CharField(max_length=400)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When its e-mail was queued in the outbox (the outbox records when it went).
    sent_at = models.DateTimeField(null=True, blank=True)
    # No index: nothing looks reminders up by their e-mail; messages go only on erasure.
    email = models.ForeignKey(
        "outbox.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Exactly once: the database refuses a second reminder for the same moment.
            models.UniqueConstraint(
                fields=["deadline", "recipient", "due_on", "offset_days"],
                name="reminder_once",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="reminder_recipient_idx"),
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["pending", "digest"]),
                name="reminder_unsent_idx",
            ),
            models.Index(
                fields=["created_at"], condition=Q(status="failed"), name="reminder_failed_idx"
            ),
        ]

    def __str__(self):
        return f"{self.message} – to {self.recipient} ({self.get_status_display()})"


class ReminderPreference(models.Model):
    """How one person wants one kind of reminder. No row: an e-mail for each."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    delivery = models.CharField(
        max_length=12, choices=Reminder.Delivery.choices, default=Reminder.Delivery.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_preference_unique"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.delivery}"


def validate_day_list(value: str) -> None:
    try:
        days = parse_day_list(value)
    except ValueError:
        raise ValidationError(
            "Enter whole numbers of days separated by commas, for example 14, 3"
        ) from None
    if any(day < 0 or day > 730 for day in days):
        raise ValidationError("Each number of days must be between 0 and 730")


def parse_day_list(value: str) -> list[int]:
    """'14, 3' -> [14, 3]; an empty text is no reminder at all."""
    return sorted({int(part) for part in value.replace(" ", "").split(",") if part}, reverse=True)


def _day_list_field(label: str, default: str) -> models.CharField:
    """A list of whole days, typed as "14, 3"."""
    return models.CharField(
        label, max_length=60, blank=True, default=default, validators=[validate_day_list]
    )


class ReminderSettings(models.Model):
    """A compact's reminder timings. Created with the issue's defaults the first time it is read."""

    compact = models.OneToOneField(
        "commitments.Compact", on_delete=models.CASCADE, related_name="reminder_settings"
    )
    consultation_closing_days = _day_list_field(
        "days before a consultation closes",
        "14, 3",
    )
    consultation_feedback_days = _day_list_field(
        "days after consultation feedback becomes overdue",
        "0, 14",
    )
    funding_notice_days = _day_list_field(
        "days before the last day to give notice of a planned funding change",
        "14, 7, 1",
    )
    funding_takes_effect_days = _day_list_field(
        "days before a funding change takes effect",
        "14, 1",
    )
    dispute_stage_days = _day_list_field(
        "days before a concern's time limit (a reminder also goes when it passes)",
        "3",
    )
    dispute_past_limit_days = _day_list_field(
        "days after a concern passes its time limit, to tell the steering group",
        "1, 14",
    )
    application_waiting_days = _day_list_field(
        "days an application to sign may wait before administrators are reminded",
        "14, 28",
    )
    no_champion_days = _day_list_field(
        "days after signing without a Compact Champion",
        "30, 90",
    )
    compact_refreshed_days = _day_list_field(
        "days after a new version is published, for organisations that signed an earlier one",
        "0, 30",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self):
        return f"Reminder settings for {self.compact}"


class SourceCursor(models.Model):
    """How far a source's append-only table has been read, by id, so each sweep reads
    only what changed since the last (see reminders.sources.refresh_changed)."""

    name = models.CharField(max_length=60, unique=True)
    last_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} read up to {self.last_id}"
