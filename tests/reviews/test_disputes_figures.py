"""The report's and the toolkit's dispute figures: counted here from the cases the test
takes through the disputes services, and never naming anyone."""

import datetime
import io

import pytest
import time_machine
from pypdf import PdfReader

from disputes import services
from disputes.models import Outcome, Stage
from reviews.evidence import dispute_cases
from reviews.report import annual_report
from tests.disputes.factories import case_for, make_parties
from tests.reviews.factories import load_demo_template

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def walk(parties, *, principle, outcome, start, days_to_close):
    """Raise a case and, unless `outcome` is None, close it `days_to_close` days later."""
    with time_machine.travel(start, tick=False) as clock:
        case = case_for(
            parties,
            stage=Stage.DRAFT,
            principles=[principle],
            title="Grant cut at Riverside Youth Club",
        )
        case = services.case_move(actor=parties.raiser, case=case, target=Stage.SUBMITTED)
        if outcome is None:
            return case
        clock.shift(datetime.timedelta(days=2))
        case = services.case_move(actor=parties.steering, case=case, target=Stage.ACKNOWLEDGED)
        clock.shift(datetime.timedelta(days=days_to_close - 2))
        return services.case_move(
            actor=parties.steering,
            case=case,
            target=Stage.CLOSED,
            outcome=outcome,
            lessons="Give notice in writing.",
        )


@pytest.fixture
def cases():
    parties = make_parties()
    load_demo_template(parties.compact)
    first, second = parties.principles
    # (principle, outcome or None while open, start, days to close)
    scenarios = [
        (first, Outcome.UPHELD, datetime.datetime(2026, 2, 2, 10, tzinfo=UTC), 10),
        (first, Outcome.NOT_UPHELD, datetime.datetime(2026, 5, 4, 10, tzinfo=UTC), 30),
        (second, Outcome.UPHELD, datetime.datetime(2026, 7, 1, 10, tzinfo=UTC), 20),
        (second, None, datetime.datetime(2026, 11, 2, 10, tzinfo=UTC), None),
        (first, Outcome.WITHDRAWN, datetime.datetime(2025, 6, 2, 10, tzinfo=UTC), 5),  # 2025
    ]
    for principle, outcome, start, days in scenarios:
        walk(parties, principle=principle, outcome=outcome, start=start, days_to_close=days)
    case_for(parties, stage=Stage.DRAFT)  # a draft is not a concern raised
    in_year = [s for s in scenarios if s[2].year == 2026]
    return parties, in_year


@pytest.mark.usefixtures("all_figures_shown")
def test_dispute_tables_equal_an_independent_count(cases, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 20, 9, tzinfo=UTC), tick=False)
    parties, in_year = cases
    first, second = parties.principles

    report = annual_report(parties.compact, 2026)

    by_principle = dict(report.tables["disputes-by-principle"].rows)
    assert by_principle == {
        first.title: sum(1 for s in in_year if s[0] == first),
        second.title: sum(1 for s in in_year if s[0] == second),
    }
    by_outcome = dict(report.tables["disputes-by-outcome"].rows)
    assert by_outcome["Upheld"] == sum(1 for s in in_year if s[1] == Outcome.UPHELD) == 2
    assert by_outcome["Not upheld"] == 1
    assert by_outcome["Withdrawn"] == 0  # that one was raised in 2025
    assert by_outcome["Still open"] == sum(1 for s in in_year if s[1] is None) == 1
    closed_days = sorted(s[3] for s in in_year if s[1] is not None)
    times = {row[0]: row[1:] for row in report.tables["disputes-time"].rows}
    average = round(sum(closed_days) / len(closed_days), 1)
    assert times["From raising to closing, on average"] == (average, 3)
    assert times["From raising to closing, the middle case"] == (20.0, 3)
    assert times["From raising to closing, the longest"] == (30.0, 3)
    assert times["In the stage “Submitted”, on average"] == (2.0, 3)


def test_dispute_evidence_counts_the_years_cases(cases):
    parties, in_year = cases
    evidence = dispute_cases(parties.compact, 2026)
    assert evidence.summary == (
        f"{len(in_year)} concerns were raised under the compact in 2026; 3 have an outcome."
    )
    assert dict(evidence.rows) == {"Upheld": 2, "Not upheld": 1}
    assert dispute_cases(parties.compact, 2024).summary == (
        "No concern was raised under the compact in 2024."
    )


@pytest.mark.usefixtures("all_figures_shown")
def test_the_report_names_no_one_in_a_case(client, cases, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 20, 9, tzinfo=UTC), tick=False)
    parties, _ = cases
    page = client.get(f"/reviews/{parties.compact.slug}/report/2026/").text
    pdf = client.get(f"/reviews/{parties.compact.slug}/report/2026/report.pdf").content
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "4 concerns about the compact were raised in 2026, and 3 of them have been closed." in (
        text
    )
    for private in ["Grant cut at Riverside Youth Club", "Rita Raiser", "Give notice in writing"]:
        assert private not in page
        assert private not in text
