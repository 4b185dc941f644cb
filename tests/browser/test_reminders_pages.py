"""A steering group member's reminders in the browser: the list, the dashboard panel, choices,
timings with a mistake, late e-mails and the unsubscribe page; axe-core on each."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outbox.models import Message
from reminders.models import Kind, Reminder
from reminders.services import reminders_sweep, unsubscribe_token
from reminders.sources import signatory_deadlines_refresh
from signatories.models import Membership, Signatory
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    published_compact,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reminders_pages_are_usable_and_accessible(page):
    compact = published_compact(name="Riverside Compact")
    steering = SteeringGroupMemberFactory(compact=compact).user
    waiting = SignatoryFactory(compact=compact, status=Signatory.Status.PENDING)
    Signatory.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    # The steering group member also runs an organisation without a champion.
    own = SignatoryFactory(compact=compact, approved_on=datetime.date(2026, 1, 5))
    MembershipFactory(
        organisation=own.organisation, user=steering, role=Membership.Role.ADMINISTRATOR
    )
    signatory_deadlines_refresh(signatories=[waiting, own])
    reminders_sweep()
    assert Reminder.objects.filter(recipient=steering).count() == 2

    sign_in(page, steering.email, PASSWORD)
    page.get_by_role("link", name="Your reminders").first.click()
    expect(page.get_by_role("heading", name="Your reminders")).to_be_visible()
    expect(page.get_by_text("waiting for a decision")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/organisations/{own.organisation.slug}/dashboard/")
    panel = page.get_by_role("region", name="Your reminders")
    expect(panel.get_by_text("has not yet named a Compact Champion")).to_be_visible()
    assert_accessible(page)

    page.goto("/reminders/preferences/")
    page.get_by_role("group", name="Organisations without a Compact Champion").get_by_label(
        "One e-mail a day with all my reminders"
    ).check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices for reminders are saved")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/reminders/compacts/{compact.slug}/settings/")
    page.get_by_label("days an application to sign may wait").fill("fourteen")
    page.get_by_role("button", name="Save the timings").click()
    expect(page.get_by_role("link", name="Enter whole numbers of days")).to_be_visible()
    assert page.get_by_label("days an application to sign may wait").input_value() == "fourteen"
    assert_accessible(page)

    Message.objects.filter(
        pk__in=Reminder.objects.filter(recipient=steering, kind=Kind.APPLICATION_WAITING).values(
            "email_id"
        )
    ).update(
        status=Message.Status.FAILED,
        attempts=7,
        next_attempt_at=None,
        last_error="SMTPServerDisconnected",
    )
    page.goto("/outbox/late/")
    page.get_by_role("button", name=f"Send again to {steering.email}").click()
    expect(page.get_by_text("will be sent again")).to_be_visible()
    assert_accessible(page)

    token = unsubscribe_token(user_id=steering.pk, kinds_=[Kind.APPLICATION_WAITING])
    page.goto(f"/reminders/unsubscribe/{token}/")
    assert_accessible(page)
    page.get_by_role("button", name="Stop these e-mails").click()
    expect(
        page.get_by_role("heading", name="You will not get these e-mails any more")
    ).to_be_visible()
    assert_accessible(page)
