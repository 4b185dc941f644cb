"""Funding changes, consultations and the calendar feed of each organisation.

A funding change is never deleted or overwritten silently: each amendment appends a
FundingChangeAmendment recording who changed which fields from what to what, and a
withdrawal is a status with who, when and why.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import rules


class FundingChange(models.Model):
    class Kind(models.TextChoices):
        REDUCTION = "reduction", "Reduction"
        ENDING = "ending", "Ending"
        CHANGE_OF_TERMS = "change_of_terms", "Change of terms"
        NEW_AWARD = "new_award", "New award"
        INCREASED_AWARD = "increased_award", "Increased award"

    # Reductions, endings and changes of terms need notice; awards are logged for completeness.
    NOTICE_KINDS = (Kind.REDUCTION, Kind.ENDING, Kind.CHANGE_OF_TERMS)

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned, notice not yet given"
        NOTIFIED = "notified", "Notice given"
        WITHDRAWN = "withdrawn", "Withdrawn"

    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.PROTECT, related_name="funding_changes"
    )
    funding_body = models.ForeignKey(
        "signatories.Organisation", on_delete=models.PROTECT, related_name="funding_changes_made"
    )
    recipient = models.ForeignKey(
        "signatories.Organisation",
        on_delete=models.PROTECT,
        related_name="funding_changes_received",
        verbose_name="organisation funded",
    )
    programme = models.CharField("programme or service", max_length=250)
    kind = models.CharField("kind of change", max_length=20, choices=Kind.choices)
    current_annual_amount = models.DecimalField(
        "current annual amount", max_digits=12, decimal_places=2, null=True, blank=True
    )
    new_annual_amount = models.DecimalField(
        "new annual amount", max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    notice_given_on = models.DateField("date written notice was given", null=True, blank=True)
    takes_effect_on = models.DateField("date the change takes effect")
    rationale = models.TextField("reasons for the change")
    impact_assessment = models.TextField(
        "impact on beneficiaries, service users and volunteers", blank=True
    )
    response_invited = models.BooleanField(
        "the organisation was given the opportunity to respond", default=False
    )
    response_invited_on = models.DateField("date it was invited to respond", null=True, blank=True)
    exceptional_circumstances = models.BooleanField(default=False)
    exceptional_reason = models.TextField("reason for shorter notice", blank=True)
    # The compact's minimum when the change was logged: later versions do not rewrite the record.
    minimum_notice_months = models.PositiveSmallIntegerField()
    # False when the compact set no minimum and the national Compact's applied.
    notice_set_by_compact = models.BooleanField(default=True, db_default=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    final_decision_on = models.DateField("date of the final decision", null=True, blank=True)
    responses_considered = models.BooleanField(
        "the organisation's response was considered before the final decision", null=True
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-takes_effect_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_given_on__isnull=True)
                | Q(takes_effect_on__gte=models.F("notice_given_on")),
                name="funding_change_effect_after_notice",
            ),
            models.CheckConstraint(
                condition=Q(exceptional_circumstances=False) | ~Q(exceptional_reason=""),
                name="funding_change_exceptional_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="funding_change_withdrawn_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["funding_body", "status"], name="funding_change_body_idx"),
            models.Index(fields=["recipient", "status"], name="funding_change_recipient_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.programme} ({self.recipient})"

    def get_absolute_url(self):
        return reverse("accountability:funding_detail", kwargs={"pk": self.pk})

    @property
    def needs_notice(self) -> bool:
        return self.kind in self.NOTICE_KINDS

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def notice_kept(self) -> bool | None:
        """True or False once notice is given for a change that needs it; None otherwise."""
        if not self.needs_notice or self.notice_given_on is None:
            return None
        return rules.notice_is_kept(
            notice_given_on=self.notice_given_on,
            takes_effect_on=self.takes_effect_on,
            minimum_notice_months=self.minimum_notice_months,
        )

    @property
    def minimum_notice_rule(self) -> str:
        """The minimum this change was held to, in words, saying where it comes from."""
        months = self.minimum_notice_months
        period = f"{months} calendar month{'s' if months != 1 else ''}"
        if self.notice_set_by_compact:
            return f"the compact's minimum of {period}"
        return f"the national Compact's minimum of {period}, as this compact sets none"

    @property
    def is_breach(self) -> bool:
        return self.notice_kept is False and not self.exceptional_circumstances

    @property
    def last_day_to_give_notice(self) -> datetime.date:
        return rules.last_day_to_give_notice(
            takes_effect_on=self.takes_effect_on, minimum_notice_months=self.minimum_notice_months
        )

    @property
    def earliest_effective_date(self) -> datetime.date | None:
        if self.notice_given_on is None:
            return None
        return rules.earliest_effective_date(
            notice_given_on=self.notice_given_on, minimum_notice_months=self.minimum_notice_months
        )

    @property
    def takes_responses(self) -> bool:
        """Whether the funded organisation may still respond: not once withdrawn or decided."""
        return not self.is_withdrawn and self.final_decision_on is None

    @property
    def response_before_decision(self) -> bool | None:
        """Whether the first response came on or before the final decision (None if unknown)."""
        responses = list(self.responses.all())
        if not responses or self.final_decision_on is None:
            return None
        return timezone.localdate(responses[0].created_at) <= self.final_decision_on

    @property
    def notice_given(self):
        if self.notice_given_on is None:
            return None
        return rules.notice_given(
            notice_given_on=self.notice_given_on, takes_effect_on=self.takes_effect_on
        )


class FundingChangeAmendment(models.Model):
    """One change to a funding change's record: which fields, from what, to what, by whom."""

    funding_change = models.ForeignKey(
        FundingChange, on_delete=models.PROTECT, related_name="amendments"
    )
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amended_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    # {"field label": {"from": "...", "to": "..."}}, as shown to people at the time.
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["amended_at", "id"]

    def __str__(self):
        return f"Amendment to {self.funding_change} on {self.amended_at:%Y-%m-%d}"


