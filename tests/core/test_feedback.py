"""The feedback form: GOV.UK errors, length limits, and the message e-mailed to CONTACT_EMAIL."""

import pytest
from django.urls import reverse

from core.feedback import MESSAGE_MAX_LENGTH
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_phase_banner_and_footer_link_to_feedback(client):
    page = client.get(reverse("core:home")).content.decode()
    assert "govuk-phase-banner" in page
    assert "This is a new service" in page
    assert f'href="{reverse("core:feedback")}?page=/"' in page
    assert "Feedback and contact" in page


def test_an_empty_message_is_refused_beside_the_field_and_nothing_is_sent(client, mailoutbox):
    response = client.post(reverse("core:feedback"), {"name": "Ann Example", "message": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_message"' in page
    assert page.count("Enter your feedback or question") == 2  # summary and inline
    assert 'value="Ann Example"' in page  # nothing typed is lost
    assert mailoutbox == []


def test_too_long_message_and_a_bad_address_are_refused_and_kept(client, mailoutbox):
    long_message = "x" * (MESSAGE_MAX_LENGTH + 1)
    response = client.post(
        reverse("core:feedback"), {"message": long_message, "email": "not-an-address"}
    )
    page = response.content.decode()
    assert f"Your feedback must be {MESSAGE_MAX_LENGTH} characters or fewer" in page
    assert "Enter an e-mail address in the right format" in page
    assert long_message in page
    assert mailoutbox == []


def test_feedback_reaches_the_contact_address_with_a_reply_to(
    client, mailoutbox, settings, deliver_outbox
):
    settings.CONTACT_EMAIL = "team@portal.example"
    response = client.post(
        reverse("core:feedback"),
        {
            "message": "The consultations list is hard to find.",
            "name": "Ann Example",
            "email": "ann@example.org",
            "page": "/consultations/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:feedback_sent")
    deliver_outbox()
    [message] = mailoutbox
    assert message.to == ["team@portal.example"]
    assert message.reply_to == ["ann@example.org"]
    assert "The consultations list is hard to find." in message.body
    assert "Page they came from: /consultations/" in message.body
    assert "Ann Example" in message.subject
    assert "Feedback sent" in client.get(response["Location"]).content.decode()


def test_a_signed_in_person_without_an_address_is_replied_to_at_their_own(
    client, mailoutbox, deliver_outbox
):
    user = UserFactory(email="olu@example.org")
    client.force_login(user)
    client.post(
        reverse("core:feedback"), {"message": "Thanks", "page": "https://elsewhere.example/x"}
    )
    deliver_outbox()
    [message] = mailoutbox
    assert message.reply_to == ["olu@example.org"]
    assert "Signed in as: olu@example.org" in message.body
    assert "elsewhere.example" not in message.body  # only this site's pages are named
