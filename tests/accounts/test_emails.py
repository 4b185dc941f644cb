"""allauth's e-mails in the portal's own name and words, with links to the portal's address."""

import datetime
import re
from pathlib import Path

import allauth
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse

from accounts.models import User
from core.emails import render_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Not the test client's host: links must come from SITE_URL, whatever host the request used.
PUBLIC_ADDRESS = "https://compact.example.org:8811"
# What allauth puts in the context of one e-mail or another.
EVERY_ALLAUTH_VALUE = {
    "SITE_NAME": "Compact Portal",
    "SITE_URL": PUBLIC_ADDRESS,
    "email": "person@example.org",
    "activate_url": f"{PUBLIC_ADDRESS}/account/confirm-email/key/",
    "password_reset_url": f"{PUBLIC_ADDRESS}/account/password/reset/",
    "signup_url": f"{PUBLIC_ADDRESS}/account/signup/",
    "code": "ABC123",
    "timestamp": datetime.datetime(2026, 3, 3, 9, 30, tzinfo=datetime.UTC),
    "ip": "192.0.2.1",
    "user_agent": "Firefox",
    "from_email": "old@example.org",
    "to_email": "new@example.org",
    "deleted_email": "old@example.org",
}
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = PUBLIC_ADDRESS


def _link(message, path_pattern: str) -> str:
    """The path of the link in `message` at the portal's address; fails if there is none."""
    found = re.search(re.escape(PUBLIC_ADDRESS) + f"({path_pattern})", message.body)
    assert found, message.body
    return found.group(1)


def _assert_in_the_portals_voice(message):
    assert "Hello from" not in message.body
    assert "testserver" not in message.body
    assert "&#x27;" not in message.body + message.subject
    # Sentence case, as every page and e-mail of the portal: not "Please Confirm Your Email".
    assert not re.search(
        r"\b[A-Z]\w+ [A-Z]\w+ [A-Z]\w+", message.subject.replace(settings.SITE_NAME, "the portal")
    ), message.subject


def test_the_sign_up_confirmation_names_the_portal_and_its_link_confirms(
    client, mailoutbox, deliver_outbox
):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Siobhán O'Neill",
            "email": "siobhan@example.org",
            "password1": "a-long-secret-123",
            "password2": "a-long-secret-123",
        },
    )

    deliver_outbox()  # what the worker does a moment later
    [message] = mailoutbox
    assert message.subject == "Confirm your email address for Compact Portal"
    assert message.body.startswith("Hello Siobhán O'Neill,")
    assert "Compact Portal" in message.body
    _assert_in_the_portals_voice(message)
    confirm_path = _link(message, r"/account/confirm-email/[^\s/]+/")
    client.post(confirm_path)
    assert EmailAddress.objects.get(email="siobhan@example.org").verified


def test_the_password_reset_names_the_portal_and_its_link_sets_a_new_password(
    client, mailoutbox, deliver_outbox
):
    person = UserFactory(full_name="Rita Recipient")
    client.post(reverse("account_reset_password"), {"email": person.email})

    deliver_outbox()  # what the worker does a moment later
    [message] = mailoutbox
    assert message.to == [person.email]
    assert message.subject == "Reset your Compact Portal password"
    assert message.body.startswith("Hello Rita Recipient,")
    _assert_in_the_portals_voice(message)
    key_path = _link(message, r"/account/password/reset/key/[^\s/]+/")
    form_page = client.get(key_path, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a-new-long-secret-456", "password2": "a-new-long-secret-456"},
    )
    person.refresh_from_db()
    assert person.check_password("a-new-long-secret-456")


def test_a_reset_for_an_address_with_no_account_says_so_and_links_to_sign_up(
    client, mailoutbox, deliver_outbox
):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    deliver_outbox()  # what the worker does a moment later
    [message] = mailoutbox
    assert "Compact Portal" in message.subject
    assert "nobody@example.org" in message.body
    _assert_in_the_portals_voice(message)
    assert client.get(_link(message, r"/account/signup/")).status_code == 200


def test_signing_up_again_with_a_known_address_offers_a_password_reset(
    client, mailoutbox, deliver_outbox
):
    person = UserFactory()
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Someone Else",
            "email": person.email,
            "password1": "a-long-secret-123",
            "password2": "a-long-secret-123",
        },
    )

    deliver_outbox()  # what the worker does a moment later
    [message] = mailoutbox
    assert message.subject == "You already have a Compact Portal account"
    _assert_in_the_portals_voice(message)
    assert client.get(_link(message, r"/account/password/reset/")).status_code == 200
    assert User.objects.filter(email=person.email).count() == 1


def test_the_portals_name_is_the_site_name_setting(settings, client, mailoutbox, deliver_outbox):
    settings.SITE_NAME = "Riverside Compact Online"
    client.post(reverse("account_reset_password"), {"email": UserFactory().email})

    deliver_outbox()  # what the worker does a moment later
    [message] = mailoutbox
    assert message.subject == "Reset your Riverside Compact Online password"
    assert "Compact Portal" not in message.body


@pytest.mark.parametrize(
    "template_name",
    sorted(
        str(path.relative_to(ALLAUTH_TEMPLATES))
        for folder in ("account/email", "mfa/email")
        for path in (ALLAUTH_TEMPLATES / folder).glob("*.txt")
    ),
)
def test_every_email_allauth_can_send_is_written_by_the_portal(template_name):
    origin = Path(get_template(template_name).origin.name)
    assert origin.is_relative_to(settings.BASE_DIR / "templates"), origin
    text = render_text(template_name, EVERY_ALLAUTH_VALUE)
    assert text.strip() and "Hello from" not in text
    if template_name.endswith("_subject.txt"):
        assert len(text.strip().splitlines()) == 1
