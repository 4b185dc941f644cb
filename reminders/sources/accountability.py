"""Accountability: consultations closing and their feedback, funding changes' notice and
the day they take effect. Read by cursor from the rows accountability appends."""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from accountability.models import (
    Consultation,
    ConsultationFollow,
    FundingChange,
    FundingChangeAmendment,
)
from signatories.models import Membership

from .. import kinds
from ..models import Kind
from ..services import deadline_close, deadline_schedule
from .changes import read_new_rows
from .recipients import as_members, by_id, members_of, organisation_people, recipients_for_objects


def recipients_consultation_closing(deadlines) -> kinds.Recipients:
    """The body running it, and the people of the VCS signatories following it."""
    consultations = by_id(Consultation, deadlines, "organisation_id", "closes_on")
    followers = defaultdict(set)
    for consultation_id, organisation_id in ConsultationFollow.objects.filter(
        consultation_id__in=consultations
    ).values_list("consultation_id", "organisation_id"):
        followers[consultation_id].add(organisation_id)
    follower_people = organisation_people(
        {org for orgs in followers.values() for org in orgs},
        [Membership.Role.ADMINISTRATOR, Membership.Role.CHAMPION],
    )
    body_people = members_of(c.organisation_id for c in consultations.values())

    def people(consultation, deadline):
        told = as_members(body_people[consultation.organisation_id], consultation.organisation_id)
        for org in sorted(followers[consultation.pk]):
            told += as_members(follower_people[org], org)
        return told

    return recipients_for_objects(deadlines, consultations, people)


def recipients_consultation_feedback(deadlines) -> kinds.Recipients:
    """The body running it, while its feedback is unpublished."""
    consultations = by_id(Consultation, deadlines, "organisation_id", "feedback_published_on")
    body_people = members_of(c.organisation_id for c in consultations.values())

    def people(consultation, deadline):
        if consultation.feedback_published_on is not None:
            return None
        return as_members(body_people[consultation.organisation_id], consultation.organisation_id)

    return recipients_for_objects(deadlines, consultations, people)


def recipients_funding_notice(deadlines) -> kinds.Recipients:
    """The funding body's officers, while the change is planned and notice not yet given."""
    changes = by_id(FundingChange, deadlines, "funding_body_id", "status", "notice_given_on")
    officers = members_of(c.funding_body_id for c in changes.values())

    def people(change, deadline):
        if change.status != FundingChange.Status.PLANNED or change.notice_given_on is not None:
            return None
        return as_members(officers[change.funding_body_id], change.funding_body_id)

    return recipients_for_objects(deadlines, changes, people)


def recipients_funding_takes_effect(deadlines) -> kinds.Recipients:
    """The funded organisation's people, unless the change was withdrawn."""
    changes = by_id(FundingChange, deadlines, "recipient_id", "status")
    funded = members_of(c.recipient_id for c in changes.values())

    def people(change, deadline):
        if change.status == FundingChange.Status.WITHDRAWN:
            return None
        return as_members(funded[change.recipient_id], change.recipient_id)

    return recipients_for_objects(deadlines, changes, people)


def consultation_deadlines_refresh(*, consultations, now: datetime.datetime | None = None) -> None:
    """Schedule a consultation's closing and feedback deadlines (idempotent)."""
    for consultation in Consultation.objects.filter(
        pk__in=[c.pk for c in consultations]
    ).select_related("compact", "organisation"):
        common = {
            "obj": consultation,
            "compact": consultation.compact,
            "organisation": consultation.organisation,
            "title": consultation.title,
            "url": consultation.get_absolute_url(),
            "now": now,
            "remind_now": False,
        }
        deadline_schedule(kind=Kind.CONSULTATION_CLOSING, due_on=consultation.closes_on, **common)
        if consultation.feedback_published_on is None:
            # The last day to publish on time (accountability.rules.feedback_due_on).
            deadline_schedule(
                kind=Kind.CONSULTATION_FEEDBACK, due_on=consultation.feedback_due_on(), **common
            )
        else:
            deadline_close(kind=Kind.CONSULTATION_FEEDBACK, obj=consultation)


def funding_deadlines_refresh(*, changes, now: datetime.datetime | None = None) -> None:
    """Schedule a funding change's deadlines: the last day to give notice while it is only
    planned (accountability's `last_day_to_give_notice`), and the day it takes effect."""
    for change in FundingChange.objects.filter(pk__in=[c.pk for c in changes]).select_related(
        "compact", "funding_body", "recipient"
    ):
        title = f"{change.programme} ({change.recipient.name})"
        common = {
            "obj": change,
            "compact": change.compact,
            "url": change.get_absolute_url(),
            "now": now,
            "remind_now": False,
        }
        withdrawn = change.status == FundingChange.Status.WITHDRAWN
        if change.needs_notice and change.status == FundingChange.Status.PLANNED:
            deadline_schedule(
                kind=Kind.FUNDING_NOTICE,
                due_on=change.last_day_to_give_notice,
                organisation=change.funding_body,
                title=title,
                **common,
            )
        else:
            deadline_close(kind=Kind.FUNDING_NOTICE, obj=change)
        if change.needs_notice and not withdrawn:
            deadline_schedule(
                kind=Kind.FUNDING_TAKES_EFFECT,
                due_on=change.takes_effect_on,
                organisation=change.recipient,
                title=title,
                **common,
            )
        else:
            deadline_close(kind=Kind.FUNDING_TAKES_EFFECT, obj=change)


def accountability_refresh_changed(*, now: datetime.datetime | None = None) -> int:
    """Funding changes logged or amended, and consultations logged, since the last sweep."""
    changes = read_new_rows(
        "accountability.fundingchange",
        FundingChange.objects,
        object_field="pk",
        created_field="created_at",
    )
    changes |= read_new_rows(
        "accountability.amendment",
        FundingChangeAmendment.objects,
        object_field="funding_change_id",
        created_field="amended_at",
    )
    consultations = read_new_rows(
        "accountability.consultation",
        Consultation.objects,
        object_field="pk",
        created_field="created_at",
    )
    if changes:
        funding_deadlines_refresh(changes=FundingChange.objects.filter(pk__in=changes), now=now)
    if consultations:
        consultation_deadlines_refresh(
            consultations=Consultation.objects.filter(pk__in=consultations), now=now
        )
    return len(changes) + len(consultations)


def accountability_reconcile(*, now: datetime.datetime | None = None) -> int:
    """Daily: every funding change and consultation whose dates are still to come or overdue."""
    today = timezone.localdate(now)
    changes = FundingChange.objects.exclude(status=FundingChange.Status.WITHDRAWN).filter(
        takes_effect_on__gte=today
    )
    consultations = Consultation.objects.filter(
        Q(closes_on__gte=today) | Q(feedback_published_on__isnull=True)
    )
    funding_deadlines_refresh(changes=list(changes.only("id")), now=now)
    consultation_deadlines_refresh(consultations=list(consultations.only("id")), now=now)
    return changes.count() + consultations.count()


RECIPIENTS = {
    Kind.CONSULTATION_CLOSING: recipients_consultation_closing,
    Kind.CONSULTATION_FEEDBACK: recipients_consultation_feedback,
    Kind.FUNDING_NOTICE: recipients_funding_notice,
    Kind.FUNDING_TAKES_EFFECT: recipients_funding_takes_effect,
}
