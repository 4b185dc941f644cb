import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from reminders.models import Deadline, Kind, Reminder
from reminders.tasks import sweep

from .conftest import deliver_pending

pytestmark = pytest.mark.django_db


def test_the_demo_schedules_every_sources_deadlines_once():
    call_command("load_demo", stdout=io.StringIO())
    first = sorted(Deadline.objects.values_list("kind", "object_id", "key", "next_remind_at"))
    kinds = {kind for kind, *_ in first}
    assert {Kind.CONSULTATION_CLOSING, Kind.FUNDING_TAKES_EFFECT, Kind.DISPUTE_STAGE} <= kinds
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Reminders:" in out.getvalue()
    assert (
        sorted(Deadline.objects.values_list("kind", "object_id", "key", "next_remind_at")) == first
    )


def test_the_first_sweep_after_the_demo_loads_sends_reminders_a_newcomer_can_see(
    client, mailoutbox
):
    call_command("load_demo", stdout=io.StringIO())
    assert mailoutbox == []  # loading tells nobody; the worker's sweep does

    sweep.apply()  # what beat runs every five minutes, and make run once at the start
    delivered = deliver_pending()

    assert delivered and len(mailoutbox) == len(delivered)
    kinds = set(Reminder.objects.filter(email_id__in=delivered).values_list("kind", flat=True))
    assert {Kind.CONSULTATION_CLOSING, Kind.FUNDING_NOTICE, Kind.FUNDING_TAKES_EFFECT} <= kinds
    for message in mailoutbox:
        assert "/reminders/unsubscribe/" in message.body
        assert "/reminders/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    told = {address for message in mailoutbox for address in message.to}
    # The demo accounts printed by make run: a statutory officer and a charity's administrator.
    assert {"officer@demo.example", "org.admin@demo.example"} <= told

    for email in ("officer@demo.example", "org.admin@demo.example"):
        person = User.objects.get(email=email)
        client.force_login(person)
        page = client.get(reverse("reminders:list")).content.decode()
        assert "You have no reminders yet" not in page
        latest = Reminder.objects.filter(recipient=person).latest("created_at")
        assert latest.deadline.url in page
