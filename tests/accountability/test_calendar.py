import datetime

from django.urls import reverse
from icalendar import Calendar

from accountability import services
from accountability.selectors import calendar_feed_for

from .factories import ConsultationFactory, FundingChangeFactory

D = datetime.date


def events_of(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_feed_for_a_funded_organisation(world, client, django_assert_max_num_queries):
    followed = ConsultationFactory(compact=world.compact, organisation=world.council)
    followed.follows.create(organisation=world.charity, followed_by=world.charity_user)
    ConsultationFactory(compact=world.compact, organisation=world.council)  # not followed
    affecting = FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity
    )
    FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity,
        status="withdrawn", withdrawn_at="2026-10-01T00:00Z",
    )  # fmt: skip
    feed = calendar_feed_for(organisation=world.charity)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("accountability:calendar", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = events_of(response)
    assert set(events) == {
        f"consultation-{followed.pk}-closes@compact-portal",
        f"funding-change-{affecting.pk}-takes-effect@compact-portal",
    }
    closing = events[f"consultation-{followed.pk}-closes@compact-portal"]
    assert closing.decoded("dtstart") == followed.closes_on
    assert closing.decoded("dtend") == followed.closes_on + datetime.timedelta(days=1)
    assert "Consultation closes" in str(closing["summary"])
    effect = events[f"funding-change-{affecting.pk}-takes-effect@compact-portal"]
    assert effect.decoded("dtstart") == D(2027, 1, 1)


def test_feed_for_a_funder_shows_last_days_to_give_notice(world, client):
    planned = FundingChangeFactory(
        compact=world.compact, funding_body=world.council, notice_given_on=None,
        status="planned", takes_effect_on=D(2027, 2, 28),
    )  # fmt: skip
    FundingChangeFactory(compact=world.compact, funding_body=world.council)  # notice given
    feed = calendar_feed_for(organisation=world.council)
    events = events_of(client.get(reverse("accountability:calendar", args=[feed.token])))
    assert list(events) == [f"funding-change-{planned.pk}-last-day-for-notice@compact-portal"]
    event = next(iter(events.values()))
    assert event.decoded("dtstart") == D(2026, 11, 30)
    assert "Last day to give notice" in str(event["summary"])


def test_resetting_the_address_retires_the_old_one(world, client):
    old_token = calendar_feed_for(organisation=world.charity).token
    client.force_login(world.charity_user)
    response = client.post(reverse("accountability:calendar_reset", args=[world.charity.slug]))
    assert response.status_code == 302
    new_token = calendar_feed_for(organisation=world.charity).token
    assert new_token != old_token and len(new_token) >= 40
    assert client.get(reverse("accountability:calendar", args=[old_token])).status_code == 404
    assert client.get(reverse("accountability:calendar", args=[new_token])).status_code == 200


def test_only_members_can_reset(world):
    import pytest

    from core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.calendar_feed_reset(actor=world.officer, organisation=world.charity)
