"""Concerns raised under a compact, and everything that happens to them.

A case's stage moves only through `disputes.stages` (who may make which move) and
`disputes.services.case_move`. The timeline is append-only: a mistake is followed by
a correction, never edited away.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .storage import private_storage


class Stage(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVING = "resolving", "Resolving between the parties"
    IN_MEDIATION = "in_mediation", "In mediation"
    STEERING_REVIEW = "steering_review", "Steering group review"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    RESOLVED_BY_AGREEMENT = "resolved_by_agreement", "Resolved by agreement"
    UPHELD = "upheld", "Upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DisputeSettings(models.Model):
    """One compact's time limits for concerns, in working days (England and Wales).

    A compact without a row uses the defaults below (see `settings_for`).
    """

    compact = models.OneToOneField(
        "commitments.Compact", on_delete=models.CASCADE, related_name="dispute_settings"
    )
    acknowledge_within_working_days = models.PositiveSmallIntegerField(
        "working days to acknowledge a concern", default=10
    )
    respond_within_working_days = models.PositiveSmallIntegerField(
        "working days for the other organisation to respond", default=20
    )
    resolve_within_working_days = models.PositiveSmallIntegerField(
        "working days for the parties to resolve it between them", default=40
    )
    mediate_within_working_days = models.PositiveSmallIntegerField(
        "working days for mediation", default=40
    )
    review_within_working_days = models.PositiveSmallIntegerField(
        "working days for the steering group's review", default=20
    )
    # UK GDPR: kept no longer than needed. The privacy notice shows each compact's period.
    retention_years = models.PositiveSmallIntegerField(
        "years to keep a closed concern's documents and personal details",
        default=6,
        # A database default too, so the old code's inserts work while a deploy runs.
        db_default=6,
        help_text="After this many years from closing, the portal removes them; the outcome, "
        "the organisations and the dates stay for the compact's figures.",
    )

    class Meta:
        verbose_name_plural = "dispute settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledge_within_working_days__gte=1)
                & Q(respond_within_working_days__gte=1)
                & Q(resolve_within_working_days__gte=1)
                & Q(mediate_within_working_days__gte=1)
                & Q(review_within_working_days__gte=1),
                name="dispute_limits_at_least_one_day",
            ),
        ]

    def __str__(self):
        return f"Time limits for {self.compact}"


class MediationPanelMember(models.Model):
    """A person a compact's steering group may assign to a case as an independent mediator."""

    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.CASCADE, related_name="mediation_panel"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mediation_panels"
    )
    about = models.CharField("background", max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["compact", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "user"], name="mediation_panel_unique"),
        ]

    def __str__(self):
        return f"{self.user} (mediator, {self.compact})"


class Case(models.Model):
    """A concern one organisation raises about another under one compact."""

    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.PROTECT, related_name="cases"
    )
    version = models.ForeignKey(
        "commitments.CompactVersion", on_delete=models.PROTECT, related_name="cases"
    )
    raised_by_organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.PROTECT, related_name="cases_raised"
    )
    about_organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.PROTECT, related_name="cases_about"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="cases_raised"
    )
    principles = models.ManyToManyField("commitments.Principle", related_name="cases")
    undertakings = models.ManyToManyField(
        "commitments.Undertaking", blank=True, related_name="cases"
    )
    # Where the concern is about something logged on the portal (issue 4's records).
    funding_change = models.ForeignKey(
        "accountability.FundingChange",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="funding change on the portal",
    )
    consultation = models.ForeignKey(
        "accountability.Consultation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="consultation on the portal",
    )
    title = models.CharField("short title", max_length=150)
    what_happened = models.TextField("what happened")
    happened_on = models.DateField("when it happened", null=True, blank=True)
    what_has_been_tried = models.TextField("what has been tried so far", blank=True)
    outcome_wanted = models.TextField("what outcome you want", blank=True)
    # Confidentiality choices of the raiser (see disputes.permissions).
    withhold_raiser_name = models.BooleanField(
        "keep our name from the other organisation until mediation", default=False
    )
    on_behalf_of_group = models.CharField("raised on behalf of a group", max_length=200, blank=True)
    group_agrees_to_be_named = models.BooleanField(default=False)

    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    stage_entered_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reached_mediation_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_mediated",
    )
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    outcome_summary = models.TextField(blank=True)
    lessons = models.TextField("lessons for the compact", blank=True)
    # When the retention period ran out and the case's documents and personal details went.
    personal_details_removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["compact", "stage"], name="case_compact_stage_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(raised_by_organisation=models.F("about_organisation")),
                name="case_parties_differ",
            ),
            models.CheckConstraint(
                condition=Q(stage="closed", outcome__gt="") | (~Q(stage="closed") & Q(outcome="")),
                name="case_outcome_only_when_closed",
            ),
        ]

    def __str__(self):
        return f"Case {self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("disputes:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}" if self.pk else "new"

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.DRAFT, Stage.CLOSED)


def _attachment_path(instance, filename):
    # Never the uploader's file name on disk: it is kept in `original_name` only.
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """A document attached to a case; its bytes live in PRIVATE_MEDIA_ROOT."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("disputes:document", kwargs={"pk": self.case_id, "document_pk": self.pk})


class TimelineEntry(models.Model):
    """One event on a case. Created by services only; never edited or deleted."""

    class Kind(models.TextChoices):
        STAGE_CHANGE = "stage_change", "Stage change"
        MESSAGE = "message", "Message"
        DOCUMENT = "document", "Document"
        MEETING = "meeting", "Mediation session"
        NOTE = "note", "Note"
        CORRECTION = "correction", "Correction"
        CONFIDENTIALITY = "confidentiality", "Name shared"
        MEDIATOR = "mediator", "Mediator assigned"
        SUCCESSION = "succession", "Organisation taken over"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Which side the author spoke for, fixed when written, so names can be withheld.
    author_side = models.CharField(max_length=12, blank=True)
    body = models.TextField(blank=True)
    # Notes are for the steering group and the mediator only.
    is_private = models.BooleanField(default=False)
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    held_on = models.DateField("date of the session", null=True, blank=True)
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "timeline entries"
        indexes = [models.Index(fields=["case", "created_at"], name="timeline_case_created_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} on case {self.case_id}"
