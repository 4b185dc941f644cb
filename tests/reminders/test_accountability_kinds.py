"""The clock moves through consultations and funding changes logged with issue 4's services:
who is told, and when. The sweep task finds what they logged on its own (no call from them)."""

import datetime

import pytest
import time_machine

from accountability import services as accountability
from reminders.models import Deadline, Kind, Reminder
from reminders.tasks import sweep
from tests.accountability.conftest import (  # noqa: F401 - the fixtures
    change_details,
    on_today,
    world,
)

from .conftest import at, deliver_pending

pytestmark = pytest.mark.django_db


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        sweep.apply()
        return deliver_pending()


def told(mailoutbox, since=0):
    return sorted(address for message in mailoutbox[since:] for address in message.to)


@pytest.fixture
def consultation(world):  # noqa: F811
    with time_machine.travel(at(2026, 9, 1, 10), tick=False):
        consultation = accountability.consultation_log(
            actor=world.officer,
            compact=world.compact,
            organisation=world.council,
            title="Library opening hours",
            summary="Evening opening.",
            link="https://www.example.gov.uk/libraries",
            audience="Residents and groups",
            opens_on=datetime.date(2026, 9, 1),
            closes_on=datetime.date(2026, 11, 24),
        )
        accountability.consultation_follow(
            actor=world.charity_user, consultation=consultation, organisation=world.charity
        )
    return consultation


def test_a_consultation_closing_is_reminded_to_the_body_and_its_followers(
    world,  # noqa: F811
    consultation,
    mailoutbox,
):
    sweep_at(at(2026, 9, 1, 10, 5))
    assert {d.kind for d in Deadline.objects.all()} == {
        Kind.CONSULTATION_CLOSING,
        Kind.CONSULTATION_FEEDBACK,
    }
    assert sweep_at(at(2026, 11, 10, 7, 59)) == []
    sweep_at(at(2026, 11, 10, 8, 0))  # 14 days before 24 November
    assert told(mailoutbox) == sorted([world.officer.email, world.charity_user.email])
    assert "closes in 14 days, on 24 November 2026" in mailoutbox[0].body
    assert consultation.get_absolute_url() in mailoutbox[0].body

    sweep_at(at(2026, 11, 20, 9))
    assert len(mailoutbox) == 2
    sweep_at(at(2026, 11, 21, 8, 30))  # 3 days before
    assert told(mailoutbox, 2) == sorted([world.officer.email, world.charity_user.email])
    assert "closes in 3 days" in mailoutbox[2].body
    sweep_at(at(2026, 11, 25, 9))
    assert len(mailoutbox) == 4
    for outsider in (world.other_officer, world.steering, world.stranger):
        assert outsider.email not in told(mailoutbox)

    # Feedback due by 16 February (12 weeks after closing): overdue from the 17th, to the body.
    sweep_at(at(2027, 2, 16, 9))
    assert len(mailoutbox) == 4
    sweep_at(at(2027, 2, 17, 8, 1))
    assert told(mailoutbox, 4) == [world.officer.email]
    assert "was due by 16 February 2027" in mailoutbox[4].body


def test_published_feedback_is_not_reminded(world, consultation, mailoutbox):  # noqa: F811
    sweep_at(at(2026, 9, 1, 10, 5))
    with time_machine.travel(at(2026, 12, 1, 10), tick=False):
        accountability.consultation_publish_feedback(
            actor=world.officer, consultation=consultation, we_asked="a", you_said="b", we_did="c"
        )
    sweep_at(at(2027, 3, 1, 9))
    assert not Reminder.objects.filter(kind=Kind.CONSULTATION_FEEDBACK).exists()
    assert Deadline.objects.get(kind=Kind.CONSULTATION_FEEDBACK).closed_at is not None


def test_a_planned_funding_change_reminds_the_funder_before_the_last_day_to_give_notice(
    world,  # noqa: F811
    mailoutbox,
):
    with time_machine.travel(at(2026, 11, 1, 10), tick=False):
        change = accountability.funding_change_log(
            actor=world.officer,
            compact=world.compact,
            funding_body=world.council,
            details=change_details(
                world,
                notice_given_on=None,
                takes_effect_on=datetime.date(2027, 3, 1),
                decided_on=datetime.date(2026, 10, 20),
                response_invited=False,
                response_invited_on=None,
            ),
        )
    mailoutbox.clear()  # issue 4 tells the recipient at once when a change is logged
    assert change.last_day_to_give_notice == datetime.date(2026, 12, 1)

    sweep_at(at(2026, 11, 1, 10, 5))
    assert sweep_at(at(2026, 11, 16, 9)) == []
    sweep_at(at(2026, 11, 17, 8, 0))  # 14 days before 1 December
    assert told(mailoutbox) == [world.officer.email]
    assert "The last day to give notice" in mailoutbox[0].body
    assert "in 14 days, on 1 December 2026" in mailoutbox[0].body
    sweep_at(at(2026, 11, 24, 8, 0))  # 7 days before
    assert told(mailoutbox) == [world.officer.email] * 2

    # Notice given on 25 November: the 1-day reminder is not sent.
    with time_machine.travel(at(2026, 11, 25, 10), tick=False):
        accountability.funding_change_amend(
            actor=world.officer,
            change=change,
            details={"notice_given_on": datetime.date(2026, 11, 25)},
            reason="Notice given by letter",
        )
    mailoutbox.clear()
    sweep_at(at(2026, 11, 30, 9))
    assert mailoutbox == []
    assert Deadline.objects.get(kind=Kind.FUNDING_NOTICE).closed_at is not None

    # The organisation funded is told before the change takes effect on 1 March.
    sweep_at(at(2027, 2, 15, 8, 0))
    assert told(mailoutbox) == [world.charity_user.email]
    assert "takes effect in 14 days, on 1 March 2027" in mailoutbox[0].body
    sweep_at(at(2027, 2, 28, 8, 0))
    assert told(mailoutbox) == [world.charity_user.email] * 2
    assert world.other_officer.email not in told(mailoutbox)


def test_a_withdrawn_change_reminds_nobody(world, mailoutbox):  # noqa: F811
    with time_machine.travel(at(2026, 11, 1, 10), tick=False):
        change = accountability.funding_change_log(
            actor=world.officer,
            compact=world.compact,
            funding_body=world.council,
            details=change_details(world, takes_effect_on=datetime.date(2027, 1, 1)),
        )
    sweep_at(at(2026, 11, 1, 10, 5))
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):
        accountability.funding_change_withdraw(
            actor=world.officer, change=change, reason="The budget was restored"
        )
    mailoutbox.clear()
    sweep_at(at(2026, 12, 18, 9))
    sweep_at(at(2026, 12, 31, 9))
    assert mailoutbox == []
    assert not Deadline.objects.filter(closed_at__isnull=True).exists()
