"""Headers every page carries, security.txt, and no sign-in secret in the log."""

import datetime as dt
import logging
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_page_says_which_browser_features_it_may_use(client):
    response = client.get(reverse("core:home"))
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    # Security keys and passkeys stay usable on the portal's own pages.
    assert "publickey-credentials-get=(self)" in policy
    # The other headers are as they were.
    assert "script-src 'self' 'sha256-" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_security_txt_says_whom_to_tell(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@compact.example.org"
    settings.SECURITY_POLICY_URL = ""
    moment = dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines() if line)
    assert fields["Contact"] == "mailto:security@compact.example.org"
    # RFC 9116: an expiry, less than a year ahead.
    assert fields["Expires"] == "2026-08-30T09:30:00Z"
    assert fields["Canonical"].endswith("/.well-known/security.txt")
    assert "Policy" not in fields


def test_reset_and_verification_links_never_reach_the_log(client, caplog, deliver_outbox):
    person = UserFactory()
    mail.outbox.clear()
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("account_reset_password"), {"email": person.email})
        client.post(
            reverse("account_signup"),
            {
                "full_name": "New Person",
                "email": "new.person@example.org",
                "password1": "a-long-secret-123",
                "password2": "a-long-secret-123",
            },
        )
        deliver_outbox()  # the worker's part, logged too
    links = [
        match.group(0)
        for message in mail.outbox
        for match in re.finditer(r"https?://\S+/(password/reset|confirm-email)/\S+", message.body)
    ]
    assert len(links) == 2, "the reset and verification e-mails were not both sent"
    for link in links:
        assert link not in caplog.text
