"""Public pages answered from the cache, renewed when what they show changes."""

import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.page_cache import public_pages_changed
from signatories.services import signatory_approve
from tests.factories import (
    OrganisationFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def compact():
    return published_compact(name="Riverside Compact")


def _names(response) -> str:
    return response.content.decode()


def test_a_second_anonymous_request_is_answered_from_the_cache(
    client, compact, django_assert_num_queries
):
    SignatoryFactory(compact=compact, status="active", organisation__name="Riverside Trust")
    url = reverse("signatories:directory")
    first = client.get(url)
    assert "Riverside Trust" in _names(first)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert f"max-age={settings.PUBLIC_PAGE_MAX_AGE}" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]
    assert second["ETag"] == first["ETag"]
    assert not second.cookies


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("core:home", {}),
        ("commitments:list", {}),
        ("commitments:detail", {"slug": "riverside-compact"}),
        ("signatories:directory_compact", {"slug": "riverside-compact"}),
        ("accountability:consultation_list", {}),
        ("accountability:compact_record", {"slug": "riverside-compact"}),
    ],
)
def test_each_public_page_is_served_from_the_cache(
    client, compact, name, kwargs, django_assert_max_num_queries
):
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200


def test_the_same_etag_again_gets_304(client, compact):
    url = reverse("commitments:detail", kwargs={"slug": compact.slug})
    etag = client.get(url)["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_an_approval_renews_the_directory_and_the_compact_page(client, compact):
    steering = SteeringGroupMemberFactory(compact=compact).user
    waiting = SignatoryFactory(
        compact=compact, status="pending", organisation__name="Harbour Youth Club"
    )
    directory = reverse("signatories:directory_compact", kwargs={"slug": compact.slug})
    everywhere = reverse("signatories:directory")
    assert "Harbour Youth Club" not in _names(client.get(directory))
    assert "Harbour Youth Club" not in _names(client.get(everywhere))

    signatory_approve(actor=steering, signatory=waiting)

    assert "Harbour Youth Club" in _names(client.get(directory))
    assert "Harbour Youth Club" in _names(client.get(everywhere))


def test_a_change_in_one_compact_leaves_another_compacts_pages_cached(
    client, compact, django_assert_num_queries
):
    other = published_compact(name="Hillside Compact")
    url = reverse("commitments:detail", kwargs={"slug": other.slug})
    client.get(url)
    public_pages_changed(compacts=[compact])
    with django_assert_num_queries(0):
        client.get(url)
    public_pages_changed(compacts=[other])
    with CaptureQueriesContext(connection) as renewed:
        client.get(url)
    assert len(renewed) > 0
    with django_assert_num_queries(0):
        client.get(url)
    public_pages_changed()  # names no compact: every page is renewed
    with CaptureQueriesContext(connection) as renewed:
        client.get(url)
    assert len(renewed) > 0


def test_signed_in_pages_are_private_and_never_stored(client, compact):
    person = UserFactory()
    OrganisationFactory()
    client.force_login(person)
    url = reverse("signatories:directory")
    for _ in range(2):
        response = client.get(url)
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response
    # Nothing the signed-in person saw is served to anonymous visitors either.
    client.logout()
    assert "Sign out" not in _names(client.get(url))
    tasks = client.get(reverse("core:home"))
    assert "private" not in tasks["Cache-Control"]


def test_a_page_with_a_flash_message_is_neither_served_from_nor_stored_in_the_cache(
    client, compact, django_assert_max_num_queries
):
    url = reverse("core:home")
    client.get(url)  # stored
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("account_logout"))  # "You have signed out." waits for the next page
    response = client.get(url)
    assert "You have signed out" in _names(response)
    assert "no-store" in response["Cache-Control"]
    # And the next visitor does not see it.
    client.cookies.clear()
    assert "You have signed out" not in _names(client.get(url))


def test_cached_pages_carry_no_nonce_and_the_inline_script_is_allowed_by_its_hash(client, compact):
    url = reverse("commitments:detail", kwargs={"slug": compact.slug})
    client.get(url)
    cached = client.get(url)
    policy = cached["Content-Security-Policy"]
    assert "nonce" not in policy
    assert "nonce" not in _names(cached)
    # The one inline script is the one the policy names by its hash.
    scripts = re.findall(r"<script>(.*?)</script>", _names(cached), re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy


def test_handlers_registered_for_after_a_change_run_once_it_commits(
    compact, django_capture_on_commit_callbacks
):
    from core import page_cache

    heard = []
    page_cache.register_after_change(heard.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            public_pages_changed(compacts=[compact])
            assert heard == []  # not before the change is committed
        public_pages_changed()
        assert heard == [[compact.slug]]
    finally:
        page_cache._after_change.remove(heard.append)
