import csv
import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reviews.models import AssessmentAnswer, SelfAssessment, ToolkitQuestion
from reviews.report import annual_report
from signatories.models import Organisation, Signatory
from tests.factories import (
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
)
from tests.reviews.factories import compact_with_template, plan_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def after_the_year(time_machine):
    """Most tests report on 2026 once it is over; one moves the clock back into it."""
    time_machine.move_to(datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def compact():
    compact = compact_with_template(name="Riverside Compact")
    dates = {
        "statutory": [datetime.date(2025, 4, 1), datetime.date(2026, 3, 15)],
        "vcs": [
            datetime.date(2024, 1, 1),
            datetime.date(2026, 3, 2),
            datetime.date(2026, 3, 20),
            datetime.date(2026, 7, 9),
            datetime.date(2027, 1, 3),
        ],
    }
    for signed_on in dates["statutory"]:
        SignatoryFactory(compact=compact, organisation=StatutoryBodyFactory(), signed_on=signed_on)
    for signed_on in dates["vcs"]:
        SignatoryFactory(compact=compact, organisation=OrganisationFactory(), signed_on=signed_on)
    SignatoryFactory(
        compact=compact, status=Signatory.Status.WITHDRAWN, signed_on=datetime.date(2025, 1, 1)
    )
    return compact


def url(name, compact, year=2026, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"compact_slug": compact.slug, "year": year, **kwargs})


def test_signatories_by_sector_match_an_independent_count(compact):
    """Signatures made without a status history count from the day they were signed."""
    report = annual_report(compact, 2026)
    rows = {row[0]: row[1:] for row in report.tables["signatories-by-sector"].rows}

    active = Signatory.objects.filter(compact=compact, status="active")
    for sector, label in Organisation.Sector.choices:
        of_sector = active.filter(organisation__sector=sector)
        before = of_sector.filter(signed_on__year__lt=2026).count()
        joined = of_sector.filter(signed_on__year=2026).count()
        assert rows[label] == (before, joined, 0, before + joined)
    assert rows["Voluntary and community"] == (1, 3, 0, 4)
    assert rows["All sectors"] == (2, 4, 0, 6)
    months = report.tables["signatories-over-time"].rows
    assert months[0] == ("Jan 2026", 1, 1, 0, 2)
    assert months[2] == ("Mar 2026", 2, 3, 0, 5)
    assert months[11][-1] == 6


def test_a_year_under_way_is_reported_up_to_today(compact, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 20, 9, tzinfo=datetime.UTC), tick=False)
    report = annual_report(compact, 2026)
    assert report.tables["signatories-by-sector"].header[-1] == "Signed up on 20 May 2026"
    months = report.tables["signatories-over-time"].rows
    assert [row[0] for row in months] == [
        "Jan 2026",
        "Feb 2026",
        "Mar 2026",
        "Apr 2026",
        "May 2026",
    ]
    assert "at the end of May" in report.charts["signatories-over-time"].description


@pytest.mark.usefixtures("all_figures_shown")
def test_the_pdf_holds_the_figures_and_the_charts(client, compact):
    plan_with(compact, OrganisationFactory(), 2026, {"named-lead": "need_help"})
    plan_with(
        compact, OrganisationFactory(), 2026, {"named-lead": "need_help", "newsletter": "do_better"}
    )
    assessment = SelfAssessment.objects.create(
        compact=compact, year=2026, summary="A steady year with more members."
    )
    AssessmentAnswer.objects.create(
        assessment=assessment,
        question=ToolkitQuestion.objects.get(key="joining-is-easy"),
        rating="partly",
        notes="The form is online now.",
    )

    response = client.get(url("report_pdf", compact))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Riverside Compact: annual report 2026" in text
    assert (
        "By the end of 2026, 6 organisations were signed up to the compact: "
        "4 joined during the year and 0 left" in text
    )
    assert "All sectors 2 4 0 6" in text
    assert "Mar 2026 2 3 0 5" in text
    assert "2 signatories made an action plan for 2026" in text
    assert "We have a named lead or Compact Champion 2 0 0" in text
    assert "A steady year with more members." in text
    assert "Partly. The form is online now." in text
    # WeasyPrint shares one resource dictionary between pages, so count distinct images.
    charts = {image.data: image.image.size for page in reader.pages for image in page.images}
    assert len(charts) == 2  # signatories over time, and plan needs
    assert all(width > 400 and height > 150 for width, height in charts.values())


