"""What each kind of reminder says, when it goes, and who it goes to.

Each kind names the ReminderSettings field holding its days, whether they count
before or after the deadline's date, its wording, and a `recipients` function. That function
takes a batch of deadlines of its kind and returns, for each deadline id, the
people to tell as (user id, organisation id or None) pairs, or None when the
deadline no longer holds (the application was decided, a champion appointed...),
so the sweep closes it instead. It must make a fixed number of queries per batch.

The source apps' kinds register here too: see reminders/sources/.
"""

import datetime
from collections.abc import Callable

from django.utils.formats import date_format

from .models import Kind

Recipients = dict[int, list[tuple[int, int | None]] | None]


def long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def relative(due_on: datetime.date, today: datetime.date) -> str:
    """'in 3 days, on 5 March 2026', 'today, 5 March 2026', '2 days ago, on 3 March 2026'."""
    days = (due_on - today).days
    when = long_date(due_on)
    if days == 0:
        return f"today, {when}"
    if days == 1:
        return f"tomorrow, {when}"
    if days == -1:
        return f"yesterday, {when}"
    if days > 1:
        return f"in {days} days, on {when}"
    return f"{-days} days ago, on {when}"


# The wording of every kind lives here, in one place; recipients are attached by
# reminders/sources/, which knows the other apps' models.
MESSAGES = {
    Kind.CONSULTATION_CLOSING: lambda title, due, today: (
        f"The consultation “{title}” closes {relative(due, today)}."
    ),
    Kind.CONSULTATION_FEEDBACK: lambda title, due, today: (
        f"Feedback on the consultation “{title}” was due by {long_date(due)} "
        "and has not been published."
    ),
    Kind.FUNDING_NOTICE: lambda title, due, today: (
        f"The last day to give notice of the planned funding change “{title}” "
        f"and keep the compact is {relative(due, today)}."
    ),
    Kind.FUNDING_TAKES_EFFECT: lambda title, due, today: (
        f"The funding change “{title}” takes effect {relative(due, today)}."
    ),
    Kind.DISPUTE_STAGE: lambda title, due, today: (
        f"The time limit on the concern “{title}” "
        + (f"is {relative(due, today)}." if due >= today else f"passed {relative(due, today)}.")
    ),
    Kind.DISPUTE_PAST_LIMIT: lambda title, due, today: (
        f"The concern “{title}” passed its time limit {relative(due, today)} and is still open."
    ),
    Kind.APPLICATION_WAITING: lambda title, due, today: (
        f"The application from {title} to sign the compact has been waiting for a decision "
        f"since {long_date(due)} ({(today - due).days} days)."
    ),
    Kind.NO_CHAMPION: lambda title, due, today: (
        f"{title} signed the compact on {long_date(due)} and has not yet named a Compact Champion."
    ),
    Kind.COMPACT_REFRESHED: lambda title, due, today: (
        f"A new version of {title} was published on {long_date(due)}. Your organisation "
        "signed an earlier version: read the new one and sign it again."
    ),
}

SETTINGS = {
    Kind.CONSULTATION_CLOSING: ("consultation_closing_days", "before", ()),
    # Due on the last day for feedback: "0 days after overdue" is the day after it.
    Kind.CONSULTATION_FEEDBACK: ("consultation_feedback_days", "after_overdue", ()),
    Kind.FUNDING_NOTICE: ("funding_notice_days", "before", ()),
    Kind.FUNDING_TAKES_EFFECT: ("funding_takes_effect_days", "before", ()),
    # Also on the day after the limit: "when it passes".
    Kind.DISPUTE_STAGE: ("dispute_stage_days", "before", (-1,)),
    Kind.DISPUTE_PAST_LIMIT: ("dispute_past_limit_days", "after", ()),
    Kind.APPLICATION_WAITING: ("application_waiting_days", "after", ()),
    Kind.NO_CHAMPION: ("no_champion_days", "after", ()),
    Kind.COMPACT_REFRESHED: ("compact_refreshed_days", "after", ()),
}


def _offsets(direction: str, extra: tuple[int, ...], days: list[int]) -> list[int]:
    if direction == "before":
        signed = list(days)
    elif direction == "after":
        signed = [-day for day in days]
    else:  # after_overdue: overdue from the day after the due date
        signed = [-(day + 1) for day in days]
    return sorted(set(signed) | set(extra), reverse=True)


def offsets_for(kind: str, reminder_settings) -> list[int]:
    """The signed offsets (days before the date; negative after) a compact's settings give."""
    from .models import parse_day_list

    field_name, direction, extra = SETTINGS[kind]
    return _offsets(direction, extra, parse_day_list(getattr(reminder_settings, field_name)))


def message_for(kind: str, title: str, due_on: datetime.date, today: datetime.date) -> str:
    return MESSAGES[kind](title, due_on, today)


def is_stale(kind: str, offset: int, due_on: datetime.date, today: datetime.date) -> bool:
    """A reminder ahead of a date is pointless once the date has passed."""
    return SETTINGS[kind][1] == "before" and offset >= 0 and today > due_on


# Recipient functions, by kind; filled by reminders.sources when the app is ready.
RECIPIENTS: dict[str, Callable[[list], Recipients]] = {}


def register_recipients(kind: str, function: Callable[[list], Recipients]) -> None:
    RECIPIENTS[kind] = function


def recipients_for(kind: str, deadlines: list) -> Recipients:
    function = RECIPIENTS.get(kind)
    if function is None:
        # A kind whose source app has not registered: keep the deadlines, tell no one yet.
        return {deadline.id: [] for deadline in deadlines}
    return function(deadlines)
