"""A signatory asks for help in its action plan; the steering group sees it, offers help,
and the annual report counts it."""

import datetime

import pytest
from playwright.sync_api import expect

from reviews.models import ActionPlanEntry, HelpOffer
from signatories.models import Membership
from tests.browser.conftest import assert_accessible, fill_date, sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
)
from tests.reviews.factories import compact_with_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMED_LEAD = "We have a named lead or Compact Champion"


def test_a_need_for_help_travels_from_the_plan_to_the_annual_report(page):
    year = datetime.date.today().year
    compact = compact_with_template(name="Riverside Compact")
    organisation = OrganisationFactory(name="Alder Community Trust")
    SignatoryFactory(compact=compact, organisation=organisation)
    SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="Birch Youth Club"))
    member = MembershipFactory(organisation=organisation, role=Membership.Role.ADMINISTRATOR)
    steering = SteeringGroupMemberFactory(compact=compact)

    # The signatory starts its plan from its list of plans.
    sign_in(page, member.user.email, PASSWORD)
    page.get_by_role("link", name="Plans and reviews").click()
    assert_accessible(page)
    page.get_by_role("link", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Action plan {year}")
    assert_accessible(page)
    page.get_by_role("button", name=f"Start the {year} plan").click()
    expect(page.get_by_text(f"Your {year} plan is ready to fill in.")).to_be_visible()
    assert_accessible(page)

    # It marks one line as needing help, with a note, an owner and a target date.
    line = page.locator("#line-named-lead")
    line.get_by_role("group", name=NAMED_LEAD).get_by_label("We need help with this").check()
    line.get_by_label("Notes").fill("Nobody has the time; could someone show us how?")
    line.get_by_label("Who leads on it").fill("Our chair")
    fill_date(line, "Date to do it by", datetime.date(year + 1, 3, 31))
    page.locator("#line-website-links").get_by_label("We already do this").check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text(f"Your {year} action plan is saved.")).to_be_visible()
    assert page.locator("#line-named-lead").get_by_label("We need help with this").is_checked()
    assert_accessible(page)
    entry = ActionPlanEntry.objects.get(plan__organisation=organisation, item__key="named-lead")
    assert (entry.status, entry.owner, entry.target_on) == (
        "need_help",
        "Our chair",
        datetime.date(year + 1, 3, 31),
    )
    page.get_by_role("button", name="Sign out").click()

    # The steering group sees it collated, with the club that has no plan yet.
    sign_in(page, steering.user.email, PASSWORD)
    page.goto(f"/reviews/{compact.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Signatories' plans {year}").click()
    assert_accessible(page)
    needs = page.locator("#needs tbody tr").first
    expect(needs).to_contain_text(NAMED_LEAD)
    expect(needs.locator("td").first).to_have_text("1")
    asking = page.locator("#asking")
    expect(asking).to_contain_text("Alder Community Trust")
    expect(asking).to_contain_text(NAMED_LEAD)
    expect(page.locator("#without-plan")).to_contain_text("Birch Youth Club")

    # It offers a partnership surgery.
    page.get_by_role("link", name="Offer help to Alder Community Trust").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the offer").click()  # nothing filled in
    expect(page.get_by_text("Write a short message saying what you offer").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("A partnership surgery").check()
    page.get_by_label("Message to the organisation").fill("Come to our surgery at the library.")
    page.get_by_role("button", name="Send the offer").click()
    expect(
        page.get_by_text("Your offer is recorded and sent to Alder Community Trust.")
    ).to_be_visible()
    assert HelpOffer.objects.filter(organisation=organisation).count() == 1

    # The annual report counts the need; one organisation's need could point to it, so the
    # public figure is "fewer than 5" and no bar is drawn from it (core.disclosure).
    page.goto(f"/reviews/{compact.slug}/report/{year}/")
    assert_accessible(page)
    report_needs = page.locator("#table-action-plan-needs")
    first_row = report_needs.locator("tbody tr").first
    expect(first_row).to_contain_text(NAMED_LEAD)
    expect(first_row.locator("td").nth(1)).to_have_text("fewer than 5")
    chart = page.get_by_role("img", name="Bar chart of the 1 plan items most often marked")
    expect(chart).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report as PDF").click()
    assert download.value.suggested_filename == f"{compact.slug}-annual-report-{year}.pdf"
