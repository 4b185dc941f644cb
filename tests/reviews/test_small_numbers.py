"""Public figures never publish a count from 1 to 4 (default threshold 5): the annual
report's page, its CSV and its PDF, and the statutory bodies' records."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accountability.models import FundingChange
from core.disclosure import Suppressed, public_count, public_share
from disputes.models import Outcome, Stage
from reviews.report import annual_report
from tests.accountability.factories import FundingChangeFactory
from tests.disputes.factories import case_for, make_parties
from tests.factories import SignatoryFactory, StatutoryBodyFactory

pytestmark = pytest.mark.django_db
SUBMITTED = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
CLOSED = datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC)


def test_the_rule():
    assert public_count(0) == 0
    assert public_count(1) == Suppressed(5) and str(public_count(4)) == "fewer than 5"
    assert public_count(5) == 5
    assert public_share(50, base=2) is None and public_share(50, base=5) == 50


def test_the_threshold_is_a_setting(settings):
    settings.PUBLIC_FIGURES_THRESHOLD = 3
    assert public_count(2) == Suppressed(3) and public_count(3) == 3


def _cases(parties, number, **kwargs):
    for _ in range(number):
        case_for(parties, submitted_at=SUBMITTED, principles=[parties.principles[0]], **kwargs)


@pytest.fixture
def parties():
    return make_parties()


def test_a_few_concerns_are_shown_as_fewer_than_five(client, parties):
    _cases(parties, 2, stage=Stage.CLOSED, outcome=Outcome.UPHELD, closed_at=CLOSED)
    report = annual_report(parties.compact, 2026, with_charts=False)
    by_principle = dict(report.tables["disputes-by-principle"].rows)
    assert by_principle[parties.principles[0].title] == Suppressed(5)
    assert dict(report.tables["disputes-by-outcome"].rows)["Upheld"] == Suppressed(5)
    # The days worked out from two cases would describe them: not shown.
    time_rows = report.tables["disputes-time"].rows
    assert time_rows[0][1:] == (None, Suppressed(5))

    kwargs = {"compact_slug": parties.compact.slug, "year": 2026}
    page = client.get(reverse("reviews:report", kwargs=kwargs)).content.decode()
    assert "fewer than 5" in page and "<strong>fewer than 5</strong> concerns" in page
    csv = client.get(
        reverse("reviews:report_csv", kwargs={**kwargs, "table_key": "disputes-by-principle"})
    ).content.decode()
    assert f"{parties.principles[0].title},fewer than 5" in csv
    pdf = client.get(reverse("reviews:report_pdf", kwargs=kwargs)).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "fewer than 5" in text


def test_five_concerns_are_counted(parties):
    _cases(parties, 5, stage=Stage.CLOSED, outcome=Outcome.UPHELD, closed_at=CLOSED)
    report = annual_report(parties.compact, 2026, with_charts=False)
    assert dict(report.tables["disputes-by-principle"].rows)[parties.principles[0].title] == 5
    assert report.tables["disputes-time"].rows[0][1:] == (18.0, 5)


def _changes(compact, body, number):
    for _ in range(number):
        FundingChangeFactory(
            compact=compact, funding_body=body, takes_effect_on=datetime.date(2026, 12, 1),
            notice_given_on=datetime.date(2026, 6, 1), status=FundingChange.Status.NOTIFIED,
        )  # fmt: skip


def test_a_bodys_few_funding_changes_are_not_published(client, parties):
    small = parties.respondent_org
    large = StatutoryBodyFactory(name="Large Borough Council")
    SignatoryFactory(organisation=large, compact=parties.compact)
    _changes(parties.compact, small, 1)
    _changes(parties.compact, large, 6)
    rows = {
        row[0]: row[1:]
        for row in annual_report(parties.compact, 2026).tables["funding-notice-by-body"].rows
    }
    assert rows[small.name] == (Suppressed(5), Suppressed(5), 0, 0, None)
    assert rows[large.name] == (6, 6, 0, 0, 100)
    assert rows["All statutory bodies"][0] == 7

    record = client.get(
        reverse("accountability:compact_record", kwargs={"slug": parties.compact.slug})
        + "?year=2026"
    ).content.decode()
    assert "fewer than 5" in record and "100%" in record and "(100%)</td>" in record
    body_page = client.get(
        reverse("accountability:body_record", kwargs={"slug": small.slug})
    ).content.decode()
    assert "fewer than 5 of fewer than 5" in body_page and "(100%)" not in body_page
