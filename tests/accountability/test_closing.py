"""Responses close with the final decision; closed consultations take none; lists that span
two compacts name each record's compact and filter by it."""

import datetime

import pytest
from django.urls import reverse

from accountability import services
from core.exceptions import ApplicationError
from tests.factories import (
    MembershipFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    published_compact,
)

from .conftest import TODAY
from .factories import ConsultationFactory, FundingChangeFactory

D = datetime.date


@pytest.fixture
def change(world):
    return FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity
    )


def decide(world, change):
    services.funding_change_record_decision(
        actor=world.officer, change=change, final_decision_on=D(2026, 11, 20),
        responses_considered=False,
    )  # fmt: skip
    change.refresh_from_db()


def test_a_response_after_the_final_decision_is_refused(world, change):
    decide(world, change)
    with pytest.raises(ApplicationError) as error:
        services.funding_change_respond(actor=world.charity_user, change=change, text="Too late?")
    assert "final decision on 20 November 2026" in error.value.message
    assert error.value.field == "text"
    assert not change.responses.exists()


def test_the_page_stops_inviting_responses_and_refuses_one_posted(world, change, client):
    decide(world, change)
    client.force_login(world.charity_user)
    page = client.get(change.get_absolute_url()).content.decode()
    assert reverse("accountability:funding_respond", args=[change.pk]) not in page
    assert "no longer takes responses" in page
    url = reverse("accountability:funding_respond", args=[change.pk])
    response = client.post(url, {"text": "We were not asked in time."})
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "final decision on 20 November 2026" in text
    assert "We were not asked in time." in text  # nothing typed is lost
    assert not change.responses.exists()


def test_the_dashboard_stops_asking_for_a_response_once_decided(world, change, client):
    client.force_login(world.charity_user)
    dashboard = reverse("signatories:dashboard", args=[world.charity.slug])
    assert "Needs your response" in client.get(dashboard).content.decode()
    decide(world, change)
    page = client.get(dashboard).content.decode()
    assert "Needs your response" not in page and change.programme in page


def test_the_decision_page_shows_the_responses_it_asks_about(world, change, client):
    change.responses.create(
        organisation=world.charity, author=world.charity_user, text="Please phase it over a year."
    )
    client.force_login(world.officer)
    page = client.get(reverse("accountability:funding_decision", args=[change.pk]))
    text = page.content.decode()
    assert "Was the organisation&#x27;s response considered" in text
    assert "Please phase it over a year." in text and "Rita Recipient" in text


def test_the_decision_page_says_when_no_response_came(world, change, client):
    client.force_login(world.officer)
    text = client.get(reverse("accountability:funding_decision", args=[change.pk])).content
    assert b"has not responded on the portal" in text


# Consultations


def test_a_closed_consultation_invites_no_response_and_refuses_one(world, client):
    closed = ConsultationFactory(
        compact=world.compact, organisation=world.council,
        opens_on=D(2026, 8, 1), closes_on=D(2026, 11, 21),
    )  # fmt: skip
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Respond to the consultation" not in page and closed.link not in page
    assert "closed on 21 November 2026" in page
    respond = reverse("accountability:consultation_respond", args=[closed.pk])
    for response in (client.get(respond), client.post(respond, {"response": "Late views"})):
        assert response.status_code == 410
        assert "no longer takes responses" in response.content.decode()
        assert "Location" not in response


def test_an_open_consultation_sends_people_to_respond(world, client):
    closing_today = ConsultationFactory(
        compact=world.compact, organisation=world.council,
        opens_on=D(2026, 9, 1), closes_on=TODAY,
    )  # fmt: skip
    page = client.get(closing_today.get_absolute_url()).content.decode()
    respond = reverse("accountability:consultation_respond", args=[closing_today.pk])
    assert "Respond to the consultation" in page and respond in page
    response = client.get(respond)
    assert response.status_code == 302 and response["Location"] == closing_today.link


def test_a_consultation_not_yet_open_says_when_to_respond(world, client):
    later = ConsultationFactory(
        compact=world.compact, organisation=world.council,
        opens_on=D(2026, 12, 1), closes_on=D(2027, 2, 1),
    )  # fmt: skip
    respond = reverse("accountability:consultation_respond", args=[later.pk])
    response = client.get(respond)
    assert response.status_code == 410 and "opens on 1 December 2026" in response.content.decode()


# Lists spanning two compacts


@pytest.fixture
def second_compact(world):
    """The council has also signed a six-month compact; the steering member sits on both."""
    compact = published_compact(name="Oakfield Compact", minimum_notice_months=6)
    SignatoryFactory(organisation=world.council, compact=compact)
    SignatoryFactory(organisation=world.charity, compact=compact)
    SteeringGroupMemberFactory(compact=compact, user=world.steering)
    return compact


def test_funding_changes_name_their_compact_and_filter_by_it(
    world, second_compact, client, django_assert_max_num_queries
):
    riverside = FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity,
        programme="Riverside meals",
    )  # fmt: skip
    oakfield = FundingChangeFactory(
        compact=second_compact, funding_body=world.council, recipient=world.charity,
        programme="Oakfield meals",
    )  # fmt: skip
    client.force_login(world.officer)
    url = reverse("accountability:funding_list")
    page = client.get(url).content.decode()
    assert '<th scope="col" class="govuk-table__header">Compact</th>' in page
    assert world.compact.name in page and second_compact.name in page
    assert 'name="compact"' in page
    with django_assert_max_num_queries(12):
        filtered = client.get(url, {"compact": second_compact.slug})
    text = filtered.content.decode()
    assert oakfield.programme in text and riverside.programme not in text
    assert filtered.context["paginator"].count == 1


def test_a_list_within_one_compact_has_no_filter(world, change, client):
    client.force_login(world.officer)
    page = client.get(reverse("accountability:funding_list")).content.decode()
    assert world.compact.name in page and 'name="compact"' not in page


def test_consultations_name_their_compact_and_filter_by_it(world, second_compact, client):
    MembershipFactory(organisation=world.council)
    ConsultationFactory(
        compact=world.compact, organisation=world.council, title="Riverside libraries",
        opens_on=D(2026, 11, 1), closes_on=D(2027, 2, 1),
    )  # fmt: skip
    ConsultationFactory(
        compact=second_compact, organisation=world.council, title="Oakfield libraries",
        opens_on=D(2026, 11, 1), closes_on=D(2027, 2, 1),
    )  # fmt: skip
    url = reverse("accountability:consultation_list")
    page = client.get(url).content.decode()
    assert '<th scope="col" class="govuk-table__header">Compact</th>' in page
    assert 'name="compact"' in page
    text = client.get(url, {"compact": second_compact.slug}).content.decode()
    assert "Oakfield libraries" in text and "Riverside libraries" not in text
