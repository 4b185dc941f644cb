"""Disputes: a case's time limit at its stage, to whoever must act, and past it to the
steering group. Who must act and by when are disputes.deadlines' (`owed_by`, `due_next`);
this module only turns those roles into people."""

import datetime

from disputes.deadlines import due_next, owed_by
from disputes.models import Case, Stage, TimelineEntry
from disputes.stages import Role

from .. import kinds
from ..models import Kind
from ..services import deadline_close, deadline_schedule
from .changes import read_new_rows
from .recipients import Told, as_members, by_id, members_of, recipients_for_objects, steering_group


def _cases_for(deadlines) -> dict[int, Case]:
    return by_id(
        Case,
        deadlines,
        "stage",
        "compact_id",
        "raised_by_organisation_id",
        "about_organisation_id",
        "mediator_id",
    )


def _people_owing(case: Case, steering, members) -> Told:
    """The people holding the roles that owe the case's next step (disputes.deadlines);
    a mediation with no mediator yet falls to the steering group, who appoint one."""
    told: Told = []
    for role in sorted(owed_by(case)):
        if role == Role.STEERING:
            told += as_members(steering[case.compact_id], None)
        elif role == Role.RAISER:
            told += as_members(
                members[case.raised_by_organisation_id], case.raised_by_organisation_id
            )
        elif role == Role.RESPONDENT:
            told += as_members(members[case.about_organisation_id], case.about_organisation_id)
        elif role == Role.MEDIATOR and case.mediator_id:
            told.append((case.mediator_id, None))
    return told or as_members(steering[case.compact_id], None)


def recipients_dispute_stage(deadlines) -> kinds.Recipients:
    """Whoever must act, while the case is still at the stage the deadline is for."""
    cases = _cases_for(deadlines)
    steering = steering_group(c.compact_id for c in cases.values())
    members = members_of(
        org
        for c in cases.values()
        for org in (c.raised_by_organisation_id, c.about_organisation_id)
    )

    def people(case, deadline):
        if case.stage != deadline.key:
            return None
        return _people_owing(case, steering, members)

    return recipients_for_objects(deadlines, cases, people)


def recipients_dispute_past_limit(deadlines) -> kinds.Recipients:
    """The compact's steering group, while the case is still at that stage."""
    cases = _cases_for(deadlines)
    steering = steering_group(c.compact_id for c in cases.values())

    def people(case, deadline):
        if case.stage != deadline.key:
            return None
        return as_members(steering[case.compact_id], None)

    return recipients_for_objects(deadlines, cases, people)


def case_deadlines_refresh(*, cases, now: datetime.datetime | None = None) -> None:
    """Schedule each case's current time limit from disputes.deadlines.due_next (the one
    place the working-day arithmetic lives); earlier stages' deadlines close."""
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]).select_related("compact"):
        for kind in (Kind.DISPUTE_STAGE, Kind.DISPUTE_PAST_LIMIT):
            deadline_close(kind=kind, obj=case)
        due = due_next(case)
        if due is None:  # a draft, or closed
            continue
        for kind in (Kind.DISPUTE_STAGE, Kind.DISPUTE_PAST_LIMIT):
            deadline_schedule(
                kind=kind,
                obj=case,
                key=case.stage,
                compact=case.compact,
                due_on=due.due_on,
                title=f"{case.title} ({case.reference})",
                url=case.get_absolute_url(),
                now=now,
                remind_now=False,
            )


def disputes_refresh_changed(*, now: datetime.datetime | None = None) -> int:
    """Cases moved to another stage, or given a mediator, since the last sweep."""
    changed = read_new_rows(
        "disputes.timeline",
        TimelineEntry.objects.filter(
            kind__in=[TimelineEntry.Kind.STAGE_CHANGE, TimelineEntry.Kind.MEDIATOR]
        ),
        object_field="case_id",
        created_field="created_at",
    )
    if changed:
        case_deadlines_refresh(cases=Case.objects.filter(pk__in=changed), now=now)
    return len(changed)


def disputes_reconcile(*, now: datetime.datetime | None = None) -> int:
    """Daily: every open case (a compact's time limits may have changed)."""
    open_cases = list(Case.objects.exclude(stage__in=[Stage.DRAFT, Stage.CLOSED]).only("id"))
    case_deadlines_refresh(cases=open_cases, now=now)
    return len(open_cases)


RECIPIENTS = {
    Kind.DISPUTE_STAGE: recipients_dispute_stage,
    Kind.DISPUTE_PAST_LIMIT: recipients_dispute_past_limit,
}
