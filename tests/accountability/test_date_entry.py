"""Dates typed into the funding change and consultation forms: a date that is not one is
refused on the page with what was typed kept, never dropped and saved as "Planned"."""

import datetime

from django.urls import reverse

from accountability.models import Consultation, FundingChange
from tests.dates import date_fields, typed_boxes

D = datetime.date


def change_form(world, **dates):
    return {
        "signature": str(world.council.signatures.get().pk),
        "recipient": str(world.charity.pk),
        "programme": "Youth club evenings",
        "kind": "reduction",
        "current_annual_amount": "20000",
        "new_annual_amount": "12000",
        "rationale": "The youth budget fell.",
        **date_fields(takes_effect_on=D(2027, 3, 31)),
        **dates,
    }


def test_a_notice_date_typed_another_way_is_refused_not_dropped(world, client):
    client.force_login(world.officer)
    typed = typed_boxes("notice_given_on", "30/11/2026")
    response = client.post(reverse("accountability:funding_new"), change_form(world, **typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Date notice was given must include a month and year" in page
    assert 'href="#id_notice_given_on-month"' in page
    assert 'name="notice_given_on-day" type="text" inputmode="numeric" value="30/11/2026"' in page
    assert not FundingChange.objects.exists()


def test_a_notice_year_of_0201_is_refused(world, client):
    client.force_login(world.officer)
    typed = typed_boxes("notice_given_on", "30", "11", "0201")
    response = client.post(reverse("accountability:funding_new"), change_form(world, **typed))
    page = response.content.decode()
    assert "Date notice was given must be between 1 January 1990 and today" in page
    assert 'href="#id_notice_given_on-year"' in page
    assert not FundingChange.objects.exists()


def test_when_both_dates_are_wrong_both_are_explained_and_both_kept(world, client):
    client.force_login(world.officer)
    typed = {
        **typed_boxes("notice_given_on", "31", "2", "2026"),
        **typed_boxes("takes_effect_on", "1", "", "2027"),
    }
    response = client.post(reverse("accountability:funding_new"), change_form(world, **typed))
    page = response.content.decode()
    assert "Date notice was given must be a real date" in page
    assert "Date the change takes effect must include a month" in page
    assert 'name="notice_given_on-day" type="text" inputmode="numeric" value="31"' in page
    assert 'name="notice_given_on-month" type="text" inputmode="numeric" value="2"' in page
    assert 'name="takes_effect_on-year" type="text" inputmode="numeric" value="2027"' in page
    assert not FundingChange.objects.exists()


def test_a_notice_date_in_the_future_is_refused_on_the_form(world, client):
    client.force_login(world.officer)
    dates = date_fields(notice_given_on=D(2026, 11, 23))  # TODAY is 22 November 2026
    response = client.post(reverse("accountability:funding_new"), change_form(world, **dates))
    assert "Date notice was given must be today or in the past" in response.content.decode()


def test_a_notice_date_in_boxes_is_saved(world, client):
    client.force_login(world.officer)
    dates = date_fields(notice_given_on=D(2026, 11, 20))
    response = client.post(reverse("accountability:funding_new"), change_form(world, **dates))
    assert response.status_code == 302
    change = FundingChange.objects.get()
    assert change.notice_given_on == D(2026, 11, 20) and change.status == "notified"


def consultation_form(world, **dates):
    return {
        "signature": str(world.council.signatures.get().pk), "title": "Parks",
        "summary": "Parks plan", "link": "https://example.gov.uk/parks", "audience": "Everyone",
        **dates,
    }  # fmt: skip


def test_a_consultation_decades_long_is_refused(world, client):
    client.force_login(world.officer)
    url = reverse("accountability:consultation_new")
    dates = date_fields(opens_on=D(2026, 12, 1), closes_on=D(2035, 12, 1))
    response = client.post(url, consultation_form(world, **dates))
    assert "Date it closes must be within 2 years of the date it opens" in response.content.decode()
    assert not Consultation.objects.exists()
    dates = date_fields(opens_on=D(2026, 12, 1), closes_on=D(2028, 12, 1))  # two years exactly
    response = client.post(url, consultation_form(world, **dates))
    assert response.status_code == 302


def test_a_change_taking_effect_a_century_ahead_is_refused(world, client):
    client.force_login(world.officer)
    dates = date_fields(takes_effect_on=D(2126, 1, 1))
    response = client.post(reverse("accountability:funding_new"), change_form(world, **dates))
    assert (
        "Date the change takes effect must be between 1 January 1990 and 22 November 2036"
        in response.content.decode()
    )
    assert not FundingChange.objects.exists()
