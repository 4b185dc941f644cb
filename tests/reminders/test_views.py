"""Your reminders, choices, unsubscribing, late reminder e-mails and the timings page."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.panels import panels_for
from outbox.models import Message
from reminders.models import Deadline, Kind, Reminder, ReminderPreference
from reminders.services import (
    reminder_preference_set,
    reminders_send_digests,
    reminders_sweep,
    unsubscribe_token,
)
from reminders.sources import signatory_deadlines_refresh
from signatories.models import Signatory
from tests.factories import UserFactory

from .conftest import at, deliver_pending
from .factories import compact_with_steering_group, signed_organisation

pytestmark = pytest.mark.django_db


def applications_reminded(count=1):
    """`count` waiting applications, swept on 15 March: one reminder each to the administrator."""
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, member = compact_with_steering_group()
        signatories = [
            signed_organisation(compact, status=Signatory.Status.PENDING)[0] for _ in range(count)
        ]
        signatory_deadlines_refresh(signatories=signatories)
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        reminders_sweep()
    return compact, administrator, member


def test_your_reminders_lists_only_your_own_in_bounded_queries(
    client, django_assert_max_num_queries
):
    _, administrator, member = applications_reminded(30)
    client.force_login(administrator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reminders:list"))
    assert response.status_code == 200
    assert "30 reminders" in response.content.decode()
    client.force_login(member)
    response = client.get(reverse("reminders:list"))
    assert "You have no reminders yet" in response.content.decode()


def test_your_reminders_needs_signing_in(client):
    response = client.get(reverse("reminders:list"))
    assert response.status_code == 302


def test_a_reminder_email_links_to_the_thing_and_to_a_one_click_unsubscribe(client, mailoutbox):
    _, administrator, _ = applications_reminded()
    deliver_pending()
    [message] = mailoutbox
    html = message.alternatives[0].content
    deadline = Deadline.objects.get()
    assert f"http://127.0.0.1:8000{deadline.url}" in message.body
    assert deadline.url in html
    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url in message.body
    path = unsubscribe_url.removeprefix("http://127.0.0.1:8000")

    # Opening the link changes nothing (mail scanners follow links).
    response = client.get(path)
    assert response.status_code == 200
    assert "Stop these e-mails" in response.content.decode()
    assert not ReminderPreference.objects.exists()

    # The RFC 8058 one-click POST, as a mail program sends it: no cookie, no CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference = ReminderPreference.objects.get(user=administrator)
    assert (preference.kind, preference.delivery) == (Kind.APPLICATION_WAITING, "off")


def test_a_tampered_unsubscribe_link_is_explained_and_changes_nothing(client):
    user = UserFactory()
    token = unsubscribe_token(user_id=user.pk, kinds_=[Kind.NO_CHAMPION])
    response = client.post(reverse("reminders:unsubscribe", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "Copy the whole link" in response.content.decode()
    assert not ReminderPreference.objects.exists()


def test_after_unsubscribing_reminders_show_on_the_portal_but_are_not_emailed(mailoutbox):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatory, _, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        signatory_deadlines_refresh(signatories=[signatory])
    reminder_preference_set(user=administrator, kind=Kind.APPLICATION_WAITING, delivery="off")
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        assert reminders_sweep().to_send == []
    deliver_pending()
    assert mailoutbox == []
    assert Reminder.objects.get().status == Reminder.Status.NOT_EMAILED


def test_a_daily_digest_gathers_a_persons_reminders_into_one_email(mailoutbox):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatories = [
            signed_organisation(compact, status=Signatory.Status.PENDING)[0] for _ in range(3)
        ]
        signatory_deadlines_refresh(signatories=signatories)
    reminder_preference_set(user=administrator, kind=Kind.APPLICATION_WAITING, delivery="digest")
    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        assert reminders_sweep().to_send == []
    deliver_pending()
    assert mailoutbox == []
    assert reminders_send_digests() == 1
    assert reminders_send_digests() == 0
    deliver_pending()
    [message] = mailoutbox
    assert message.to == [administrator.email]
    for signatory in signatories:
        assert signatory.organisation.name in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}


def test_choosing_how_to_get_reminders(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("reminders:preferences"))
    assert response.status_code == 200
    data = {kind: "immediate" for kind in Kind.values}
    data[Kind.NO_CHAMPION] = "digest"
    data[Kind.CONSULTATION_CLOSING] = "not-a-choice"
    response = client.post(reverse("reminders:preferences"), data)
    assert response.status_code == 200
    assert "Select consultations closing from the list" in response.content.decode()
    assert not ReminderPreference.objects.exists()
    data[Kind.CONSULTATION_CLOSING] = "off"
    response = client.post(reverse("reminders:preferences"), data)
    assert response.status_code == 302
    assert (
        dict(ReminderPreference.objects.values_list("kind", "delivery"))[Kind.NO_CHAMPION]
        == "digest"
    )


def test_the_dashboard_panel_shows_a_persons_reminders_about_that_organisation():
    with time_machine.travel(at(2026, 4, 1, 10), tick=False):
        compact, _, _ = compact_with_steering_group()
        signatory, org_admin, org_member = signed_organisation(compact)
        other, _, _ = signed_organisation(compact)
        signatory_deadlines_refresh(signatories=[signatory])
    with time_machine.travel(at(2026, 5, 2, 9), tick=False):
        reminders_sweep()
    [(template, context)] = [
        panel
        for panel in panels_for("organisation_dashboard", signatory.organisation, org_admin)
        if panel[0] == "reminders/_dashboard_panel.html"
    ]
    assert "Compact Champion" in context["reminders"][0].message
    assert not [
        p
        for p in panels_for("organisation_dashboard", other.organisation, org_admin)
        if p[0] == "reminders/_dashboard_panel.html"
    ]
    assert not [
        p
        for p in panels_for("organisation_dashboard", signatory.organisation, org_member)
        if p[0] == "reminders/_dashboard_panel.html"
    ]


def test_late_reminder_emails_show_to_that_compacts_steering_group_who_send_them_again(
    client, mailoutbox, django_assert_max_num_queries
):
    """Everything late, not only failures: pending past its time, retrying with the last
    error, failed; paginated; another compact's steering group neither sees nor sends."""
    compact, administrator, member = applications_reminded(30)
    other_compact, other_administrator, _ = compact_with_steering_group()
    messages = list(Message.objects.order_by("pk"))
    now = timezone.now()
    Message.objects.filter(pk__in=[m.pk for m in messages[:10]]).update(
        status=Message.Status.FAILED, attempts=7, next_attempt_at=None, last_error="SMTP 550"
    )
    Message.objects.filter(pk__in=[m.pk for m in messages[10:20]]).update(
        attempts=2, next_attempt_at=now + datetime.timedelta(minutes=2), last_error="SMTP 451"
    )
    Message.objects.filter(pk__in=[m.pk for m in messages[20:]]).update(
        next_attempt_at=now - datetime.timedelta(hours=1)
    )

    client.force_login(member)
    with django_assert_max_num_queries(12):
        page_one = client.get(reverse("outbox:late")).content.decode()
    with django_assert_max_num_queries(12):
        page_two = client.get(reverse("outbox:late") + "?page=2").content.decode()
    assert "30 e-mails late" in page_one
    both = page_one + page_two
    assert "Could not be sent" in both and "SMTP 550" in both
    assert "Trying again" in both and "SMTP 451" in both
    assert "Waiting since" in both

    client.force_login(other_administrator)
    assert "No e-mail is late" in client.get(reverse("outbox:late")).content.decode()
    response = client.post(reverse("outbox:send_again", args=[messages[0].pk]))
    assert response.status_code == 404

    client.force_login(UserFactory())
    assert client.get(reverse("outbox:late")).status_code == 403

    client.force_login(administrator)
    response = client.post(reverse("outbox:send_again", args=[messages[0].pk]))
    assert response.status_code == 302
    message = Message.objects.get(pk=messages[0].pk)
    assert (message.status, message.attempts) == (Message.Status.PENDING, 0)
    deliver_pending()
    assert len(mailoutbox) == 21  # the one sent again and the 20 not given up


def test_the_steering_group_sets_the_timings_and_open_deadlines_follow(client):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatory, org_admin, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        signatory_deadlines_refresh(signatories=[signatory])
    url = reverse("reminders:settings", args=[compact.slug])

    client.force_login(org_admin)
    assert client.get(url).status_code == 403
    other_compact, other_administrator, _ = compact_with_steering_group()
    client.force_login(other_administrator)
    assert client.get(url).status_code == 403

    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: form.initial[name] for name in form.fields}
    data["application_waiting_days"] = "three"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter whole numbers of days" in response.content.decode()
    assert 'value="three"' in response.content.decode()

    data["application_waiting_days"] = "5"
    assert client.post(url, data).status_code == 302
    assert Deadline.objects.get().offsets == [-5]
    with time_machine.travel(at(2026, 3, 6, 9), tick=False):
        assert reminders_sweep().reminders == 1


def test_emails_read_in_uk_dates():
    _, _, _ = applications_reminded()
    assert re.search(r"since 1 March 2026", Reminder.objects.get().message)
