"""A concern from start to finish, through the real pages in Chromium, axe-core on each."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from disputes.models import Case, Outcome, Stage
from tests.browser.conftest import assert_accessible, fill_date, sign_in
from tests.disputes.factories import make_parties, pdf_bytes
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch_to(page, user):
    page.context.clear_cookies()
    sign_in(page, user.email, PASSWORD)


def _confirm_move(page, link_name):
    page.get_by_role("link", name=link_name).click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect_success(page)


def expect_success(page):
    expect(page.locator(".govuk-notification-banner--success")).to_have_count(1)


def test_concern_raised_mediated_and_closed(page, tmp_path, settings, deliver_outbox):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    parties = make_parties()
    evidence = tmp_path / "notice-letter.pdf"
    evidence.write_bytes(pdf_bytes())

    # A VCS member raises a concern with a document.
    sign_in(page, parties.raiser.email, PASSWORD)
    page.goto("/concerns/")
    assert_accessible(page)
    page.get_by_role("link", name="Raise a concern").click()
    assert_accessible(page)
    page.get_by_role("link", name=parties.compact.name).click()
    assert_accessible(page)
    page.get_by_label("Which organisation is it about").select_option(
        label=parties.respondent_org.name
    )
    page.get_by_label("Short title").fill("Youth grant ended without notice")
    page.get_by_label("1. Principle 1").check()
    page.get_by_label("What happened", exact=True).fill("The grant ended with two weeks' notice.")
    page.get_by_label("Documents (optional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Submit concern").click()
    expect_success(page)
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Youth grant ended without notice")
    expect(page.get_by_role("link", name="Download notice-letter.pdf")).to_be_visible()
    case = Case.objects.get()
    assert case.stage == Stage.SUBMITTED

    # The steering group acknowledges it, assigns a mediator and starts mediation.
    _switch_to(page, parties.steering)
    page.goto("/concerns/board/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Youth grant ended")).click()
    assert_accessible(page)
    _confirm_move(page, "Acknowledge")
    page.get_by_role("link", name="Assign a mediator").click()
    assert_accessible(page)
    page.get_by_label(parties.mediator.full_name).check()
    page.get_by_role("button", name="Assign mediator").click()
    expect_success(page)
    _confirm_move(page, "Respond and start resolving it between the parties")
    _confirm_move(page, "Start mediation")
    expect(page.get_by_text("In mediation").first).to_be_visible()

    # The mediator records a session.
    _switch_to(page, parties.mediator)
    page.goto("/concerns/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Youth grant ended")).click()
    page.get_by_role("link", name="Record a mediation session").click()
    assert_accessible(page)
    fill_date(page, "Date of the session", timezone.localdate())
    page.get_by_label("What was discussed and agreed").fill("Council will restore notice.")
    page.get_by_role("button", name="Record session").click()
    expect_success(page)
    assert_accessible(page)
    expect(page.get_by_text("Council will restore notice.")).to_be_visible()

    # The steering group closes the case with an outcome and a lesson.
    _switch_to(page, parties.steering)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Close the case with an outcome").click()
    assert_accessible(page)
    page.get_by_label("Resolved by agreement").check()
    page.get_by_label("Lessons for the compact (optional)").fill("Brief grants officers.")
    page.get_by_role("button", name="Close the case").click()
    expect_success(page)
    assert_accessible(page)

    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.outcome == Outcome.RESOLVED_BY_AGREEMENT
    assert case.timeline.filter(kind="meeting").count() == 1
    deliver_outbox()
    assert any(parties.respondent.email in message.to for message in mail.outbox)
    page.goto(f"/concerns/compacts/{parties.compact.slug}/lessons/")
    assert_accessible(page)
    expect(page.get_by_text("Brief grants officers.")).to_be_visible()
