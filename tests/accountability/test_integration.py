"""The panels on the signatories app's real pages: the dashboard and the public directory page."""

import datetime

import pytest
from django.urls import reverse

from tests.dates import date_fields

from .factories import FundingChangeFactory


def test_the_organisation_dashboard_shows_changes_needing_a_response(world, client):
    change = FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity
    )
    client.force_login(world.charity_user)
    page = client.get(reverse("signatories:dashboard", args=[world.charity.slug]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Needs your response" in text and change.programme in text
    client.force_login(world.officer)
    text = client.get(reverse("signatories:dashboard", args=[world.council.slug])).content.decode()
    assert "Funding changes logged by Riverside Borough Council" in text
    assert "Needs your response" not in text


@pytest.mark.usefixtures("all_figures_shown")
def test_the_public_organisation_page_shows_the_record_not_the_changes(world, client):
    change = FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity
    )
    page = client.get(reverse("signatories:organisation", args=[world.council.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "How Riverside Borough Council keeps the compact" in text
    assert "1 of 1 (100%)" in text
    assert change.programme not in text
    charity_page = client.get(reverse("signatories:organisation", args=[world.charity.slug]))
    assert "keeps the compact" not in charity_page.content.decode()


def test_an_organisation_added_on_the_spot_goes_through_the_directory_checks(world, client):
    client.force_login(world.officer)
    data = {
        "signature": str(world.council.signatures.get().pk), "recipient": "new",
        "new_recipient_name": "Lantern Lunch Club", "new_recipient_kind": "community_group",
        "new_recipient_postcode": "not a postcode", "programme": "Lunches", "kind": "ending",
        "current_annual_amount": "5000", "rationale": "Service recommissioned.",
        **date_fields(notice_given_on=datetime.date(2026, 6, 1),
                      takes_effect_on=datetime.date(2026, 12, 31)),
    }  # fmt: skip
    response = client.post(reverse("accountability:funding_new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["new_recipient_postcode"]
    assert 'value="Lantern Lunch Club"' in response.content.decode()
    response = client.post(
        reverse("accountability:funding_new"), {**data, "new_recipient_postcode": "da67at"}
    )
    assert response.status_code == 302
    from accountability.models import FundingChange

    recipient = FundingChange.objects.get().recipient
    assert recipient.postcode == "DA6 7AT" and not recipient.memberships.exists()
