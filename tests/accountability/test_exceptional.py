"""Shorter notice called exceptional after the event needs the steering group's agreement;
until it agrees, the public figures count a breach, and the history keeps who asked and who
agreed. Called exceptional up front, before notice and effect, it is recorded at once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accountability import rules, selectors, services
from accountability.models import ExceptionalRequest, FundingChange
from core.exceptions import ApplicationError
from tests.factories import SteeringGroupMemberFactory, published_compact

from .conftest import TODAY

D = datetime.date
GRANT_ENDED = "The government grant that paid for the service ended without warning."


@pytest.fixture
def breach(world, log_change):
    """Notice given three weeks ago for a change in two months: a breach of three months."""
    change = log_change(notice_given_on=D(2026, 11, 1), takes_effect_on=D(2027, 1, 1))
    assert change.is_breach
    mail.outbox.clear()
    return change


def figures(world):
    record = selectors.body_record(world.council, today=TODAY)
    return {"breaches": record.breaches, "exceptional": record.exceptional}


def test_marking_exceptional_after_notice_waits_for_the_steering_group(
    world, breach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.funding_change_mark_exceptional(
            actor=world.officer, change=breach, reason=GRANT_ENDED, today=TODAY
        )
    breach.refresh_from_db()
    assert isinstance(request, ExceptionalRequest) and request.is_pending
    assert not breach.exceptional_circumstances and breach.is_breach
    assert figures(world) == {"breaches": 1, "exceptional": 0}
    assert [message.to for message in mail.outbox] == [[world.steering.email]]
    assert request.get_absolute_url() in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        services.exceptional_request_decide(
            actor=world.steering, request=request, agree=True, reason="A national grant ended."
        )
    breach.refresh_from_db()
    request.refresh_from_db()
    assert breach.exceptional_circumstances and breach.exceptional_reason == GRANT_ENDED
    assert figures(world) == {"breaches": 0, "exceptional": 1}
    assert (request.requested_by, request.decided_by) == (world.officer, world.steering)
    amendment = breach.amendments.get()
    assert amendment.amended_by == world.steering
    assert "asked by Olive Officer" in amendment.reason
    assert world.steering.full_name in amendment.reason
    council_people = {m.user.email for m in world.council.memberships.all()}
    assert set(mail.outbox[-1].to) == council_people and "agreed" in mail.outbox[-1].subject


def test_a_refused_request_leaves_the_breach_counted(world, breach):
    request = services.funding_change_mark_exceptional(
        actor=world.officer, change=breach, reason=GRANT_ENDED, today=TODAY
    )
    with pytest.raises(ApplicationError) as error:
        services.exceptional_request_decide(
            actor=world.steering, request=request, agree=False, reason="  "
        )
    assert error.value.field == "decision_reason"
    services.exceptional_request_decide(
        actor=world.steering, request=request, agree=False, reason="The budget was known in May."
    )
    breach.refresh_from_db()
    request.refresh_from_db()
    assert request.status == ExceptionalRequest.Status.REFUSED and breach.is_breach
    assert figures(world) == {"breaches": 1, "exceptional": 0}
    with pytest.raises(ApplicationError, match="already been decided"):
        services.exceptional_request_decide(
            actor=world.steering, request=request, agree=True, reason="Changed our minds"
        )


def test_only_the_compacts_steering_group_decides(world, breach):
    request = services.funding_change_mark_exceptional(
        actor=world.officer, change=breach, reason=GRANT_ENDED, today=TODAY
    )
    another_compacts_steering = SteeringGroupMemberFactory(
        compact=published_compact(minimum_notice_months=6)
    ).user
    for person in (world.officer, world.charity_user, another_compacts_steering):
        with pytest.raises(ApplicationError, match="steering group"):
            services.exceptional_request_decide(
                actor=person, request=request, agree=True, reason="Fine by us"
            )
    assert figures(world) == {"breaches": 1, "exceptional": 0}


def test_one_request_waits_at_a_time(world, breach):
    services.funding_change_mark_exceptional(
        actor=world.officer, change=breach, reason=GRANT_ENDED, today=TODAY
    )
    with pytest.raises(ApplicationError, match="already waiting"):
        services.funding_change_mark_exceptional(
            actor=world.officer, change=breach, reason="Another reason", today=TODAY
        )


def test_amending_cannot_slip_exceptional_past_the_steering_group(world, breach):
    with pytest.raises(ApplicationError) as error:
        services.funding_change_amend(
            actor=world.officer,
            change=breach,
            details={"exceptional_circumstances": True, "exceptional_reason": GRANT_ENDED},
            reason="Forgot to say",
            today=TODAY,
        )
    assert error.value.field == "exceptional_circumstances"
    breach.refresh_from_db()
    assert breach.is_breach and figures(world) == {"breaches": 1, "exceptional": 0}


def test_logging_a_late_claim_logs_the_change_and_asks_the_steering_group(world, log_change):
    change = log_change(
        notice_given_on=D(2026, 11, 1), takes_effect_on=D(2027, 1, 1),
        exceptional_circumstances=True, exceptional_reason=GRANT_ENDED,
    )  # fmt: skip
    assert not change.exceptional_circumstances and change.is_breach
    request = change.exceptional_requests.get()
    assert request.is_pending and request.reason == GRANT_ENDED
    assert figures(world) == {"breaches": 1, "exceptional": 0}


def test_marking_up_front_is_recorded_at_once(world, log_change):
    planned = log_change(notice_given_on=None, takes_effect_on=D(2027, 1, 1))
    services.funding_change_mark_exceptional(
        actor=world.officer, change=planned, reason=GRANT_ENDED, today=TODAY
    )
    planned.refresh_from_db()
    assert planned.exceptional_circumstances and not planned.exceptional_requests.exists()
    # Notice then given short: exceptional, as said up front.
    services.funding_change_amend(
        actor=world.officer, change=planned, details={"notice_given_on": D(2026, 11, 20)},
        reason="Notice given", today=TODAY,
    )  # fmt: skip
    assert figures(world) == {"breaches": 0, "exceptional": 1}


@pytest.mark.parametrize(
    ("notice_given_on", "takes_effect_on", "needs"),
    [
        (None, D(2027, 1, 1), False),  # planned, still to happen: up front
        (TODAY, D(2027, 1, 1), True),  # notice given today
        (None, TODAY, True),  # takes effect today without notice
        (D(2026, 11, 1), D(2026, 11, 21), True),  # already in effect
    ],
)
def test_when_exceptional_needs_agreement(notice_given_on, takes_effect_on, needs):
    assert (
        rules.exceptional_needs_agreement(
            notice_given_on=notice_given_on, takes_effect_on=takes_effect_on, today=TODAY
        )
        is needs
    )


# Pages


def test_the_steering_group_finds_and_decides_the_request_from_its_pages(world, breach, client):
    services.funding_change_mark_exceptional(
        actor=world.officer, change=breach, reason=GRANT_ENDED, today=TODAY
    )
    request = breach.exceptional_requests.get()
    client.force_login(world.steering)
    funding_list = client.get(reverse("accountability:funding_list")).content.decode()
    assert reverse("accountability:exceptional_list") in funding_list
    assert "1 request to accept shorter notice" in funding_list
    waiting = client.get(reverse("accountability:exceptional_list")).content.decode()
    assert request.get_absolute_url() in waiting and breach.programme in waiting
    detail = client.get(breach.get_absolute_url()).content.decode()
    assert "Waiting for the steering group" in detail and request.get_absolute_url() in detail

    url = request.get_absolute_url()
    page = client.get(url)
    assert page.status_code == 200 and GRANT_ENDED in page.content.decode()
    refused = client.post(url, {"decision": "agree", "decision_reason": ""})
    assert refused.status_code == 200
    assert "Give the steering group&#x27;s reason" in refused.content.decode()
    response = client.post(url, {"decision": "agree", "decision_reason": "A national grant."})
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.exceptional_circumstances
    history = client.get(breach.get_absolute_url()).content.decode()
    assert "Agreed by the steering group" in history and world.steering.full_name in history
    assert world.officer.full_name in history


def test_the_officer_is_offered_a_request_not_a_mark(world, breach, client):
    client.force_login(world.officer)
    detail = client.get(breach.get_absolute_url()).content.decode()
    assert "Ask the steering group to accept exceptional circumstances" in detail
    url = reverse("accountability:funding_exceptional", args=[breach.pk])
    response = client.post(url, {"exceptional_reason": GRANT_ENDED}, follow=True)
    assert "Until it agrees, the change counts as a breach" in response.content.decode()
    assert FundingChange.objects.get(pk=breach.pk).is_breach


def test_nobody_else_reaches_the_steering_groups_pages(world, breach, client):
    services.funding_change_mark_exceptional(
        actor=world.officer, change=breach, reason=GRANT_ENDED, today=TODAY
    )
    url = breach.exceptional_requests.get().get_absolute_url()
    another_compacts_steering = SteeringGroupMemberFactory(
        compact=published_compact(minimum_notice_months=6)
    ).user
    for person in (world.officer, world.charity_user, world.stranger, another_compacts_steering):
        client.force_login(person)
        assert client.get(url).status_code == 404
        posted = client.post(url, {"decision": "agree", "decision_reason": "Fine"})
        assert posted.status_code == 404
    for person in (world.officer, world.stranger):
        client.force_login(person)
        assert client.get(reverse("accountability:exceptional_list")).status_code == 403
    client.force_login(another_compacts_steering)
    other_list = client.get(reverse("accountability:exceptional_list")).content.decode()
    assert breach.programme not in other_list
    assert figures(world) == {"breaches": 1, "exceptional": 0}


def test_the_waiting_list_makes_bounded_queries(
    world, log_change, client, django_assert_max_num_queries
):
    for number in range(8):
        change = log_change(
            programme=f"Service {number}",
            notice_given_on=D(2026, 11, 1), takes_effect_on=D(2027, 1, 1),
        )  # fmt: skip
        services.funding_change_mark_exceptional(
            actor=world.officer, change=change, reason=GRANT_ENDED, today=TODAY
        )
    client.force_login(world.steering)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("accountability:exceptional_list"))
    assert response.status_code == 200 and response.context["paginator"].count == 8
