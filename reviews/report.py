"""The annual report of a compact: what its records say about one calendar year.

`annual_report(compact, year)` gathers every section as tables (so each can be shown,
printed and downloaded as CSV) and draws the charts from the same figures. Counts
come from the owning apps' selectors. The number of queries does not grow with the
number of signatories.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateformat import format as format_date

from accountability.selectors import compact_record
from core.disclosure import is_small, public_count, public_share, threshold
from core.page_cache import figures_for_compact
from core.queue import enqueue
from disputes.selectors import case_statistics
from signatories.models import Champion, Organisation

from . import charts
from .evidence import year_bounds
from .history import SignatureHistory, champions_serving
from .models import ActionPlanEntry, AssessmentAnswer
from .selectors import answers_by_question, item_tallies, toolkit_of


@dataclass
class Table:
    key: str
    caption: str
    header: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    image: str  # a data: URI
    description: str  # the text alternative
    table_key: str  # the table that holds the same figures


@dataclass
class AnnualReport:
    compact: object
    year: int
    as_of: datetime.date
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)
    facts: dict[str, object] = field(default_factory=dict)
    self_assessment: object = None
    toolkit: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    with_charts: bool = True
    history: object = None

    def add(self, table: Table) -> Table:
        self.tables[table.key] = table
        return table


SECTORS = list(Organisation.Sector.choices)
MONTHS_IN_FULL = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


def _signatories(report: AnnualReport) -> None:
    """Organisations signed up by sector: at the start of the year, who joined and who left,
    at its end (or today, for a year under way), and month by month for the chart."""
    first_day, last_day = year_bounds(report.year)
    # A year still under way is reported up to today, month by month up to this month.
    if report.as_of >= last_day:
        end_label, last_month = f"the end of {report.year}", 12
    else:
        end_label = format_date(report.as_of, "j F Y")
        last_month = report.as_of.month if report.as_of >= first_day else 0
    report.facts["end_label"] = end_label
    period_end = min(report.as_of, last_day)
    history = SignatureHistory(report.compact)
    report.history = history
    at_start = history.active_organisations(first_day - datetime.timedelta(days=1))
    at_end = history.active_organisations(period_end) if last_month else set(at_start)

    def by_sector(organisations):
        counts = Counter(history.sector_of[o] for o in organisations)
        return [counts.get(value, 0) for value, _ in SECTORS]

    columns = [
        by_sector(at_start),
        by_sector(at_end - at_start),
        by_sector(at_start - at_end),
        by_sector(at_end),
    ]
    table = report.add(
        Table(
            key="signatories-by-sector",
            caption=f"Organisations signed up, by sector, in {report.year}",
            header=(
                "Sector",
                f"Signed up on 1 January {report.year}",
                "Joined",
                "Left",
                f"Signed up at {end_label}" if last_month == 12 else f"Signed up on {end_label}",
            ),
        )
    )
    for index, (_, label) in enumerate(SECTORS):
        table.rows.append((label, *[column[index] for column in columns]))
    totals = [len(at_start), len(at_end - at_start), len(at_start - at_end), len(at_end)]
    table.rows.append(("All sectors", *totals))
    report.facts.update(
        signatories_at_start=totals[0],
        signatories_joined=totals[1],
        signatories_left=totals[2],
        signatories_at_end=totals[3],
    )

    over_time = report.add(
        Table(
            key="signatories-over-time",
            caption=f"Organisations signed up at the end of each month of {report.year}",
            header=("Month", *[label for _, label in SECTORS], "All sectors"),
        )
    )
    series = {label: [] for _, label in SECTORS}
    for month in range(1, last_month + 1):
        day = period_end if month == last_month else _month_end(report.year, month)
        organisations = history.active_organisations(day)
        figures = by_sector(organisations)
        for (_, label), figure in zip(SECTORS, figures, strict=True):
            series[label].append(figure)
        over_time.rows.append((f"{MONTHS[month - 1]} {report.year}", *figures, len(organisations)))
    if not report.with_charts or not over_time.rows:
        return
    start, end = over_time.rows[0][-1], over_time.rows[-1][-1]
    report.charts["signatories-over-time"] = Chart(
        title=f"Organisations signed up over {report.year}",
        image=charts.line_chart(labels=MONTHS[:last_month], series=series, y_label="Organisations"),
        description=(
            f"Line chart of organisations signed up at the end of each month of {report.year}, "
            f"one line per sector: {start} at the end of January, {end} at the end of "
            f"{MONTHS_IN_FULL[last_month - 1]}. "
            "The same figures are in the table below."
        ),
        table_key="signatories-over-time",
    )


def _champions(report: AnnualReport) -> None:
    """How many signatories had a Compact Champion at the end of the period. Figures only:
    champions' names and contacts are never in the report."""
    first_day, last_day = year_bounds(report.year)
    day = max(min(report.as_of, last_day), first_day)
    history = report.history
    signatures = history.active_signatures(day)
    kinds = champions_serving(report.compact, signatures, on=day)
    table = report.add(
        Table(
            key="champion-coverage",
            caption=f"Compact Champions of active signatories on {format_date(day, 'j F Y')}",
            header=(
                "Sector",
                "Active signatories",
                "With a lead champion",
                "With departmental champions only",
                "With no champion",
                "Share with a champion",
            ),
        )
    )
    rows = {value: [0, 0, 0, 0] for value, _ in SECTORS}
    for signatory_id in signatures:
        row = rows[history.sector_of[history.organisation_of[signatory_id]]]
        served = kinds.get(signatory_id, set())
        row[0] += 1
        if Champion.Kind.LEAD in served:
            row[1] += 1
        elif served:
            row[2] += 1
        else:
            row[3] += 1
    all_sectors = [sum(row[i] for row in rows.values()) for i in range(4)]
    for label, figures in [
        *[(label, rows[value]) for value, label in SECTORS],
        ("All sectors", all_sectors),
    ]:
        share = f"{round(100 * (figures[1] + figures[2]) / figures[0])}%" if figures[0] else "–"
        table.rows.append((label, *figures, share))
    report.facts["champion_share"] = table.rows[-1][-1]


