"""The compact's date rules, in one place: notice before funding changes, consultation length,
and when consultation feedback falls due.

Notice runs in calendar months (dateutil.relativedelta clamps month ends, so notice given on
30 November with three months' minimum is kept by 28 February, or 29 February in a leap year).
Reminders, reports, views and figures all call these functions; nothing else does the arithmetic.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

ONE_DAY = datetime.timedelta(days=1)
CLOSING_SOON_DAYS = 14


def earliest_effective_date(*, notice_given_on: datetime.date, minimum_notice_months: int):
    """The first day a change may take effect when notice is given on `notice_given_on`."""
    return notice_given_on + relativedelta(months=minimum_notice_months)


def notice_is_kept(
    *, notice_given_on: datetime.date, takes_effect_on: datetime.date, minimum_notice_months: int
) -> bool:
    """Whether notice given on `notice_given_on` reaches `takes_effect_on` by the minimum."""
    return takes_effect_on >= earliest_effective_date(
        notice_given_on=notice_given_on, minimum_notice_months=minimum_notice_months
    )


def last_day_to_give_notice(
    *, takes_effect_on: datetime.date, minimum_notice_months: int
) -> datetime.date:
    """The latest day notice can be given for a change taking effect on `takes_effect_on`.

    Adding months is monotonic but not invertible at month ends (30 and 31 November both
    reach 28 February), so start from the subtraction, which never overshoots, and step
    forward while the next day still keeps the minimum: at most three steps.
    """
    candidate = takes_effect_on - relativedelta(months=minimum_notice_months)
    while not notice_is_kept(
        notice_given_on=candidate,
        takes_effect_on=takes_effect_on,
        minimum_notice_months=minimum_notice_months,
    ):
        candidate -= ONE_DAY  # unreachable by the argument above; kept as a guard
    while notice_is_kept(
        notice_given_on=candidate + ONE_DAY,
        takes_effect_on=takes_effect_on,
        minimum_notice_months=minimum_notice_months,
    ):
        candidate += ONE_DAY
    return candidate


@dataclass(frozen=True)
class NoticeGiven:
    """How much notice was given, in whole calendar months and the days left over."""

    months: int
    days: int

    def __str__(self):
        if self.months < 0 or self.days < 0:
            return "none"
        parts = []
        if self.months:
            parts.append(f"{self.months} month{'s' if self.months != 1 else ''}")
        if self.days or not parts:
            parts.append(f"{self.days} day{'s' if self.days != 1 else ''}")
        return " and ".join(parts)


def notice_given(*, notice_given_on: datetime.date, takes_effect_on: datetime.date) -> NoticeGiven:
    delta = relativedelta(takes_effect_on, notice_given_on)
    return NoticeGiven(months=delta.years * 12 + delta.months, days=delta.days)


# Consultations


def consultation_length_days(*, opens_on: datetime.date, closes_on: datetime.date) -> int:
    """Days a consultation runs, counting the opening day and not the closing day."""
    return (closes_on - opens_on).days


def consultation_is_long_enough(
    *, opens_on: datetime.date, closes_on: datetime.date, minimum_weeks: int
) -> bool:
    return consultation_length_days(opens_on=opens_on, closes_on=closes_on) >= minimum_weeks * 7


def weeks_and_days(days: int) -> str:
    weeks, rest = divmod(days, 7)
    parts = []
    if weeks:
        parts.append(f"{weeks} week{'s' if weeks != 1 else ''}")
    if rest or not parts:
        parts.append(f"{rest} day{'s' if rest != 1 else ''}")
    return " and ".join(parts)


def feedback_due_on(*, closes_on: datetime.date, feedback_due_weeks: int) -> datetime.date:
    """The last day a body may publish its feedback and still be on time."""
    return closes_on + datetime.timedelta(weeks=feedback_due_weeks)


def feedback_is_overdue(
    *,
    closes_on: datetime.date,
    feedback_due_weeks: int,
    feedback_published_on: datetime.date | None,
    today: datetime.date,
) -> bool:
    """Overdue: not published and the due day has passed, or published after it."""
    due = feedback_due_on(closes_on=closes_on, feedback_due_weeks=feedback_due_weeks)
    if feedback_published_on is None:
        return today > due
    return feedback_published_on > due


def exceptional_needs_agreement(
    *, notice_given_on: datetime.date | None, takes_effect_on: datetime.date, today: datetime.date
) -> bool:
    """Whether shorter notice may be called exceptional only with the steering group's
    agreement: once notice was given or the change took effect, the funding body would be
    excusing a breach after the event. Before both, it says so up front, on its own word."""
    return (notice_given_on is not None and notice_given_on <= today) or takes_effect_on <= today


class Stage:
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSING_SOON = "closing_soon"
    AWAITING_FEEDBACK = "awaiting_feedback"
    WITH_FEEDBACK = "with_feedback"


def consultation_stage(
    *,
    opens_on: datetime.date,
    closes_on: datetime.date,
    feedback_published_on: datetime.date | None,
    today: datetime.date,
) -> str:
    """Where a consultation stands on `today`. It is open up to and including its closing day."""
    if today < opens_on:
        return Stage.NOT_YET_OPEN
    if today <= closes_on:
        if (closes_on - today).days < CLOSING_SOON_DAYS:
            return Stage.CLOSING_SOON
        return Stage.OPEN
    if feedback_published_on is None:
        return Stage.AWAITING_FEEDBACK
    return Stage.WITH_FEEDBACK


# A consultation open for longer than this is a slip of the keyboard, not a consultation.
MAXIMUM_CONSULTATION_YEARS = 2


def consultation_is_too_long(*, opens_on: datetime.date, closes_on: datetime.date) -> bool:
    """True when it closes more than MAXIMUM_CONSULTATION_YEARS after it opens."""
    return closes_on > opens_on + relativedelta(years=MAXIMUM_CONSULTATION_YEARS)
