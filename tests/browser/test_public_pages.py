import pytest

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

    assert page.get_by_role("heading", level=1).inner_text() == "Riverside Compact"
    assert page.get_by_text("At least 6 calendar months").is_visible()
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
