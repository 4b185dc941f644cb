"""A word of 50,000 characters, kept on an old record or pasted into a form, wraps: the page
never grows wider than a phone's or a desktop's window."""

import pytest
from playwright.sync_api import expect

from tests.accountability.factories import FundingChangeFactory
from tests.browser.conftest import assert_accessible, page_width, sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    UserFactory,
    published_compact,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD = "w" * 50_000
WINDOW_WIDTHS = (375, 1280)


@pytest.fixture
def officer_and_change():
    compact = published_compact(name="Riverside Compact")
    council = StatutoryBodyFactory(name="Riverside Borough Council")
    SignatoryFactory(organisation=council, compact=compact)
    officer = UserFactory(full_name="Olive Officer")
    MembershipFactory(organisation=council, user=officer)
    charity = OrganisationFactory(name="Riverside Youth Trust")
    SignatoryFactory(organisation=charity, compact=compact)
    # Written straight to the database, as a record from before text was bounded could be.
    change = FundingChangeFactory(
        compact=compact, funding_body=council, recipient=charity, rationale=WORD,
        programme="p" * 250,
    )  # fmt: skip
    return officer, change


@pytest.mark.parametrize("window_width", WINDOW_WIDTHS)
def test_a_long_word_on_a_record_does_not_widen_the_page(page, officer_and_change, window_width):
    officer, change = officer_and_change
    page.set_viewport_size({"width": window_width, "height": 900})
    sign_in(page, officer.email, PASSWORD)
    page.goto(change.get_absolute_url())
    expect(page.get_by_text(WORD[:100], exact=False).first).to_be_visible()
    assert page_width(page) <= window_width


@pytest.mark.parametrize("window_width", WINDOW_WIDTHS)
def test_a_long_word_pasted_into_a_form_is_refused_kept_and_wrapped(
    page, officer_and_change, window_width
):
    officer, change = officer_and_change
    page.set_viewport_size({"width": window_width, "height": 900})
    sign_in(page, officer.email, PASSWORD)
    page.goto(f"{change.get_absolute_url()}amend/")
    page.get_by_label("Reasons for the change").fill(WORD)
    page.get_by_label("Why are you amending the record?").fill(WORD)
    page.get_by_role("button", name="Save the amendment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Reasons for the change must be 10,000 characters or fewer")
    ).to_be_visible()
    assert len(page.get_by_label("Reasons for the change").input_value()) == 50_000
    assert page_width(page) <= window_width
    assert_accessible(page)
