"""An officer logs a change with too little notice, marks it exceptional; the charity responds."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accountability import rules
from accountability.models import FundingChange
from tests.browser.conftest import assert_accessible, fill_date, sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_short_notice_explained_marked_exceptional_and_answered(
    browser, page, live_server, deliver_outbox
):
    compact = published_compact(name="Riverside Compact", minimum_notice_months=3)
    council = StatutoryBodyFactory(name="Riverside Borough Council")
    SignatoryFactory(organisation=council, compact=compact)
    officer = UserFactory(full_name="Olive Officer")
    MembershipFactory(organisation=council, user=officer)
    charity = OrganisationFactory(name="Riverside Youth Trust")
    SignatoryFactory(organisation=charity, compact=compact)
    recipient_user = UserFactory(full_name="Rita Recipient")
    MembershipFactory(organisation=charity, user=recipient_user)
    steering_user = SteeringGroupMemberFactory(compact=compact, user__full_name="Sam Steer").user
    notice_given_on = timezone.localdate() - datetime.timedelta(days=10)
    takes_effect_on = notice_given_on + datetime.timedelta(days=40)

    sign_in(page, officer.email, PASSWORD)
    page.goto("/accountability/funding-changes/new/")
    assert_accessible(page)
    page.get_by_label("Funding body and compact").select_option(
        label="Riverside Borough Council, Riverside Compact"
    )
    page.get_by_label("Organisation funded").select_option(label="Riverside Youth Trust")
    page.get_by_label("Programme or service").fill("Youth club evenings")
    page.get_by_label("Reduction").check()
    page.get_by_label("Current annual amount").fill("£20,000")
    page.get_by_label("New annual amount").fill("25,000")  # more than now: refused
    fill_date(page, "Date notice was given", notice_given_on)
    fill_date(page, "Date the change takes effect", takes_effect_on)
    page.get_by_label("Reasons for the change").fill("The youth budget fell by a third.")
    page.get_by_role("button", name="Log the change").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_text("the new amount must be less than the current amount").first
    ).to_be_visible()
    assert page.get_by_label("Reasons for the change").input_value() == (
        "The youth budget fell by a third."
    )
    assert_accessible(page)
    page.get_by_label("New annual amount").fill("12,000")
    page.get_by_role("button", name="Log the change").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Youth club evenings")
    expect(page.get_by_text("Breach of the compact: too little notice.")).to_be_visible()
    last_day = rules.last_day_to_give_notice(
        takes_effect_on=takes_effect_on, minimum_notice_months=3
    )
    expect(page.locator("body")).to_contain_text(
        "The change is held to the compact's minimum of 3 calendar months"
    )
    expect(page.locator("body")).to_contain_text(
        f"notice had to be given by {last_day.day} {last_day:%B %Y}"
    )
    assert_accessible(page)
    deliver_outbox()
    assert [message.to for message in mail.outbox] == [[recipient_user.email]]

    # Notice was given already: the claim goes to the steering group.
    page.get_by_role(
        "link", name="Ask the steering group to accept exceptional circumstances"
    ).click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the request to the steering group").click()
    expect(page.get_by_text("Explain the exceptional circumstances").first).to_be_visible()
    page.get_by_label("What are the exceptional circumstances?").fill(
        "The government grant that paid for the service ended without warning."
    )
    page.get_by_role("button", name="Send the request to the steering group").click()
    expect(page.get_by_text("Until it agrees, the change counts as a breach")).to_be_visible()
    expect(page.get_by_text("Waiting for the steering group").first).to_be_visible()
    assert_accessible(page)
    assert FundingChange.objects.get().is_breach

    # The steering group member finds the request from the list of funding changes.
    steering_context = browser.new_context(
        base_url=live_server.url, locale="en-GB", bypass_csp=True
    )
    steering_page = steering_context.new_page()
    sign_in(steering_page, steering_user.email, PASSWORD)
    steering_page.goto("/accountability/funding-changes/")
    steering_page.get_by_role("link", name="1 request to accept shorter notice").click()
    assert_accessible(steering_page)
    steering_page.get_by_role("link", name="Agree or refuse").click()
    assert_accessible(steering_page)
    steering_page.get_by_label("Yes, agree").check()
    steering_page.get_by_label("The steering group's reason").fill("The grant ended overnight.")
    steering_page.get_by_role("button", name="Record the steering group's decision").click()
    expect(steering_page.get_by_text("The steering group agreed")).to_be_visible()
    assert_accessible(steering_page)
    steering_context.close()

    page.reload()
    expect(page.get_by_text("Shorter notice: exceptional circumstances")).to_be_visible()
    expect(page.get_by_text("Agreed by the steering group").first).to_be_visible()
    change = FundingChange.objects.get()
    assert change.exceptional_circumstances and not change.is_breach

    # The charity's member, in a browser of their own.
    context = browser.new_context(base_url=live_server.url, locale="en-GB", bypass_csp=True)
    charity_page = context.new_page()
    sign_in(charity_page, recipient_user.email, PASSWORD)
    charity_page.goto(f"/organisations/{charity.slug}/dashboard/")  # the organisation's dashboard
    expect(charity_page.get_by_role("heading", name="Needs your response")).to_be_visible()
    assert_accessible(charity_page)
    charity_page.get_by_role("link", name="Reduction: Youth club evenings").first.click()
    expect(charity_page.get_by_role("link", name="Amend the record")).to_have_count(0)
    assert_accessible(charity_page)
    charity_page.get_by_label("Your organisation's response").fill(
        "Please phase the reduction over the year so the Tuesday club can stay open."
    )
    charity_page.get_by_role("button", name="Send the response").click()
    expect(charity_page.get_by_text("Your response is recorded")).to_be_visible()
    expect(charity_page.get_by_text("Please phase the reduction over the year")).to_be_visible()
    assert_accessible(charity_page)
    charity_page.goto(f"/organisations/{charity.slug}/dashboard/")
    expect(charity_page.get_by_text("You have responded.")).to_be_visible()
    context.close()

    page.reload()
    expect(page.get_by_text("Please phase the reduction over the year")).to_be_visible()
    deliver_outbox()
    assert mail.outbox[-1].to == [officer.email]
