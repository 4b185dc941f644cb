"""A new volunteer signs up a charity; the compact administrator approves it; the volunteer
appoints a lead champion and downloads the certificate. axe-core checks every page."""

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, SteeringGroupMemberFactory, UserFactory, published_compact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "correct-horse-battery-staple-42"


def _sign_out(page):
    page.get_by_role("button", name="Sign out").first.click()
    if page.get_by_role("button", name="Sign Out").count():
        page.get_by_role("button", name="Sign Out").click()


def test_a_charity_signs_up_is_approved_appoints_a_champion_and_downloads_its_certificate(
    page, deliver_outbox
):
    compact = published_compact(name="Riverside Compact")
    administrator = UserFactory(email="cvs@example.org", full_name="Casey CVS")
    SteeringGroupMemberFactory(compact=compact, user=administrator)

    # The compact's page leads into the journey, which asks for an account first.
    page.goto(f"/compacts/{compact.slug}/")
    page.get_by_role("button", name="Sign up to this compact").click()
    assert "/account/login/" in page.url
    assert_accessible(page)
    page.goto("/account/signup/")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Pat Treasurer")
    page.get_by_label("Email").fill("pat@riverside-food.example")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    assert_accessible(page)

    # The verification e-mail's link: queued in the portal's outbox, then sent by the worker.
    deliver_outbox()
    message = next(m for m in mail.outbox if "pat@riverside-food.example" in m.to)
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", message.body).group(0)
    page.goto(link[link.index("/account/") :])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    page.goto(f"/compacts/{compact.slug}/")
    page.get_by_role("button", name="Sign up to this compact").click()
    page.get_by_role("heading", name="Your organisation").wait_for()
    assert_accessible(page)

    # A postcode typed wrong: the message, on the same page, and the other answers kept.
    page.get_by_label("Name of the organisation").fill("Riverside Food Bank")
    page.get_by_label("Voluntary and community").check()
    page.get_by_label("Type of organisation").select_option(label="Registered charity")
    page.get_by_label("Registered charity number (optional)").fill("1123456")
    page.get_by_label("Postcode").fill("DA6")
    page.get_by_label("Organisation's e-mail").fill("hello@riverside-food.example")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("link", name="Enter a real UK postcode, like DA6 7AT")).to_be_visible()
    assert page.get_by_label("Name of the organisation").input_value() == "Riverside Food Bank"
    assert_accessible(page)
    page.get_by_label("Postcode").fill("DA6 7AT")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("heading", name="Declaration").wait_for()
    assert_accessible(page)
    page.get_by_label("Your role or job title").fill("Treasurer")
    page.get_by_label("The compact has been read and discussed in the organisation").check()
    page.get_by_label("The organisation will appoint a Compact Champion").check()
    page.get_by_label("The organisation will promote the compact and work by it").check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("heading", name="Check your answers").wait_for()
    expect(page.get_by_text("Pat Treasurer, Treasurer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the application").click()
    page.get_by_role("heading", name="Application sent").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Go to Riverside Food Bank's dashboard").click()
    expect(page.get_by_text("Waiting for approval")).to_be_visible()
    assert_accessible(page)
    _sign_out(page)

    # The compact administrator approves it from the queue.
    sign_in(page, administrator.email, PASSWORD)
    page.goto("/applications/")
    assert_accessible(page)
    page.get_by_role("link", name="Riverside Food Bank").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Riverside Food Bank is now a signatory")).to_be_visible()
    _sign_out(page)
    deliver_outbox()
    assert any("is now a signatory" in m.subject for m in mail.outbox)

    # The volunteer appoints a lead champion, with a deputy, and downloads the certificate.
    sign_in(page, "pat@riverside-food.example", NEW_PASSWORD)
    page.get_by_role("link", name="Your organisations").click()
    assert_accessible(page)
    page.get_by_role("link", name="Riverside Food Bank").click()
    expect(page.get_by_text("Active", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="No champion")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Appoint a Compact Champion").click()
    assert_accessible(page)
    page.get_by_label("Lead champion").check()
    page.get_by_label("Champion's full name").fill("Lee Lead")
    page.get_by_label("Champion's e-mail").fill("lee@riverside-food.example")
    page.get_by_label("Senior person they have direct access to").fill("Sam Senior")
    page.get_by_label("That person's role").fill("Chair of trustees")
    page.get_by_role("button", name="Appoint the champion").click()
    # A lead champion needs a deputy: said on the page, the rest kept.
    expect(page.get_by_role("link", name="Name the lead champion's deputy")).to_be_visible()
    assert page.get_by_label("Champion's full name").input_value() == "Lee Lead"
    assert_accessible(page)
    page.get_by_label("Deputy's name").fill("Dee Deputy")
    page.get_by_role("button", name="Appoint the champion").click()
    expect(page.get_by_text("Lee Lead is now a Compact Champion")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to the dashboard").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the certificate")).click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))  # noqa: SIM115
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Riverside Food Bank" in text and "Riverside Compact" in text
    code = re.search(r"Verification code: (\S+)", text).group(1)

    page.goto(f"/certificates/{code}/")
    expect(page.get_by_text("Genuine and active")).to_be_visible()
    assert_accessible(page)
    page.goto("/directory/?q=Riverside")
    assert_accessible(page)
    page.get_by_role("link", name="Riverside Food Bank").click()
    expect(page.get_by_text("Lead champion")).to_be_visible()
    assert_accessible(page)