class ExceptionalRequest(models.Model):
    """A funding body asking the compact's steering group to accept shorter notice as
    exceptional, once notice was given or the change took effect. Until the steering group
    agrees, the change counts as a breach; the row keeps who asked and who decided."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the steering group"
        AGREED = "agreed", "Agreed by the steering group"
        REFUSED = "refused", "Refused by the steering group"

    funding_change = models.ForeignKey(
        FundingChange, on_delete=models.PROTECT, related_name="exceptional_requests"
    )
    reason = models.TextField("exceptional circumstances")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField("reason for the steering group's decision", blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["funding_change"],
                condition=Q(status="pending"),
                name="exceptional_request_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="exceptional_request_decided_has_date",
            ),
        ]

    def __str__(self):
        return f"Exceptional circumstances for {self.funding_change} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("accountability:exceptional_decide", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class FundingChangeResponse(models.Model):
    """The funded organisation's answer to a change. Responses are added, never edited."""

    funding_change = models.ForeignKey(
        FundingChange, on_delete=models.PROTECT, related_name="responses"
    )
    organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("response")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Response to {self.funding_change} by {self.organisation}"


class Consultation(models.Model):
    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.PROTECT, related_name="consultations"
    )
    organisation = models.ForeignKey(
        "signatories.Organisation",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name="body running it",
    )
    title = models.CharField(max_length=250)
    summary = models.TextField()
    link = models.URLField("web address of the consultation", max_length=500)
    audience = models.CharField("who it is for", max_length=500)
    opens_on = models.DateField("opening date")
    closes_on = models.DateField("closing date")
    minimum_weeks = models.PositiveSmallIntegerField()
    shorter_reason = models.TextField("reason it runs for less than the minimum", blank=True)
    feedback_we_asked = models.TextField("we asked", blank=True)
    feedback_you_said = models.TextField("you said", blank=True)
    feedback_we_did = models.TextField("we did", blank=True)
    feedback_published_on = models.DateField(null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["closes_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=models.F("opens_on")),
                name="consultation_closes_after_opening",
            ),
        ]
        indexes = [
            models.Index(fields=["compact", "closes_on"], name="consultation_compact_idx"),
            models.Index(fields=["organisation", "closes_on"], name="consultation_org_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("accountability:consultation_detail", kwargs={"pk": self.pk})

    @property
    def length_days(self) -> int:
        return rules.consultation_length_days(opens_on=self.opens_on, closes_on=self.closes_on)

    @property
    def length_text(self) -> str:
        return rules.weeks_and_days(self.length_days)

    @property
    def is_long_enough(self) -> bool:
        return rules.consultation_is_long_enough(
            opens_on=self.opens_on, closes_on=self.closes_on, minimum_weeks=self.minimum_weeks
        )

    def feedback_due_on(self) -> datetime.date:
        return rules.feedback_due_on(
            closes_on=self.closes_on, feedback_due_weeks=self.compact.feedback_due_weeks
        )

    def feedback_overdue(self, today: datetime.date | None = None) -> bool:
        return rules.feedback_is_overdue(
            closes_on=self.closes_on,
            feedback_due_weeks=self.compact.feedback_due_weeks,
            feedback_published_on=self.feedback_published_on,
            today=today or timezone.localdate(),
        )

    def takes_responses(self, today: datetime.date | None = None) -> bool:
        """Open: from its opening day up to and including its closing day."""
        return self.stage(today) in (rules.Stage.OPEN, rules.Stage.CLOSING_SOON)

    def stage(self, today: datetime.date | None = None) -> str:
        return rules.consultation_stage(
            opens_on=self.opens_on,
            closes_on=self.closes_on,
            feedback_published_on=self.feedback_published_on,
            today=today or timezone.localdate(),
        )


class ConsultationFollow(models.Model):
    """A VCS signatory following a consultation: it appears on its dashboard and calendar."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="follows")
    organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.CASCADE, related_name="consultations_followed"
    )
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="consultation_follow_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} follows {self.consultation}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of an organisation's calendar. Resetting replaces the token."""

    organisation = models.OneToOneField(
        "signatories.Organisation", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    reset_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar of {self.organisation}"

    def get_absolute_url(self):
        return reverse("accountability:calendar", kwargs={"token": self.token})
