"""The "You have tried too many times" page (core.limits) in a real browser: accessible,
saying when to try again, and showing what was typed."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_too_many_attempts_page_keeps_what_was_typed(page, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "feedback": "1/h/ip"}
    message = "The consultation page should say which compact it belongs to."
    for _attempt in range(2):
        page.goto("/feedback/")
        page.get_by_label("Your feedback or question").fill(message)
        page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have tried too many times")
    expect(page.get_by_text("You can try again from")).to_be_visible()
    expect(page.get_by_text(message)).to_be_visible()
    assert_accessible(page)
