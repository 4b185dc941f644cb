"""Sign-up, e-mail verification and sign-in, through allauth's pages.

The second factor has its own tests: test_two_factor.py."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, email="new.person@example.org"):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "New Person",
            "email": email,
            "password1": "a-long-secret-123",
            "password2": "a-long-secret-123",
        },
    )


def _sign_in(client, email, password="a-long-secret-123"):  # noqa: S107
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_sends_the_verification_email(client, deliver_outbox):
    mail.outbox.clear()
    response = _sign_up(client)
    assert mail.outbox == []  # queued in the outbox: the page never waits on the mail server
    deliver_outbox()

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "New Person"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "/account/confirm-email/" in message.body
    page = client.get(response["Location"])
    assert "Verify your email address" in page.text


def test_sign_in_works_only_after_the_address_is_verified(client, deliver_outbox):
    mail.outbox.clear()
    _sign_up(client)
    deliver_outbox()
    client.logout()

    refused = _sign_in(client, "new.person@example.org")
    assert refused["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://[^/]+(/account/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    confirm_path = link.group(1)
    assert client.get(confirm_path).status_code == 200
    client.post(confirm_path)
    assert EmailAddress.objects.get(email="new.person@example.org").verified
    client.logout()

    accepted = _sign_in(client, "new.person@example.org")
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("core:tasks")  # "Your tasks" is where everyone lands
    assert client.session["_auth_user_id"] == str(
        User.objects.get(email="new.person@example.org").pk
    )


def test_sign_in_errors_say_what_to_do(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert "Enter your email address" in text and "Enter your password" in text
    assert "This field is required" not in text
    assert re.search(r"<h1[^>]*>\s*Sign in\s*</h1>", text)
    assert "Remember me" in text
    assert "placeholder=" not in text


def test_a_wrong_password_is_refused_on_the_same_page(client):
    user = UserFactory()
    response = _sign_in(client, user.email, "not-the-password")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "_auth_user_id" not in client.session


def test_ordinary_users_are_not_forced_to_two_factor(client):
    user = UserFactory()
    _sign_in(client, user.email, PASSWORD)
    assert client.get(reverse("core:home")).status_code == 200
