"""Every write of the yearly review: templates, self-assessments, action plans, offers of help."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed
from outbox.services import email_queue
from signatories.permissions import has_signed
from signatories.selectors import administrator_emails

from .models import (
    ActionPlan,
    ActionPlanEntry,
    ActionPlanItem,
    ActionPlanTheme,
    AssessmentAnswer,
    HelpOffer,
    SelfAssessment,
    ToolkitQuestion,
    ToolkitSection,
)
from .toolkit_format import ReviewTemplate

FIRST_YEAR = 2000


def current_year() -> int:
    return timezone.localdate().year


def check_year(year: int) -> None:
    """A review year is a calendar year from 2000 up to next year (plans are made ahead)."""
    if not FIRST_YEAR <= year <= current_year() + 1:
        raise ApplicationError(f"Choose a year between {FIRST_YEAR} and {current_year() + 1}.")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    retired: int = 0


def _sync(parent_model, child_model, *, compact, groups, child_fields, result) -> None:
    """Bring one part (sections+questions or themes+items) in line with the template, by key."""
    parent_fk = "section" if parent_model is ToolkitSection else "theme"
    related = "questions" if parent_model is ToolkitSection else "items"
    existing = {
        group.key: group
        for group in parent_model.objects.filter(compact=compact).prefetch_related(related)
    }
    seen = set()
    for position, template_group in enumerate(groups, start=1):
        group = existing.get(template_group.key)
        if group is None:
            group = parent_model.objects.create(
                compact=compact,
                key=template_group.key,
                position=position,
                title=template_group.title,
            )
            children = {}
            result.created += 1
        else:
            changed = (group.position, group.title, group.retired) != (
                position,
                template_group.title,
                False,
            )
            if changed:
                group.position, group.title, group.retired = position, template_group.title, False
                group.save(update_fields=["position", "title", "retired"])
                result.updated += 1
            children = {child.key: child for child in getattr(group, related).all()}
        seen.add(template_group.key)
        kept = set()
        for child_position, entry in enumerate(template_group.entries, start=1):
            values = {"position": child_position, "text": entry.text, "retired": False}
            if "evidence" in child_fields:
                values["evidence"] = entry.evidence
            child = children.get(entry.key)
            if child is None:
                child_model.objects.create(**{parent_fk: group, "key": entry.key, **values})
                result.created += 1
            elif any(getattr(child, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(child, name, value)
                child.save(update_fields=list(values))
                result.updated += 1
            kept.add(entry.key)
        for key, child in children.items():
            if key not in kept and not child.retired:
                child.retired = True
                child.save(update_fields=["retired"])
                result.retired += 1
    for key, group in existing.items():
        if key not in seen and not group.retired:
            group.retired = True
            group.save(update_fields=["retired"])
            result.retired += 1


@transaction.atomic
def toolkit_import(*, actor, compact, template: ReviewTemplate) -> ImportResult:
    """Load a compact's self-assessment toolkit and action-plan template, matched by key.

    Safe to run again: wording and order are updated in place, entries the template no
    longer has are retired (kept, because past answers point at them), none are deleted.
    A part the template leaves out is left as it is.
    """
    result = ImportResult()
    if template.sections:
        _sync(
            ToolkitSection,
            ToolkitQuestion,
            compact=compact,
            groups=template.sections,
            child_fields={"evidence"},
            result=result,
        )
    if template.themes:
        _sync(
            ActionPlanTheme,
            ActionPlanItem,
            compact=compact,
            groups=template.themes,
            child_fields=set(),
            result=result,
        )
    public_pages_changed(compacts=[compact])
    return result


@transaction.atomic
def self_assessment_save(
    *, actor, compact, year: int, summary: str, answers: dict[int, dict]
) -> SelfAssessment:
    """Record the steering group's answers for `year`; `answers` maps question id to
    {"rating": ..., "notes": ...}. Questions of other compacts are refused."""
    check_year(year)
    valid_ids = set(
        ToolkitQuestion.objects.filter(section__compact=compact).values_list("id", flat=True)
    )
    if set(answers) - valid_ids:
        raise ApplicationError("Some answers are for questions this compact does not ask.")
    for values in answers.values():
        if values.get("rating", "") not in {"", *AssessmentAnswer.Rating.values}:
            raise ApplicationError("Choose one of the answers offered for each question.")
    assessment, _ = SelfAssessment.objects.select_for_update().get_or_create(
        compact=compact, year=year
    )
    assessment.summary = summary
    assessment.updated_by = actor
    assessment.save()
    existing = {answer.question_id: answer for answer in assessment.answers.all()}
    to_create, to_update = [], []
    for question_id, values in answers.items():
        rating, notes = values.get("rating", ""), values.get("notes", "").strip()
        answer = existing.get(question_id)
        if answer is None:
            if rating or notes:
                to_create.append(
                    AssessmentAnswer(
                        assessment=assessment, question_id=question_id, rating=rating, notes=notes
                    )
                )
        elif (answer.rating, answer.notes) != (rating, notes):
            answer.rating, answer.notes = rating, notes
            to_update.append(answer)
    AssessmentAnswer.objects.bulk_create(to_create)
    AssessmentAnswer.objects.bulk_update(to_update, ["rating", "notes"])
    public_pages_changed(compacts=[compact])
    return assessment


def _check_signatory(compact, organisation) -> None:
    if not has_signed(organisation, compact):
        raise ApplicationError(f"{organisation} has not signed up to {compact}.")


@transaction.atomic
def action_plan_start(*, actor, compact, organisation, year: int) -> ActionPlan:
    """Start `organisation`'s plan for `year`, as a copy of its latest earlier plan if any.

    Every item of the compact's current template gets an entry; items the template has
    retired since last year are not carried over.
    """
    check_year(year)
    _check_signatory(compact, organisation)
    if ActionPlan.objects.filter(compact=compact, organisation=organisation, year=year).exists():
        raise ApplicationError(f"There is already a plan for {year}.")
    items = list(
        ActionPlanItem.objects.filter(theme__compact=compact, theme__retired=False, retired=False)
    )
    if not items:
        raise ApplicationError(f"{compact} has no action-plan template yet.")
    previous = (
        ActionPlan.objects.filter(compact=compact, organisation=organisation, year__lt=year)
        .order_by("-year")
        .first()
    )
    plan = ActionPlan.objects.create(
        compact=compact,
        organisation=organisation,
        year=year,
        copied_from=previous,
        created_by=actor,
        updated_by=actor,
    )
    carried = {entry.item_id: entry for entry in previous.entries.all()} if previous else {}
    entries = []
    for item in items:
        old = carried.get(item.id)
        entries.append(
            ActionPlanEntry(
                plan=plan,
                item=item,
                status=old.status if old else "",
                notes=old.notes if old else "",
                owner=old.owner if old else "",
                target_on=old.target_on if old else None,
            )
        )
    ActionPlanEntry.objects.bulk_create(entries)
    public_pages_changed(compacts=[compact])
    return plan


ENTRY_FIELDS = ("status", "notes", "owner", "target_on")


@transaction.atomic
def action_plan_update(*, actor, plan: ActionPlan, entries: dict[int, dict]) -> ActionPlan:
    """Save the plan's entries; `entries` maps entry id to its status, notes, owner, target date."""
    existing = {entry.id: entry for entry in plan.entries.select_for_update()}
    if set(entries) - set(existing):
        raise ApplicationError("Some lines do not belong to this plan. Reload the page.")
    changed = []
    for entry_id, values in entries.items():
        entry = existing[entry_id]
        status = values.get("status", "")
        if status not in {"", *ActionPlanEntry.Status.values}:
            raise ApplicationError("Choose one of the three answers for each line.")
        target_on = values.get("target_on")
        if target_on is not None and not isinstance(target_on, datetime.date):
            raise ApplicationError("Enter a real target date.")
        new = (status, values.get("notes", "").strip(), values.get("owner", "").strip(), target_on)
        if (entry.status, entry.notes, entry.owner, entry.target_on) != new:
            entry.status, entry.notes, entry.owner, entry.target_on = new
            changed.append(entry)
    ActionPlanEntry.objects.bulk_update(changed, list(ENTRY_FIELDS))
    plan.updated_by = actor
    plan.save(update_fields=["updated_by", "updated_at"])
    public_pages_changed(compacts=[plan.compact])
    return plan


@transaction.atomic
def help_offer_make(
    *, actor, compact, organisation, year: int, kind: str, message: str, items=()
) -> HelpOffer:
    """Record an offer of help to `organisation` and e-mail it and its administrators."""
    _check_signatory(compact, organisation)
    message = message.strip()
    if not message:
        raise ApplicationError("Write a short message saying what you offer.", field="message")
    if kind not in HelpOffer.Kind.values:
        raise ApplicationError("Choose what you are offering.", field="kind")
    items = list(items)
    if any(item.theme.compact_id != compact.id for item in items):
        raise ApplicationError("Some of those lines are not in this compact's plan.")
    offer = HelpOffer.objects.create(
        compact=compact,
        organisation=organisation,
        year=year,
        kind=kind,
        message=message,
        offered_by=actor,
    )
    offer.items.set(items)
    recipients = [organisation.email, *administrator_emails(organisation=organisation)]
    context = {
        "compact": compact,
        "organisation": organisation,
        "offer": offer,
        "items": [item.text for item in items],
        "sender_name": getattr(actor, "full_name", "") or "The steering group",
    }
    reply_to = [compact.contact_email] if compact.contact_email else None
    email_queue(to=recipients, template="reviews_help_offer", context=context, reply_to=reply_to)
    return offer
