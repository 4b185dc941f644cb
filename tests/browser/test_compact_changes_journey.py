"""An organisation whose signature lapsed when the compact was refreshed opens "what changed"
from its reminder e-mail, reads the changes section by section and signs the new version.
axe-core checks each page."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from commitments.services import compact_import
from outbox.services import outbox_sweep
from reminders.services import reminders_sweep
from reminders.sources import signatories_reconcile
from signatories.models import Signatory
from tests.browser.conftest import assert_accessible, sign_in
from tests.commitments.test_document_format import OLD_FORMAT
from tests.factories import PASSWORD
from tests.reminders.factories import signed_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def changes_link_from_reminder(email: str) -> str:
    """Send the reminders a refresh brings; the "what changed" link in `email`'s one."""
    signatories_reconcile()
    # The first reminder goes at the next sending hour, within a day of the refresh.
    a_day_on = timezone.now() + datetime.timedelta(days=1)
    reminders_sweep(now=a_day_on)
    outbox_sweep(now=a_day_on)
    (message,) = [m for m in mail.outbox if email in m.to]
    return re.search(r"/compacts/\S+/changes/1/2/\S+", message.body).group(0)


def sign_the_new_version(page) -> None:
    """On the signing page: the signer's details and the three declarations, then sign."""
    page.get_by_label("Your full name").fill("Sam Chair")
    page.get_by_label("Your role or job title").fill("Chair of trustees")
    page.get_by_label("The compact has been read and discussed in the organisation").check()
    page.get_by_label("The organisation will appoint a Compact Champion").check()
    page.get_by_label("The organisation will promote the compact and work by it").check()
    page.get_by_role("button", name="Sign the new version").click()
    expect(page.get_by_text("has signed the new version")).to_be_visible()


def test_a_lapsed_signatory_reads_what_changed_from_its_email_and_signs_again(page):
    compact = compact_import(text=OLD_FORMAT).compact
    signatory, administrator, _ = signed_organisation(compact)
    compact_import(
        text=OLD_FORMAT.replace("Be open.", "Be open about whom we speak for.").replace(
            "title: Fair change", "title: Fair and planned change"
        )
    )
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.LAPSED

    link = changes_link_from_reminder(administrator.email)

    sign_in(page, administrator.email, PASSWORD)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What changed from version 1 to version 2"
    )
    expect(page.get_by_text("Be open about whom we speak for.")).to_be_visible()
    expect(page.get_by_text("Renamed from “Fair change”")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign version 2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign the new version")
    assert_accessible(page)
    sign_the_new_version(page)
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.ACTIVE
    assert signatory.version.number == 2
