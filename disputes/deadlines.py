"""What is due next on a case, by whom and by when, under its compact's time limits."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import Case, DisputeSettings, Stage
from .stages import Role
from .working_days import add_working_days, working_days_between

# Stage -> (limit field on DisputeSettings, what is due, who owes it).
_DUE = {
    Stage.SUBMITTED: (
        "acknowledge_within_working_days",
        "Acknowledge the concern",
        "The steering group",
    ),
    Stage.ACKNOWLEDGED: (
        "respond_within_working_days",
        "Respond to the concern",
        "The organisation it is about",
    ),
    Stage.RESOLVING: (
        "resolve_within_working_days",
        "Resolve it between the parties, or ask for mediation or review",
        "Both organisations",
    ),
    Stage.IN_MEDIATION: ("mediate_within_working_days", "Finish mediation", "The mediator"),
    Stage.STEERING_REVIEW: (
        "review_within_working_days",
        "Decide the outcome",
        "The steering group",
    ),
}


# Stage -> whose move the next step is, for "Your tasks"; matches the "who owes it" above.
_OWED_BY = {
    Stage.SUBMITTED: {Role.STEERING},
    Stage.ACKNOWLEDGED: {Role.RESPONDENT},
    Stage.RESOLVING: {Role.RAISER, Role.RESPONDENT},
    Stage.IN_MEDIATION: {Role.MEDIATOR},
    Stage.STEERING_REVIEW: {Role.STEERING},
}


def owed_by(case: Case) -> set[Role]:
    """The roles on `case` that owe its next step (empty for drafts and closed cases)."""
    return _OWED_BY.get(case.stage, set())


@dataclass(frozen=True)
class DueNext:
    what: str
    who: str
    due_on: datetime.date
    limit_working_days: int
    is_overdue: bool
    working_days_overdue: int


def settings_for(compact) -> DisputeSettings:
    """The compact's time limits; the defaults when its steering group has set none."""
    try:
        return compact.dispute_settings
    except DisputeSettings.DoesNotExist:
        return DisputeSettings(compact=compact)


def due_next(case: Case, *, today: datetime.date | None = None) -> DueNext | None:
    """What must happen next on `case` and the date it is due; None for drafts and closed cases.

    The clock for each stage starts on the day the case entered it, counted in
    working days in England and Wales (bank holidays excluded).
    """
    if case.stage not in _DUE or case.stage_entered_at is None:
        return None
    field, what, who = _DUE[case.stage]
    limit = getattr(settings_for(case.compact), field)
    started_on = timezone.localdate(case.stage_entered_at)
    due_on = add_working_days(started_on, limit)
    today = today or timezone.localdate()
    overdue_by = working_days_between(due_on, today)
    return DueNext(what, who, due_on, limit, overdue_by > 0, overdue_by)
