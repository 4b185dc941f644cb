"""A steering-group member drafts a change to a principle in the portal, previews it and
publishes it; an organisation whose signature lapsed opens "what changed" from its
e-mail and signs the new version. axe-core checks each page."""

import pytest
from playwright.sync_api import expect

from commitments.services import compact_import
from signatories.models import Signatory
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_compact_changes_journey import (
    changes_link_from_reminder,
    sign_the_new_version,
)
from tests.commitments.test_document_format import OLD_FORMAT
from tests.factories import PASSWORD, SteeringGroupMemberFactory
from tests.reminders.factories import signed_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_steering_member_publishes_a_draft_and_a_lapsed_signatory_signs_it(
    page, browser, live_server
):
    compact = compact_import(text=OLD_FORMAT).compact
    member = SteeringGroupMemberFactory(compact=compact).user
    signatory, administrator, _ = signed_organisation(compact)

    sign_in(page, member.email, PASSWORD)
    page.goto(compact.get_absolute_url())
    page.get_by_role("link", name="Draft the next version of this compact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft the next version")
    assert_accessible(page)
    page.get_by_role("button", name="Start a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft of version 2")
    assert_accessible(page)

    page.get_by_role("link", name="Change Independence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1. Independence")
    assert_accessible(page)
    page.get_by_label("Voluntary and community organisations undertake to").fill(
        "Be open about whom we speak for.\n- and how we asked them"
    )
    # A new list with no party chosen is refused on the same page, nothing lost.
    page.get_by_label("Items of the new list").fill("Meet once a year.")
    page.get_by_role("button", name="Save and return to the draft").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Voluntary and community organisations undertake to")).to_have_value(
        "Be open about whom we speak for.\n- and how we asked them"
    )
    page.get_by_label("Items of the new list").fill("")
    page.get_by_role("button", name="Save and return to the draft").click()
    expect(page.get_by_text("The draft was saved.")).to_be_visible()

    page.get_by_role("link", name="Change the name of this version").click()
    assert_accessible(page)
    page.get_by_label("Name of this version").fill("2027")
    page.get_by_role("button", name="Save and return to the draft").click()
    expect(page.get_by_text("The draft was saved.")).to_be_visible()

    page.get_by_role("button", name="Preview the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of the draft")
    expect(page.get_by_text("and how we asked them").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Check and publish the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before you publish")
    assert_accessible(page)
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_text("Version 2 is now the compact in force")).to_be_visible()
    assert_accessible(page)

    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.LAPSED
    link = changes_link_from_reminder(administrator.email)

    # The organisation, in a browser of its own.
    context = browser.new_context(base_url=live_server.url, locale="en-GB", bypass_csp=True)
    organisation_page = context.new_page()
    sign_in(organisation_page, administrator.email, PASSWORD)
    organisation_page.goto(link)
    expect(organisation_page.get_by_role("heading", level=1)).to_have_text(
        "What changed from version 1 to version 2"
    )
    expect(organisation_page.get_by_text("Be open about whom we speak for.").first).to_be_visible()
    assert_accessible(organisation_page)
    organisation_page.get_by_role("button", name="Sign version 2").click()
    assert_accessible(organisation_page)
    sign_the_new_version(organisation_page)
    context.close()
    signatory.refresh_from_db()
    assert (signatory.status, signatory.version.number) == (Signatory.Status.ACTIVE, 2)
