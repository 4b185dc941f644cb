"""Raising a concern is limited (core.limits), counted in the real Redis: each one
submitted e-mails the steering group."""

from django.urls import reverse

from disputes.models import Case
from tests.disputes.test_views import _form_data
from tests.factories import MembershipFactory


def test_raising_concerns_is_limited_and_the_words_are_kept(client, parties, settings, redis_cache):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "raise_concern": "2/h/user"}
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    for _attempt in range(2):
        assert client.post(url, _form_data(parties)).status_code == 302
    response = client.post(url, _form_data(parties))
    assert response.status_code == 429
    assert "They ended our grant with two weeks" in response.content.decode()
    assert Case.objects.count() == 2


def test_each_person_has_their_own_count(client, parties, settings, redis_cache):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "raise_concern": "1/h/user"}
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    client.force_login(parties.raiser)
    assert client.post(url, _form_data(parties)).status_code == 302
    assert client.post(url, _form_data(parties)).status_code == 429
    colleague = MembershipFactory(organisation=parties.raiser_org).user
    client.force_login(colleague)
    assert client.post(url, _form_data(parties)).status_code == 302
