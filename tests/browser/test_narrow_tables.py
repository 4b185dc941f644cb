"""At 375 px wide, wide tables scroll inside their own labelled, focusable region, and the
page itself never scrolls sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accountability.factories import ConsultationFactory
from tests.browser.conftest import assert_accessible
from tests.factories import SignatoryFactory, StatutoryBodyFactory, published_compact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def page_scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_directory_and_consultation_tables_scroll_inside_the_page_on_a_phone(page):
    compact = published_compact(name="Riverside Compact")
    council = StatutoryBodyFactory(name="Riverside and Hillside Metropolitan Borough Council")
    SignatoryFactory(organisation=council, compact=compact)
    for number in range(3):
        SignatoryFactory(
            organisation__name=f"Riverside Community Transport Association {number}",
            compact=compact,
        )
    today = timezone.localdate()
    ConsultationFactory(
        compact=compact, organisation=council,
        title="Proposed changes to library opening hours across the borough",
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=80),
    )  # fmt: skip
    ConsultationFactory(
        compact=compact, organisation=council, title="Community centre lettings policy",
        opens_on=today - datetime.timedelta(days=120),
        closes_on=today - datetime.timedelta(days=30),
    )  # fmt: skip
    page.set_viewport_size(PHONE)

    for path, region_name in (
        ("/directory/", "4 signatories"),
        ("/accountability/consultations/", "2 consultations"),
    ):
        page.goto(path)
        region = page.get_by_role("region", name=region_name)
        expect(region).to_be_visible()
        assert not page_scrolls_sideways(page), path
        # The table is wider than the phone, so its region scrolls, and takes keyboard focus.
        assert region.evaluate("el => el.scrollWidth > el.clientWidth"), path
        region.focus()
        expect(region).to_be_focused()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
        assert not page_scrolls_sideways(page), path
        assert_accessible(page)
