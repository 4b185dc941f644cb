"""When an organisation joined: the report, the open data and the evidence agree, on the
demo's own data (signed on 1 April 2026, loaded months later)."""

import csv
import datetime
import io

import pytest

from reviews.evidence import statutory_signatories
from reviews.report import annual_report
from signatories import demo
from signatories.models import Signatory
from signatories.rules import joined_on
from tests.factories import SignatoryFactory, published_compact

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.date(2026, 4, 1)


@pytest.fixture
def demo_compact(time_machine):
    # The demo is loaded in November; its signatures carry April's date.
    time_machine.move_to(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=False)
    compact = published_compact(name="Demo Compact")
    demo.load(io.StringIO())
    time_machine.move_to(datetime.datetime(2027, 1, 10, 9, tzinfo=datetime.UTC), tick=False)
    return compact


def test_the_monthly_table_counts_demo_signatories_from_their_signing_date(demo_compact):
    active = Signatory.objects.filter(compact=demo_compact, status="active").count()
    months = (
        annual_report(demo_compact, 2026, with_charts=False).tables["signatories-over-time"].rows
    )
    totals = {row[0]: row[-1] for row in months}
    assert totals["Mar 2026"] == 0
    assert totals["Apr 2026"] == active
    assert totals["Nov 2026"] == active


def test_report_open_data_and_evidence_give_the_same_joining_date(client, demo_compact):
    response = client.get("/directory/signatories.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["joined_on"] for row in rows if row["status"] == "active"} == {"2026-04-01"}
    evidence = statutory_signatories(demo_compact, 2026)
    assert {row[2] for row in evidence.rows} == {SIGNED_ON}
    assert evidence.header[2] == "Joined on"
    facts = annual_report(demo_compact, 2026, with_charts=False).facts
    assert facts["signatories_joined"] == len({row["organisation"] for row in rows})


def test_an_approval_after_signing_dates_joining_from_the_signing_day(time_machine):
    compact = published_compact()
    signature = SignatoryFactory(
        compact=compact,
        status="active",
        signed_on=datetime.date(2026, 2, 20),
        approved_on=datetime.date(2026, 3, 4),
    )
    assert signature.joined_on == datetime.date(2026, 2, 20)


@pytest.mark.parametrize(
    ("status", "approved_on", "joined"),
    [
        ("pending", None, None),
        ("rejected", None, None),
        ("information_requested", None, None),
        ("active", None, SIGNED_ON),
        ("lapsed", None, SIGNED_ON),
        ("active", datetime.date(2026, 11, 20), SIGNED_ON),
        ("withdrawn", datetime.date(2026, 5, 1), SIGNED_ON),
        ("withdrawn", None, None),
    ],
)
def test_joined_on(status, approved_on, joined):
    assert joined_on(status=status, signed_on=SIGNED_ON, approved_on=approved_on) == joined
