"""Evidence the portal can put beside a self-assessment question from its own records.

A toolkit question names one of these by its `evidence` key in the YAML template.
Each function takes the compact and the year and returns an Evidence in a fixed
number of queries. Figures come from the owning app's selectors, never re-counted here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Evidence:
    """What the records say: one sentence, and the rows behind it (header first)."""

    summary: str
    header: tuple[str, ...] = ()
    rows: list[tuple] = field(default_factory=list)


EVIDENCE: dict[str, Callable[..., Evidence]] = {}


def evidence(key: str):
    def register(function):
        EVIDENCE[key] = function
        return function

    return register


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@evidence("statutory_signatories")
def statutory_signatories(compact, year: int) -> Evidence:
    """Statutory bodies signed up to the compact by the end of `year`, and when each joined."""
    from signatories.models import Organisation
    from signatories.selectors import active_signatories

    _, last_day = year_bounds(year)
    signed = sorted(
        (
            signatory
            for signatory in active_signatories(compact=compact).filter(
                organisation__sector=Organisation.Sector.STATUTORY
            )
            if signatory.joined_on <= last_day
        ),
        key=lambda signatory: (signatory.joined_on, signatory.organisation.name),
    )
    this_year = sum(1 for signatory in signed if signatory.joined_on.year == year)
    summary = (
        f"{len(signed)} statutory bod{'y has' if len(signed) == 1 else 'ies have'} signed "
        f"by the end of {year}, {this_year} of them during {year}."
    )
    rows = [
        (
            signatory.organisation.name,
            signatory.organisation.get_kind_display(),
            signatory.joined_on,
        )
        for signatory in signed
    ]
    return Evidence(summary=summary, header=("Statutory body", "Type", "Joined on"), rows=rows)


def evidence_for(questions, compact, year: int) -> dict[str, Evidence]:
    """Evidence for every key the questions name, each function called once."""
    keys = {question.evidence for question in questions if question.evidence in EVIDENCE}
    return {key: EVIDENCE[key](compact, year) for key in sorted(keys)}


@evidence("notice_kept_share")
def notice_kept_share(compact, year: int) -> Evidence:
    """How many funding changes taking effect in `year` gave the minimum notice, by body,
    from accountability's figures."""
    from accountability.selectors import compact_record

    record = compact_record(compact, year)
    total = record.total
    if total.funding_changes:
        summary = (
            f"{total.notice_kept} of {total.funding_changes} funding change"
            f"{'s' if total.funding_changes != 1 else ''} taking effect in {year} "
            f"({total.notice_kept_percent}%) gave at least the minimum notice."
        )
    else:
        summary = f"No funding change needing notice takes effect in {year}."
    rows = [
        (body.organisation.name, body.funding_changes, body.notice_kept, body.notice_kept_percent)
        for body in record.bodies
        if body.funding_changes
    ]
    return Evidence(
        summary=summary,
        header=("Statutory body", "Changes needing notice", "With the minimum notice", "Share (%)"),
        rows=rows,
    )


@evidence("dispute_cases")
def dispute_cases(compact, year: int) -> Evidence:
    """How many concerns were raised under the compact in `year`, and how they ended, from
    disputes' anonymous figures."""
    from disputes.selectors import case_statistics

    figures = case_statistics(compact=compact, year=year)
    total = figures["total"]
    ended = sum(count for _, count in figures["by_outcome"])
    if total:
        summary = (
            f"{total} concern{'s were' if total != 1 else ' was'} raised under the compact "
            f"in {year}; {ended} {'have' if ended != 1 else 'has'} an outcome."
        )
    else:
        summary = f"No concern was raised under the compact in {year}."
    return Evidence(
        summary=summary,
        header=("Outcome", "Concerns"),
        rows=[row for row in figures["by_outcome"] if row[1]],
    )
