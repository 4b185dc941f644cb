"""Your tasks, the navigation by role, the feedback form and the error pages, in a real browser."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "compact-demo-2026"  # noqa: S105 - the demo accounts' published password


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=True):
        call_command("load_demo", stdout=io.StringIO())
        yield


def test_a_steering_chair_lands_on_their_tasks_and_follows_one(page, demo):
    sign_in(page, "chair@riverside.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your tasks")
    assert page.url.endswith("/tasks/")
    work = page.get_by_role("navigation", name="Your work")
    for text in ["Your tasks", "Your organisations", "Your reminders", "Applications",
                 "Concerns board", "Plans and reviews"]:  # fmt: skip
        expect(work.get_by_role("link", name=text, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Decide 1 application to sign Riverside Borough Compact").click()
    expect(page).to_have_url(re.compile(r".*/applications/$"))
    assert_accessible(page)


def test_an_officer_sees_officer_links_and_dated_tasks_on_a_small_screen(page, demo):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "officer@demo.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your tasks")
    expect(page.get_by_text("5 tasks wait for you")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Your work").click()
    expect(
        page.get_by_role("navigation", name="Your work").get_by_role("link", name="Funding changes")
    ).to_be_visible()
    assert_accessible(page)


def test_the_mediators_empty_tasks_and_the_feedback_and_error_pages_are_accessible(page, demo):
    sign_in(page, "mediator@demo.example", DEMO_PASSWORD)
    expect(page.get_by_text("Nothing is waiting for you")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="feedback", exact=True).click()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your feedback or question")
    assert_accessible(page)
    page.get_by_label("Your feedback or question").fill("The tasks page is clear.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", name="Feedback sent")).to_be_visible()
    assert_accessible(page)
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
    page.goto("/reviews/riverside/self-assessment/2026/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    assert_accessible(page)
