"""What accountability adds to a person's home (see core.roles and core.todo): officers of
statutory signatories, notices and feedback they owe, and responses funded groups may give."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from core.roles import MEMBER, OFFICER, Role, role_rows
from core.todo import Task

from . import selectors
from .models import Consultation, FundingChange, FundingChangeResponse

# A planned change shows as a task once its last day to give notice is this close.
NOTICE_SOON_DAYS = 42


ROLE_KINDS = ("officer",)


def role_rows_of(user):
    """A row per active signature of a statutory body `user` works for."""
    return role_rows(
        selectors.officer_signatures(user=user),
        kind="officer", name="organisation__name", compact="compact_id",
        organisation="organisation_id",
    )  # fmt: skip


def roles(row) -> list[Role]:
    return [Role(OFFICER, f"Officer, {row.name}", compact_id=row.compact_id,
                 organisation_id=row.organisation_id)]  # fmt: skip


def tasks(user, roles, today: datetime.date) -> list[Task]:
    """For the person's organisations: notice to give on planned changes whose last day is
    near, responses to changes affecting them, feedback due on their closed consultations,
    and consultations they follow that are still open. Two queries."""
    organisation_ids = roles.organisation_ids(MEMBER)
    if not organisation_ids:
        return []
    return _funding_tasks(organisation_ids, today) + _consultation_tasks(organisation_ids, today)


def _funding_tasks(organisation_ids, today) -> list[Task]:
    responded = FundingChangeResponse.objects.filter(
        funding_change=OuterRef("pk"), organisation=OuterRef("recipient")
    )
    changes = (
        FundingChange.objects.exclude(status=FundingChange.Status.WITHDRAWN)
        .filter(takes_effect_on__gte=today)
        .filter(
            Q(
                funding_body_id__in=organisation_ids,
                status=FundingChange.Status.PLANNED,
                kind__in=FundingChange.NOTICE_KINDS,
            )
            | Q(recipient_id__in=organisation_ids, status=FundingChange.Status.NOTIFIED)
        )  # fmt: skip
        .annotate(responded=Exists(responded))
        .select_related("funding_body", "recipient", "compact")
    )
    found = []
    for change in changes:
        if change.funding_body_id in organisation_ids and change.status == change.Status.PLANNED:
            last_day = change.last_day_to_give_notice
            if (last_day - today).days > NOTICE_SOON_DAYS:
                continue
            found.append(
                Task(
                    title=f"Give notice of the {change.get_kind_display().lower()} of "
                    f"{change.programme} ({change.recipient.name}, {change.compact.name})",
                    url=change.get_absolute_url(),
                    due_on=last_day,
                    overdue=last_day < today,
                    detail=f"The last day to give {change.minimum_notice_months} months' notice",
                )
            )
        if change.recipient_id in organisation_ids and not change.responded:
            found.append(
                Task(
                    title=f"Respond to {change.funding_body.name}'s "
                    f"{change.get_kind_display().lower()} of {change.programme} "
                    f"({change.compact.name})",
                    url=reverse("accountability:funding_respond", kwargs={"pk": change.pk}),
                    due_on=change.takes_effect_on,
                    detail=f"For {change.recipient.name}; the change takes effect on this day",
                )
            )
    return found


def _consultation_tasks(organisation_ids, today) -> list[Task]:
    consultations = (
        Consultation.objects.filter(
            Q(
                organisation_id__in=organisation_ids,
                closes_on__lt=today,
                feedback_published_on__isnull=True,
            )
            | Q(
                follows__organisation_id__in=organisation_ids,
                opens_on__lte=today,
                closes_on__gte=today,
            )
        )  # fmt: skip
        .select_related("organisation", "compact")
        .distinct()
    )
    found = []
    for consultation in consultations:
        if consultation.closes_on < today:
            due_on = consultation.feedback_due_on()
            found.append(
                Task(
                    title=f"Publish feedback on the consultation “{consultation.title}” "
                    f"({consultation.compact.name})",
                    url=f"{consultation.get_absolute_url()}#publish-feedback",
                    due_on=due_on,
                    overdue=due_on < today,
                    detail=f"“We asked, you said, we did” from {consultation.organisation.name}",
                )
            )
        else:
            found.append(
                Task(
                    title=f"Respond to {consultation.organisation.name}'s consultation "
                    f"“{consultation.title}” ({consultation.compact.name})",
                    url=consultation.get_absolute_url(),
                    due_on=consultation.closes_on,
                    detail="Your organisation follows it; this is its closing date",
                )
            )
    return found
