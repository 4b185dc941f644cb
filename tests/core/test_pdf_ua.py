"""Every kind of PDF the portal makes, fetched as a person would and read back by a PDF/UA-1
checker (`pdfua`, the machine-checkable part of the standard). A finding of any severity
fails the test, with the checker's own words."""

import datetime
import io
import itertools
import re
from pathlib import Path

import pikepdf
import pytest
from django.urls import reverse
from pdfua import validate

from commitments.models import Compact
from commitments.services import compact_import
from disputes import services as dispute_services
from disputes.models import Stage
from reviews.models import SelfAssessment
from signatories import services as signatory_services
from tests.disputes.factories import case_for, make_parties
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
)
from tests.reviews.factories import compact_with_template, plan_with

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "commitments" / "demo"


EMPTY_HEADING_RULE = "UA-14-001"


def _marks_content(node) -> bool:
    """True if a structure element reaches at least one piece of marked page content."""
    if isinstance(node, int):
        return True
    if isinstance(node, pikepdf.Array):
        return any(_marks_content(item) for item in node)
    if isinstance(node, pikepdf.Dictionary):
        if "/MCID" in node:
            return True
        return "/K" in node and _marks_content(node.K)
    return False


def _headings(node, found=None) -> list[tuple[int, bool]]:
    """Each heading's level and whether it holds any text, in reading order."""
    found = [] if found is None else found
    if isinstance(node, pikepdf.Array):
        for item in node:
            _headings(item, found)
    elif isinstance(node, pikepdf.Dictionary) and "/K" in node:
        role = str(node.get("/S", ""))
        if re.fullmatch(r"/H[1-6]", role):
            found.append((int(role[2]), _marks_content(node.K)))
        _headings(node.K, found)
    return found


def assert_pdf_ua(content: bytes, tmp_path, *, title: str) -> None:
    """The checker finds nothing, and the title and language are the ones a reader hears."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    report = validate(str(path))
    problems = [f"{f.rule_id} {f.location.describe()}: {f.message}" for f in report.findings]
    assert problems == []
    # The checker's empty-heading rule stops at any heading whose /K is an array (it asks
    # pikepdf for an attribute that arrays refuse), so that rule is done here instead.
    skipped = {o.rule_id: o.skipped_reason for o in report.skipped}
    assert set(skipped) <= {EMPTY_HEADING_RULE}, skipped
    assert all("is_integer" in reason for reason in skipped.values()), skipped
    with pikepdf.open(io.BytesIO(content)) as document:
        headings = _headings(document.Root.StructTreeRoot)
        assert str(document.Root.Lang) == "en-GB"
        assert document.Root.ViewerPreferences.DisplayDocTitle
        with document.open_metadata() as metadata:
            assert metadata["dc:title"] == title
            assert metadata["pdfuaid:part"] == "1"
    assert headings and all(has_text for _, has_text in headings), headings
    levels = [level for level, _ in headings]
    # One h1 first, and no level skipped on the way down (h2 to h4).
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_the_compact_pdf_is_tagged(client, tmp_path):
    compact_import(text=(DEMO / "riverside.yaml").read_text())
    compact = Compact.objects.get()

    response = client.get(reverse("commitments:pdf", args=[compact.slug]))

    assert_pdf_ua(response.content, tmp_path, title="Riverside Borough Compact")


def test_the_certificate_is_tagged(client, tmp_path):
    compact = compact_with_template(name="Riverside Compact")
    membership = MembershipFactory()
    signatory = SignatoryFactory(
        organisation=membership.organisation, compact=compact, status="pending"
    )
    steering = SteeringGroupMemberFactory(compact=compact).user
    signatory_services.signatory_approve(actor=steering, signatory=signatory)
    client.force_login(membership.user)

    response = client.get(
        reverse("signatories:certificate", args=[membership.organisation.slug, signatory.pk])
    )

    assert_pdf_ua(
        response.content,
        tmp_path,
        title=f"Certificate of signing: {membership.organisation.name}",
    )


def test_the_annual_report_is_tagged(client, tmp_path, time_machine):
    time_machine.move_to(datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC), tick=False)
    compact = compact_with_template(name="Riverside Compact")
    for month in (2, 5, 9):
        SignatoryFactory(compact=compact, signed_on=datetime.date(2026, month, 1))
    plan_with(compact, OrganisationFactory(), 2026, {"named-lead": "need_help"})
    SelfAssessment.objects.create(compact=compact, year=2026, summary="A steady year.")

    response = client.get(
        reverse("reviews:report_pdf", kwargs={"compact_slug": compact.slug, "year": 2026})
    )

    assert_pdf_ua(response.content, tmp_path, title="Riverside Compact: annual report 2026")


def test_the_case_summary_is_tagged(client, tmp_path):
    parties = make_parties()
    case = case_for(parties, stage=Stage.IN_MEDIATION, mediator=parties.mediator)
    dispute_services.case_post_message(actor=parties.raiser, case=case, body="We met twice.")
    client.force_login(parties.steering)

    response = client.get(reverse("disputes:summary_pdf", kwargs={"pk": case.pk}))

    assert_pdf_ua(response.content, tmp_path, title=f"Case {case.reference}: {case.title}")
