"""The report's and the toolkit's funding and consultation figures, checked against counts
made here from the records the test creates."""

import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from pypdf import PdfReader

from accountability.models import FundingChange
from reviews.evidence import notice_kept_share
from reviews.report import annual_report
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.factories import SignatoryFactory, StatutoryBodyFactory
from tests.reviews.factories import compact_with_template

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def after_the_year(time_machine):
    time_machine.move_to(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def setting():
    compact = compact_with_template(name="Riverside Compact", minimum_notice_months=3)
    council = StatutoryBodyFactory(name="Riverside Council")
    health = StatutoryBodyFactory(name="Riverside Health Board")
    for body in (council, health):
        SignatoryFactory(compact=compact, organisation=body)
    # (body, notice given, takes effect, kind, status, exceptional)
    changes = [
        (council, D(2026, 1, 10), D(2026, 4, 10), "reduction", "notified", False),  # exactly 3
        (council, D(2026, 2, 1), D(2026, 4, 30), "ending", "notified", False),  # short
        (council, D(2026, 5, 31), D(2026, 8, 31), "reduction", "notified", False),  # month end
        (council, D(2026, 6, 1), D(2026, 7, 1), "reduction", "notified", True),  # exceptional
        (council, D(2026, 6, 1), D(2026, 7, 1), "reduction", "withdrawn", False),  # not counted
        (council, D(2026, 6, 1), D(2026, 7, 1), "new_award", "notified", False),  # no notice due
        (health, D(2026, 3, 1), D(2026, 12, 1), "change_of_terms", "notified", False),
        (health, D(2026, 10, 1), D(2027, 2, 1), "reduction", "notified", False),  # next year
    ]
    for body, notice_on, effect_on, kind, status, exceptional in changes:
        FundingChangeFactory(
            compact=compact,
            funding_body=body,
            notice_given_on=notice_on,
            takes_effect_on=effect_on,
            kind=kind,
            status=status,
            exceptional_circumstances=exceptional,
            exceptional_reason="A court ruling left no time." if exceptional else "",
            decided_on=notice_on,
            withdrawn_at=(
                datetime.datetime(2026, 6, 15, tzinfo=datetime.UTC)
                if status == "withdrawn"
                else None
            ),
            withdrawal_reason="The cut was reversed." if status == "withdrawn" else "",
            minimum_notice_months=3,
        )
    ConsultationFactory(
        compact=compact,
        organisation=council,
        opens_on=D(2026, 3, 2),
        closes_on=D(2026, 5, 25),
        minimum_weeks=12,
        feedback_published_on=D(2026, 6, 30),
    )
    ConsultationFactory(
        compact=compact,
        organisation=council,
        opens_on=D(2026, 3, 2),
        closes_on=D(2026, 4, 13),
        minimum_weeks=12,
    )  # 6 weeks, no feedback
    return compact, council, health, changes


def expected_notice(changes, body):
    """Counted here: notice kinds, not withdrawn, taking effect in 2026; kept when the
    effect date is at least three calendar months after the notice."""
    counted = [
        c
        for c in changes
        if c[0] == body and c[3] != "new_award" and c[4] != "withdrawn" and c[2].year == 2026
    ]
    kept = [c for c in counted if c[1] + relativedelta(months=3) <= c[2]]
    return len(counted), len(kept)


def test_notice_evidence_equals_an_independent_count(setting):
    compact, council, health, changes = setting
    evidence = notice_kept_share(compact, 2026)
    rows = {row[0]: row[1:3] for row in evidence.rows}
    assert rows["Riverside Council"] == expected_notice(changes, council) == (4, 2)
    assert rows["Riverside Health Board"] == expected_notice(changes, health) == (1, 1)
    total = (
        FundingChange.objects.filter(
            compact=compact, takes_effect_on__year=2026, kind__in=FundingChange.NOTICE_KINDS
        )
        .exclude(status="withdrawn")
        .count()
    )
    assert evidence.summary == (
        f"3 of {total} funding changes taking effect in 2026 (60%) gave at least the minimum "
        "notice."
    )


@pytest.mark.usefixtures("all_figures_shown")
def test_report_tables_and_pdf_hold_the_figures(client, setting):
    compact, council, _, changes = setting
    report = annual_report(compact, 2026)
    funding = {row[0]: row[1:] for row in report.tables["funding-notice-by-body"].rows}
    counted, kept = expected_notice(changes, council)
    assert funding["Riverside Council"] == (counted, kept, 1, counted - kept - 1, 50)
    assert funding["All statutory bodies"] == (5, 3, 1, 1, 60)
    consultations = {row[0]: row[1:] for row in report.tables["consultations-by-body"].rows}
    assert consultations["Riverside Council"] == (2, 1, 50, 2, 1, 50)
    assert "Riverside Health Board" not in consultations  # none closed in 2026
    assert "funding-notice-by-body" in report.charts

    response = client.get(f"/reviews/{compact.slug}/report/2026/report.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "In 2026, 3 of 5 funding changes needing notice gave the minimum notice." in text
    assert "Riverside Council 4 2 1 1 50" in text
    assert "All statutory bodies 5 3 1 1 60" in text
    assert "1 of 2 consultations closing in the year ran for at least the minimum length" in text
    charts = {image.data for page in reader.pages for image in page.images}
    assert len(charts) == 2  # signatories over time and notice by body (no plans here)


def test_a_quiet_year_says_so(client):
    compact = compact_with_template(name="Quiet Compact")
    response = client.get(f"/reviews/{compact.slug}/report/2026/")
    assert "No funding change needing notice took effect in 2026." in response.text
    assert "No consultation closed in 2026." in response.text
    assert response.context["report"].tables["funding-notice-by-body"].rows == [
        ("All statutory bodies", 0, 0, 0, 0, None)
    ]
