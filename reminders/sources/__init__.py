"""Where deadlines come from, and who is told: one module per source app.

Each kind has
- a recipients function (registered in `register()`), called by the sweep with a
  batch of due deadlines: it re-reads the source objects, says who to tell, and
  returns None for deadlines that no longer hold, so a reminder never goes out
  for something already done, whoever forgot to close it. Each is written with
  the one shared loop, `recipients.recipients_for_objects`;
- a `*_deadlines_refresh` function that schedules or closes its deadlines through
  `reminders.services.deadline_schedule/deadline_close`. No source app calls
  reminders (ADR 0002): `refresh_changed()` reads, by cursor, the rows each app
  appends on every change and recomputes those objects; `reconcile_all()` is the
  daily safety net.

Modules: `signatories`, `accountability`, `disputes`; `recipients` (the people of a
steering group or an organisation, and the shared loop); `changes` (the cursors).
"""

import datetime

from .. import kinds
from . import accountability, disputes, signatories
from .accountability import consultation_deadlines_refresh, funding_deadlines_refresh
from .disputes import case_deadlines_refresh
from .signatories import signatories_reconcile, signatory_deadlines_refresh

SOURCES = (signatories, accountability, disputes)

__all__ = [
    "case_deadlines_refresh",
    "consultation_deadlines_refresh",
    "funding_deadlines_refresh",
    "reconcile_all",
    "refresh_changed",
    "register",
    "signatories_reconcile",
    "signatory_deadlines_refresh",
]


def refresh_changed(*, now: datetime.datetime | None = None) -> int:
    """Recompute the deadlines of everything that changed since the last sweep.

    The source apps append a row for every change that moves a deadline: a
    SignatoryStatusChange for every new signature and status change (approval,
    lapsing on a refresh, signing again), a Champion for every appointment, a
    FundingChange or FundingChangeAmendment for every change logged or amended, a
    Consultation for every one logged, a TimelineEntry for every move of a case.
    Reading those by id finds what changed without a line in those apps' code.
    What appends nothing (a champion stepping down, a withdrawal, feedback
    published) is caught by the sweep's recipients check, which closes deadlines
    that no longer hold, or by the daily reconcile. Returns the objects looked at.
    """
    return (
        signatories.signatories_refresh_changed(now=now)
        + accountability.accountability_refresh_changed(now=now)
        + disputes.disputes_refresh_changed(now=now)
    )


def reconcile_all(*, now: datetime.datetime | None = None) -> int:
    """The daily safety net over every source; returns the objects looked at."""
    return (
        signatories.signatories_reconcile(now=now)
        + accountability.accountability_reconcile(now=now)
        + disputes.disputes_reconcile(now=now)
    )


def register() -> None:
    """Attach each kind's recipients; called from RemindersConfig.ready()."""
    for source in SOURCES:
        for kind, recipients in source.RECIPIENTS.items():
            kinds.register_recipients(kind, recipients)