def _funding_and_consultations(report: AnnualReport) -> None:
    """Each statutory signatory's record in the year, from accountability's own figures:
    funding changes given the minimum notice, consultations long enough, feedback on time."""
    record = compact_record(report.compact, report.year)
    report.facts["accountability_total"] = record.total
    funding = report.add(
        Table(
            key="funding-notice-by-body",
            caption=f"Funding changes taking effect in {report.year}, by statutory body",
            header=(
                "Statutory body",
                "Changes needing notice",
                "With the minimum notice",
                "Shorter, for exceptional reasons",
                "Shorter, with no such reason",
                "Share with the minimum notice (%)",
            ),
        )
    )
    consultations = report.add(
        Table(
            key="consultations-by-body",
            caption=f"Consultations closing in {report.year}, by statutory body",
            header=(
                "Statutory body",
                "Consultations",
                "At least the minimum length",
                "Share long enough (%)",
                "Feedback due",
                "Feedback published on time",
                "Share on time (%)",
            ),
        )
    )
    for body in [*record.bodies, record.total]:
        name = body.organisation.name if body.organisation else "All statutory bodies"
        # Public figures: small counts, and shares of them, are not shown (core.disclosure).
        if body.funding_changes or body.organisation is None:
            funding.rows.append(
                (
                    name,
                    public_count(body.funding_changes),
                    public_count(body.notice_kept),
                    public_count(body.exceptional),
                    public_count(body.breaches),
                    public_share(body.notice_kept_percent, base=body.funding_changes),
                )
            )
        if body.consultations or body.organisation is None:
            consultations.rows.append(
                (
                    name,
                    public_count(body.consultations),
                    public_count(body.consultations_long_enough),
                    public_share(body.long_enough_percent, base=body.consultations),
                    public_count(body.feedback_due),
                    public_count(body.feedback_on_time),
                    public_share(body.feedback_on_time_percent, base=body.feedback_due),
                )
            )
    # A bar drawn from a few changes would show what the table hides.
    with_changes = [
        body
        for body in record.bodies
        if body.funding_changes and not is_small(body.funding_changes)
    ]
    if not report.with_charts or not with_changes:
        return
    report.charts["funding-notice-by-body"] = Chart(
        title="Share of funding changes given the minimum notice, by statutory body",
        image=charts.bar_chart(
            labels=[body.organisation.name for body in with_changes],
            series={"With the minimum notice": [body.notice_kept_percent for body in with_changes]},
            x_label="Share of funding changes given the minimum notice (%)",
            x_max=100,
            unit="%",
        ),
        description=(
            f"Bar chart of the share of each statutory body's funding changes that gave the "
            f"minimum notice in {report.year}; across all bodies "
            f"{public_count(record.total.notice_kept)} of "
            f"{public_count(record.total.funding_changes)} did. "
            "The figures are in the table below."
        ),
        table_key=funding.key,
    )


def _disputes(report: AnnualReport) -> None:
    """Concerns raised under the compact in the year, in anonymous figures only."""
    figures = case_statistics(compact=report.compact, year=report.year)
    closing = figures["time_to_close"]
    # A row of one or two concerns could point to a case: small counts are not shown, nor
    # days worked out from them (core.disclosure).
    report.facts["threshold"] = threshold()
    report.facts["cases"] = public_count(figures["total"])
    report.facts["cases_closed"] = public_count(closing["closed"])
    report.add(
        Table(
            key="disputes-by-principle",
            caption=f"Concerns raised in {report.year}, by the principle they were about",
            header=("Principle", "Concerns"),
            rows=[(label, public_count(count)) for label, count in figures["by_principle"]],
        )
    )
    report.add(
        Table(
            key="disputes-by-outcome",
            caption=f"Outcomes of the concerns raised in {report.year}",
            header=("Outcome", "Concerns"),
            rows=[
                *[(label, public_count(count)) for label, count in figures["by_outcome"]],
                ("Still open", public_count(figures["total"] - closing["closed"])),
            ],
        )
    )
    report.add(
        Table(
            key="disputes-time",
            caption=f"How long the concerns raised in {report.year} took, in days",
            header=("Measure", "Days", "Concerns"),
            rows=[
                *[
                    (label, public_share(days, base=count), public_count(count))
                    for label, days, count in [
                        (
                            "From raising to closing, on average",
                            closing["average"],
                            closing["closed"],
                        ),
                        (
                            "From raising to closing, the middle case",
                            closing["median"],
                            closing["closed"],
                        ),
                        (
                            "From raising to closing, the longest",
                            closing["longest"],
                            closing["closed"],
                        ),
                        *[
                            (f"In the stage “{label}”, on average", days, stays)
                            for label, days, stays in figures["days_in_stage"]
                        ],
                    ]
                ],
            ],  # fmt: skip
        )
    )


