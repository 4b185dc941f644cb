"""Public accountability pages are accessible: consultations, a body's record, the figures."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accountability.models import ConsultationFollow
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.browser.conftest import assert_accessible, sign_in
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


def test_public_pages_and_following(page):
    today = timezone.localdate()
    compact = published_compact(name="Riverside Compact")
    council = StatutoryBodyFactory(name="Riverside Borough Council")
    SignatoryFactory(organisation=council, compact=compact)
    charity = OrganisationFactory(name="Riverside Youth Trust")
    SignatoryFactory(organisation=charity, compact=compact)
    member = UserFactory()
    MembershipFactory(organisation=charity, user=member)
    FundingChangeFactory(compact=compact, funding_body=council, recipient=charity)
    open_now = ConsultationFactory(
        compact=compact, organisation=council, title="Library hours",
        opens_on=today - datetime.timedelta(days=10), closes_on=today + datetime.timedelta(days=80),
    )  # fmt: skip
    ConsultationFactory(
        compact=compact, organisation=council, title="Park plans",
        opens_on=today - datetime.timedelta(days=200),
        closes_on=today - datetime.timedelta(days=150),
    )  # fmt: skip

    page.goto("/accountability/consultations/")
    expect(page.get_by_role("link", name="Library hours")).to_be_visible()
    expect(page.get_by_text("Overdue").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/accountability/bodies/{council.slug}/")
    expect(page.get_by_text("How Riverside Borough Council keeps the compact")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/accountability/compacts/{compact.slug}/")
    assert_accessible(page)
    page.goto(f"/directory/organisations/{council.slug}/")  # the directory's public page
    expect(page.get_by_text("How Riverside Borough Council keeps the compact")).to_be_visible()
    expect(page.get_by_text("Youth work programme")).to_have_count(0)
    assert_accessible(page)

    sign_in(page, member.email, PASSWORD)
    page.goto(open_now.get_absolute_url())
    page.get_by_role("button", name="Follow for Riverside Youth Trust").click()
    expect(page.get_by_text("Riverside Youth Trust now follows this consultation.")).to_be_visible()
    assert_accessible(page)
    assert ConsultationFollow.objects.filter(organisation=charity).exists()
