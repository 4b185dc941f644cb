import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import published_compact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_compact_page_shows_principles_side_by_side_and_is_accessible(page):
    compact = published_compact(name="Riverside Compact", minimum_notice_months=6)

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("button", name="Find your compact").click()
    assert_accessible(page)
    page.get_by_role("link", name="Riverside Compact").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Compact")
    expect(page.get_by_text("At least 6 calendar months")).to_be_visible()
    statutory = page.locator(".portal-undertakings__column--statutory").first
    vcs = page.locator(".portal-undertakings__column--vcs").first
    # Side by side on a desktop screen: the VCS column starts to the right of the statutory one.
    assert vcs.bounding_box()["x"] > statutory.bounding_box()["x"]
    assert_accessible(page)
    assert compact.slug in page.url


def test_undertakings_stack_on_a_small_screen(page):
    published_compact(name="Hillside Compact")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/compacts/hillside-compact/")
    statutory = page.locator(".portal-undertakings__column--statutory").first.bounding_box()
    vcs = page.locator(".portal-undertakings__column--vcs").first.bounding_box()
    assert vcs["y"] > statutory["y"]
    assert vcs["x"] == statutory["x"]


def test_about_and_footer_pages_are_accessible(page):
    for path in [
        "/compacts/about/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/account/login/",
        "/account/signup/",
    ]:
        page.goto(path)
        assert_accessible(page)


def _totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_account_pages_are_in_the_portals_design_and_accessible(page):
    """allauth's pages: sign in, sign up, verification sent, password reset, change password,
    e-mail addresses, two-factor set-up and recovery codes, with their error summaries."""
    from tests.browser.conftest import sign_in
    from tests.factories import PASSWORD, UserFactory

    page.goto("/account/login/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your email address")
    assert_accessible(page)

    page.goto("/account/signup/")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your full name")
    assert_accessible(page)
    page.get_by_label("Full name").fill("New Person")
    page.get_by_label("Email").fill("new.person@example.org")
    page.locator("#id_password1").fill("a-long-secret-123")
    page.locator("#id_password2").fill("a-long-secret-123")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    assert_accessible(page)

    page.goto("/account/password/reset/")
    page.get_by_role("button", name="Reset my password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    user = UserFactory()
    sign_in(page, user.email, PASSWORD)
    for path, heading in [
        ("/account/password/change/", "Change password"),
        ("/account/email/", "Email addresses"),
        ("/account/2fa/", "Two-factor authentication"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)

    page.goto("/account/2fa/totp/activate/")
    if page.get_by_label("Password").count():  # allauth asks for the password again first
        assert_accessible(page)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate authenticator app")
    page.get_by_role("button", name="Activate").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("6-digit code")
    assert_accessible(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(_totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.goto("/account/2fa/recovery-codes/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("recovery codes", ignore_case=True)
    assert_accessible(page)
