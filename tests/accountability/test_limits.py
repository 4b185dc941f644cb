"""Limits on the accountability forms that e-mail the other side (core.limits), counted in
the real Redis: responses to a funding change and a consultation's published feedback."""

import datetime

import pytest
from django.urls import reverse

from outbox.models import Message

from .factories import ConsultationFactory, FundingChangeFactory


@pytest.fixture
def limit(settings, redis_cache):
    def set_limit(action, rates):
        settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, action: rates}

    return set_limit


def test_responses_to_a_funding_change_are_limited(world, client, limit):
    limit("funding_response", "2/h/user")
    change = FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity
    )
    client.force_login(world.charity_user)
    url = reverse("accountability:funding_respond", args=[change.pk])
    assert client.get(url).status_code == 200
    for number in range(2):
        assert client.post(url, {"text": f"Our response number {number}."}).status_code == 302
    text = "A third response, written at length, that must not be lost."
    response = client.post(url, {"text": text})
    assert response.status_code == 429
    assert text in response.content.decode()
    assert change.responses.count() == 2


def test_publishing_consultation_feedback_is_limited(world, client, limit):
    limit("consultation_feedback", "1/h/user")
    consultation = ConsultationFactory(
        compact=world.compact, organisation=world.council, closes_on=datetime.date(2026, 10, 1)
    )
    client.force_login(world.officer)
    url = reverse("accountability:consultation_feedback", args=[consultation.pk])
    data = {"we_asked": "About the parks", "you_said": "Keep them open", "we_did": "We kept them"}
    assert client.post(url, data).status_code == 302
    sent = Message.objects.count()
    response = client.post(url, {**data, "we_did": "We changed our minds about the parks"})
    assert response.status_code == 429
    assert Message.objects.count() == sent
    consultation.refresh_from_db()
    assert consultation.feedback_we_did == "We kept them"