def _action_plans(report: AnnualReport) -> None:
    tallies = item_tallies(report.compact, report.year)
    plans = (
        ActionPlanEntry.objects.filter(plan__compact=report.compact, plan__year=report.year)
        .values("plan_id")
        .distinct()
        .count()
    )
    report.facts["plans_made"] = plans
    needs = [tally for tally in tallies if tally.need_help or tally.do_better]
    table = report.add(
        Table(
            key="action-plan-needs",
            caption=f"What signatories' {report.year} action plans most need help with",
            header=("Theme", "Item", "Need help", "Could do better", "Already do"),
            # A line one or two organisations marked could point to them.
            rows=[
                (
                    t.item.theme.title,
                    t.item.text,
                    public_count(t.need_help),
                    public_count(t.do_better),
                    public_count(t.already_do),
                )
                for t in needs
            ],  # fmt: skip
        )
    )
    top = [t for t in needs if t.need_help and not is_small(t.need_help)][:8]
    if top and report.with_charts:
        report.charts["action-plan-needs"] = Chart(
            title="Items most often marked “we need help with this”",
            image=charts.bar_chart(
                labels=[t.item.text for t in top],
                series={"Need help": [t.need_help for t in top]},
                x_label="Organisations",
            ),
            description=(
                f"Bar chart of the {len(top)} plan items most often marked as needing help; "
                f"the most asked for is “{top[0].item.text}” ({top[0].need_help} "
                f"organisation{'s' if top[0].need_help != 1 else ''}). "
                "The figures are in the table below."
            ),
            table_key=table.key,
        )


def _self_assessment(report: AnnualReport) -> None:
    report.toolkit = toolkit_of(report.compact)
    report.self_assessment, report.answers = answers_by_question(report.compact, report.year)
    table = report.add(
        Table(
            key="self-assessment",
            caption=f"The steering group's self-assessment for {report.year}",
            header=("Section", "Question", "Answer", "Notes"),
        )
    )
    ratings = dict(AssessmentAnswer.Rating.choices)
    for section in report.toolkit:
        for question in section.questions.all():
            answer = report.answers.get(question.id)
            table.rows.append(
                (
                    section.title,
                    question.text,
                    ratings.get(answer.rating, "") if answer else "",
                    answer.notes if answer else "",
                )
            )


SECTIONS = [
    _signatories,
    _champions,
    _funding_and_consultations,
    _disputes,
    _action_plans,
    _self_assessment,
]


def annual_report(
    compact, year: int, *, today: datetime.date | None = None, with_charts: bool = True
) -> AnnualReport:
    """Everything the report of `compact` for `year` shows, as of `today`; the charts are
    left out when only the tables are wanted (the CSV downloads)."""
    today = today or timezone.localdate()
    report = AnnualReport(
        compact=compact,
        year=year,
        as_of=min(today, year_bounds(year)[1]),
        with_charts=with_charts,
    )
    for section in SECTIONS:
        section(report)
    return report


def annual_report_figures(compact, year: int, *, with_charts: bool = True) -> AnnualReport:
    """`annual_report` as of today, worked out once and kept in the cache until something the
    report counts changes (the services say so through core.page_cache), so the report's
    page, PDF and CSV files do not read the compact's whole history on every request."""

    def compute() -> AnnualReport:
        report = annual_report(compact, year, with_charts=with_charts)
        report.history = None  # the raw history is only needed while the sections are built
        return report

    # The small-numbers threshold is part of what the figures are (core.disclosure).
    name = f"annual-report:{year}:{'charts' if with_charts else 'tables'}:under-{threshold()}"
    return figures_for_compact(compact.slug, name, compute)


def annual_report_prepare_after_change(compact_slugs: list[str] | None) -> None:
    """Registered with core.page_cache: once a change to a compact commits, the worker works
    out this year's report again (a change naming no compact, rare, is left to the next
    visitor)."""
    if compact_slugs:
        year = timezone.localdate().year
        enqueue("reviews.tasks.prepare_annual_report", [[slug, year] for slug in compact_slugs])
