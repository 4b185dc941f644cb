"""The yearly review of a compact: the steering group's self-assessment, each signatory's
action plan, and the help the steering group offers.

The questions and plan items are each compact's own, loaded from a YAML template
(docs/toolkit-format.md). Each carries a stable `key` from that file, so loading a
revised template updates wording without losing a year's answers; an item the new
template drops is retired, not deleted, because old answers still point at it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ToolkitSection(models.Model):
    """One part of a compact's self-assessment toolkit, e.g. "Membership and reach"."""

    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.CASCADE, related_name="toolkit_sections"
    )
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["compact", "position"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "key"], name="toolkit_section_key_unique"),
        ]

    def __str__(self):
        return self.title


class ToolkitQuestion(models.Model):
    section = models.ForeignKey(ToolkitSection, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    # Names a function in reviews.evidence that answers the question from the portal's records.
    evidence = models.CharField(max_length=60, blank=True)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="toolkit_question_key_unique"),
        ]

    def __str__(self):
        return self.text[:80]


class SelfAssessment(models.Model):
    """The steering group's answers to the toolkit for one year."""

    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.CASCADE, related_name="self_assessments"
    )
    year = models.PositiveSmallIntegerField()
    summary = models.TextField("summary of the year", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["compact", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "year"], name="self_assessment_year_unique"),
        ]

    def __str__(self):
        return f"{self.compact} self-assessment {self.year}"


class AssessmentAnswer(models.Model):
    class Rating(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "We do not know"

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ToolkitQuestion, on_delete=models.PROTECT, related_name="answers")
    rating = models.CharField(max_length=12, choices=Rating.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="assessment_answer_unique"
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.question}"


class ActionPlanTheme(models.Model):
    """One theme of a compact's action-plan template, e.g. "Consultations"."""

    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.CASCADE, related_name="action_plan_themes"
    )
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["compact", "position"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "key"], name="action_theme_key_unique"),
        ]

    def __str__(self):
        return self.title


class ActionPlanItem(models.Model):
    theme = models.ForeignKey(ActionPlanTheme, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["theme__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "key"], name="action_item_key_unique"),
        ]

    def __str__(self):
        return self.text[:80]


class ActionPlan(models.Model):
    """An organisation's plan for its compact work in one year."""

    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.CASCADE, related_name="action_plans"
    )
    organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.CASCADE, related_name="action_plans"
    )
    year = models.PositiveSmallIntegerField()
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["compact", "organisation", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["compact", "organisation", "year"], name="action_plan_year_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} action plan {self.year} ({self.compact})"


class ActionPlanEntry(models.Model):
    class Status(models.TextChoices):
        ALREADY_DO = "already_do", "We already do this"
        DO_BETTER = "do_better", "We could do this better"
        NEED_HELP = "need_help", "We need help with this"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(ActionPlanItem, on_delete=models.PROTECT, related_name="entries")
    status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    notes = models.TextField(blank=True)
    owner = models.CharField("who leads on it", max_length=200, blank=True)
    target_on = models.DateField("target date", null=True, blank=True)

    class Meta:
        verbose_name_plural = "action plan entries"
        constraints = [
            models.UniqueConstraint(fields=["plan", "item"], name="action_entry_unique"),
        ]
        indexes = [models.Index(fields=["item", "status"], name="action_entry_item_status_idx")]

    def __str__(self):
        return f"{self.plan}: {self.item}"


class HelpOffer(models.Model):
    """Help the steering group offered an organisation. Kept as a record, never edited."""

    class Kind(models.TextChoices):
        PARTNERSHIP_SURGERY = "partnership_surgery", "A partnership surgery"
        TRAINING = "training", "A training or briefing session"
        MATERIALS = "materials", "Materials and templates"
        OTHER = "other", "Something else"

    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.CASCADE, related_name="help_offers"
    )
    organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.CASCADE, related_name="help_offers"
    )
    year = models.PositiveSmallIntegerField()
    kind = models.CharField("what you are offering", max_length=24, choices=Kind.choices)
    message = models.TextField()
    items = models.ManyToManyField(ActionPlanItem, blank=True, related_name="help_offers")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(message=""), name="help_offer_has_message"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.organisation} ({self.year})"
