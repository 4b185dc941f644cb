"""The annual report of a compact: what its records say about one calendar year.

`annual_report(compact, year)` gathers every section as tables (so each can be shown,
printed and downloaded as CSV) and draws the charts from the same figures. Counts
come from the owning apps' selectors. The number of queries does not grow with the
number of signatories.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateformat import format as format_date

from signatories.models import Organisation
from signatories.selectors import active_signatories

from . import charts
from .evidence import year_bounds
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


def _signatories(report: AnnualReport) -> None:
    """Active signatories by sector: signed before the year, joined in it, at its end.

    Until signatures carry a history of their status, a signature counts from the day it
    was signed for as long as it is active now.
    """
    first_day, last_day = year_bounds(report.year)
    signed = active_signatories(compact=report.compact).filter(signed_on__lte=last_day)
    # A year still under way is reported up to today, month by month up to this month.
    if report.as_of >= last_day:
        end_label, last_month = f"the end of {report.year}", 12
    else:
        end_label = format_date(report.as_of, "j F Y")
        last_month = report.as_of.month if report.as_of >= first_day else 0
    report.facts["end_label"] = end_label
    by_sector = {
        row["organisation__sector"]: row
        for row in signed.values("organisation__sector").annotate(
            before=Count("id", filter=Q(signed_on__lt=first_day)),
            joined=Count("id", filter=Q(signed_on__gte=first_day)),
            total=Count("id"),
        )
    }
    table = report.add(
        Table(
            key="signatories-by-sector",
            caption=f"Signatories by sector in {report.year}",
            header=(
                "Sector",
                f"Signed before {report.year}",
                f"Joined in {report.year}",
                f"Signed by {end_label}",
            ),
        )
    )
    totals = [0, 0, 0]
    for value, label in SECTORS:
        row = by_sector.get(value, {"before": 0, "joined": 0, "total": 0})
        figures = [row["before"], row["joined"], row["total"]]
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        table.rows.append((label, *figures))
    table.rows.append(("All sectors", *totals))
    report.facts["signatories_at_end"] = totals[2]
    report.facts["signatories_joined"] = totals[1]

    # Month by month: how many were signed up at the end of each month.
    monthly = (
        signed.filter(signed_on__gte=first_day)
        .annotate(month=TruncMonth("signed_on"))
        .values("organisation__sector", "month")
        .annotate(number=Count("id"))
    )
    joined_in = {
        (row["organisation__sector"], row["month"].month): row["number"] for row in monthly
    }
    over_time = report.add(
        Table(
            key="signatories-over-time",
            caption=f"Signatories at the end of each month of {report.year}",
            header=("Month", *[label for _, label in SECTORS], "All sectors"),
        )
    )
    running = {value: by_sector.get(value, {"before": 0})["before"] for value, _ in SECTORS}
    series = {label: [] for _, label in SECTORS}
    for month in range(1, last_month + 1):
        for value, label in SECTORS:
            running[value] += joined_in.get((value, month), 0)
            series[label].append(running[value])
        over_time.rows.append(
            (
                f"{MONTHS[month - 1]} {report.year}",
                *[running[value] for value, _ in SECTORS],
                sum(running.values()),
            )
        )
    if not report.with_charts or not over_time.rows:
        return
    start, end = over_time.rows[0][-1], over_time.rows[-1][-1]
    report.charts["signatories-over-time"] = Chart(
        title=f"Signatories over {report.year}",
        image=charts.line_chart(labels=MONTHS[:last_month], series=series, y_label="Signatories"),
        description=(
            f"Line chart of signatories at the end of each month of {report.year}, one line "
            f"per sector: {start} at the end of January, {end} at the end of "
            f"{MONTHS_IN_FULL[last_month - 1]}. "
            "The same figures are in the table below."
        ),
        table_key="signatories-over-time",
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
            rows=[
                (t.item.theme.title, t.item.text, t.need_help, t.do_better, t.already_do)
                for t in needs
            ],
        )
    )
    top = [t for t in needs if t.need_help][:8]
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


SECTIONS = [_signatories, _action_plans, _self_assessment]


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
