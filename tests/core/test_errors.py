"""Error pages in the portal's design, with DEBUG off as in production."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse

from core import errors
from tests.factories import UserFactory, published_compact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("debug_off")]


@pytest.fixture
def debug_off(settings):
    settings.DEBUG = False


def _page(response):
    return response.content.decode()


def test_404_is_in_the_portal_design_with_a_way_back(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = _page(response)
    assert "Page not found" in page
    assert "govuk-header" in page and "govuk-phase-banner" in page
    assert f'href="{reverse("core:home")}"' in page
    assert "Not Found" not in page  # Django's bare page


def test_403_says_why_and_whom_to_ask(client):
    compact = published_compact()
    client.force_login(UserFactory())
    response = client.get(reverse("reviews:self_assessment", args=[compact.slug, 2026]))
    assert response.status_code == 403
    page = _page(response)
    assert "You cannot see this page" in page
    assert "Only the compact&#x27;s steering group can see this page." in page
    assert "Ask the chair of the compact&#x27;s steering group" in page
    assert "403 Forbidden" not in page


def test_403_without_a_reason_still_says_whom_to_ask(rf):
    request = rf.get("/organisations/x/dashboard/")
    request.user = UserFactory()
    response = errors.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Ask one of your organisation&#x27;s administrators" in _page(response)


def test_400_for_a_host_the_portal_does_not_serve(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "could not understand that request" in _page(response)


def test_csrf_failure_explains_and_keeps_the_design():
    response = Client(enforce_csrf_checks=True).post(reverse("core:feedback"), {"message": "Hi"})
    assert response.status_code == 403
    page = _page(response)
    assert "Your form could not be sent" in page
    assert "Go back to the form" in page
    assert "CSRF verification failed" not in page


@pytest.mark.django_db(False)
def test_500_renders_without_a_database_or_a_request():
    # pytest-django blocks the database in this test: any query would raise.
    with override_settings(DEBUG=False):
        response = errors.server_error()
    assert response.status_code == 500
    page = _page(response)
    assert "Sorry, there is a problem with the portal" in page
    assert "Compact Portal" in page
    assert reverse("core:feedback") in page


def test_500_through_the_stack_uses_the_portal_page(client, settings):
    settings.ROOT_URLCONF = "tests.core.urls_raising"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the portal" in _page(response)
