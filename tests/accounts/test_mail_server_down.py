"""allauth's e-mails go through the outbox: a password reset never waits on the mail server."""

import datetime
import logging
import re

import pytest
import time_machine
from django.urls import reverse

from outbox.models import Message
from outbox.services import SWEEP_INTERVAL, outbox_sweep
from tests.factories import UserFactory
from tests.smtp_server import RecordingSMTPServer, free_port, smtp_mailers

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)


def test_a_password_reset_answers_while_the_mail_server_is_down_and_arrives_later(
    client, settings, caplog
):
    person = UserFactory(email="rita@example.org")
    down_port = free_port()
    settings.MAILERS = smtp_mailers(down_port)

    with time_machine.travel(START, tick=False) as clock, caplog.at_level(logging.DEBUG):
        response = client.post(reverse("account_reset_password"), {"email": person.email})
        assert response.status_code == 302
        assert response["Location"] == reverse("account_reset_password_done")

        [queued] = Message.objects.all()
        assert queued.to == ["rita@example.org"]
        assert queued.template == "account/email/password_reset_key"
        assert outbox_sweep() == 0  # the server is down: the row waits, with the error
        queued.refresh_from_db()
        # A server that is down is not counted against the message: due at the next sweep.
        assert queued.status == Message.Status.PENDING and queued.attempts == 0
        assert queued.last_error

        with RecordingSMTPServer(down_port) as mail_server:
            clock.shift(SWEEP_INTERVAL)
            assert outbox_sweep() == 1
            assert outbox_sweep() == 0

    [received] = mail_server.received
    assert received["To"] == "rita@example.org"
    assert received["Message-ID"] == queued.message_id
    body = received.get_payload(decode=True).decode()
    link = re.search(r"https?://\S+/account/password/reset/key/\S+", body)
    assert link, body
    assert link.group(0) not in caplog.text
    assert client.get(link.group(0).removeprefix(settings.SITE_URL), follow=True).status_code == 200


def test_the_admin_does_not_show_the_text_of_an_account_email(client, settings):
    UserFactory(email="rita@example.org")
    client.post(reverse("account_reset_password"), {"email": "rita@example.org"})
    [queued] = Message.objects.all()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("admin:outbox_message_change", args=[queued.pk]))

    assert page.status_code == 200
    assert "/account/password/reset/key/" not in page.text