@pytest.mark.usefixtures("all_figures_shown")
def test_the_report_page_has_every_table_with_a_csv_download(client, compact):
    plan_with(compact, OrganisationFactory(), 2026, {"named-lead": "need_help"})
    response = client.get(url("report", compact))
    assert response.status_code == 200
    report = response.context["report"]
    for key in report.tables:
        assert url("report_csv", compact, table_key=key) in response.text
    assert response.text.count('src="data:image/png;base64,') == 2
    assert "Line chart of organisations signed up at the end of each month of 2026" in response.text

    download = client.get(url("report_csv", compact, table_key="signatories-by-sector"))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == [
        "Sector",
        "Signed up on 1 January 2026",
        "Joined",
        "Left",
        "Signed up at the end of 2026",
    ]
    assert rows[-1] == ["All sectors", "2", "4", "0", "6"]
    needs = list(
        csv.reader(
            io.StringIO(
                client.get(
                    url("report_csv", compact, table_key="action-plan-needs")
                ).content.decode()
            )
        )
    )
    assert needs[1][1:] == ["We have a named lead or Compact Champion", "1", "0", "0"]
    assert client.get(url("report_csv", compact, table_key="nothing")).status_code == 404


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, compact):
    assessment = SelfAssessment.objects.create(compact=compact, year=2026)
    AssessmentAnswer.objects.create(
        assessment=assessment,
        question=ToolkitQuestion.objects.get(key="joining-is-easy"),
        notes='=HYPERLINK("http://evil.example")',
    )
    download = client.get(url("report_csv", compact, table_key="self-assessment"))
    assert "'=HYPERLINK" in download.content.decode()


def test_report_queries_are_bounded_for_500_signatories(client, django_assert_max_num_queries):
    compact = compact_with_template(name="Big Compact")
    organisations = OrganisationFactory.create_batch(500)
    version = compact.versions.first()
    Signatory.objects.bulk_create(
        [
            SignatoryFactory.build(
                compact=compact,
                organisation=o,
                version=version,
                signed_on=datetime.date(2026, 1 + i % 12, 1),
            )
            for i, o in enumerate(organisations)
        ]
    )
    for organisation in organisations[:50]:
        plan_with(compact, organisation, 2026, {"named-lead": "need_help"})

    with django_assert_max_num_queries(15):
        response = client.get(url("report", compact))
    assert response.context["report"].facts["signatories_at_end"] == 500
    with django_assert_max_num_queries(15):
        pdf = client.get(url("report_pdf", compact))
    assert pdf.status_code == 200


def test_a_year_out_of_range_is_not_found(client, compact):
    assert client.get(url("report", compact, year=1999)).status_code == 404
    assert client.get(url("report", compact, year=2100)).status_code == 404


def test_the_report_is_worked_out_once_and_again_when_a_signature_changes(client, compact):
    """Figures are kept in the cache (for signed-in people too, who get no cached page)
    until a service says the compact changed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from signatories.services import signatory_approve
    from tests.factories import SteeringGroupMemberFactory

    steering = SteeringGroupMemberFactory(compact=compact).user
    client.force_login(steering)

    def history_read(path):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        read = any("signatorystatuschange" in q["sql"] for q in queries.captured_queries)
        return read, response.context["report"].facts["signatories_at_end"]

    assert history_read(url("report", compact)) == (True, 6)
    assert history_read(url("report", compact)) == (False, 6)
    waiting = SignatoryFactory(
        compact=compact, status=Signatory.Status.PENDING, signed_on=datetime.date(2026, 5, 1)
    )
    signatory_approve(actor=steering, signatory=waiting)
    assert history_read(url("report", compact)) == (True, 7)


def test_the_worker_prepares_the_report_so_the_next_visitor_waits_for_nothing(client, compact):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import page_cache
    from reviews.report import annual_report_prepare_after_change
    from reviews.tasks import prepare_annual_report
    from tests.factories import SteeringGroupMemberFactory

    # Registered by the app, so every change to a compact that commits sends the task.
    assert annual_report_prepare_after_change in page_cache._after_change
    page_cache.public_pages_changed(compacts=[compact])
    prepare_annual_report(compact.slug, 2026)
    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("report", compact))
    assert response.context["report"].facts["signatories_at_end"] == 6
    assert not any("signatorystatuschange" in q["sql"] for q in queries.captured_queries)
