"""Staff and steering-group members must sign in with a second factor, through allauth's
sign-in; the Django admin has no sign-in of its own (core.two_factor, core.middleware)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.factories import PASSWORD, SteeringGroupMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _turn_on_totp(client) -> str:
    """Through allauth's pages, as the signed-in person: password again, then a code."""
    setup = client.get(reverse("mfa_activate_totp"), follow=True)
    if setup.request["PATH_INFO"] != reverse("mfa_activate_totp"):
        client.post(
            setup.request["PATH_INFO"] + "?next=" + reverse("mfa_activate_totp"),
            {"password": PASSWORD},
        )
        client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert activated.status_code == 302, "allauth refused the authenticator code"
    return secret


def _person_bound_by_the_rule(who: str):
    if who == "staff":
        return UserFactory(is_staff=True)
    return SteeringGroupMemberFactory().user


@pytest.fixture
def staff_with_totp(client):
    """A staff member who turned TOTP on; returns (user, secret), signed out."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    _sign_in(client, staff.email)
    secret = _turn_on_totp(client)
    client.logout()
    return staff, secret


# Committed for real: allauth announces a new authenticator once its transaction commits.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["staff", "steering group member"])
def test_people_who_must_use_a_second_factor_are_sent_to_set_one_up(client, who):
    person = _person_bound_by_the_rule(who)
    assert _sign_in(client, person.email).status_code == 302

    required = reverse("core:two_factor_required")
    for path in [reverse("core:home"), reverse("commitments:list"), "/admin/"]:
        assert client.get(path)["Location"] == required
    page = client.get(required)
    assert page.status_code == 200
    text = page.text
    assert "Set up two-factor sign-in" in text
    reason = "site administrator" if who == "staff" else "steering group"
    assert reason in text
    assert reverse("mfa_activate_totp") in text
    assert reverse("mfa_add_webauthn") in text

    # Setting it up counts as using it: the person carries on without signing in again.
    _turn_on_totp(client)
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(required)["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_people_nothing_asks_it_of_are_not_forced_to_a_second_factor(client):
    person = UserFactory()
    _sign_in(client, person.email)
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("core:two_factor_required"))["Location"] == resolve_url(
        settings.LOGIN_REDIRECT_URL
    )


def test_a_security_key_or_passkey_can_be_added(client):
    person = SteeringGroupMemberFactory().user
    _sign_in(client, person.email)
    asked = client.get(reverse("mfa_add_webauthn"))
    # allauth asks for the password again first.
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    assert "mfa_webauthn_add" in page.text


def test_the_admin_has_no_sign_in_form_of_its_own(client, staff_with_totp):
    staff, _secret = staff_with_totp
    page = client.get(reverse("admin:login"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login") + "?next=")

    # The admin's password-only form is gone: posting to it signs nobody in.
    posted = client.post(
        reverse("admin:login"), {"username": staff.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert posted.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_admin_needs_the_second_step_after_the_password(client, staff_with_totp):
    staff, secret = staff_with_totp
    first_step = client.post(
        reverse("account_login") + "?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert first_step["Location"] == reverse("mfa_authenticate")
    # With the password alone, nobody is signed in and the admin stays shut.
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith(reverse("admin:login"))

    second_step = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert second_step["Location"] == "/admin/"
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 200
    assert "Site administration" in admin_page.text


@pytest.mark.parametrize("who", ["staff", "steering group member"])
def test_a_session_signed_in_by_password_alone_is_ended(client, who):
    """A session without the second step (the admin's old form made them) is signed out,
    even though the person has set up TOTP."""
    person = _person_bound_by_the_rule(who)
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login_password_only(person)

    response = client.get("/admin/" if who == "staff" else reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_are_limited(client):
    """The portal's sign-in (the only one, the admin's included) stops trying a password
    after allauth's limit of failed attempts for the address."""
    staff = UserFactory(is_staff=True)
    for _attempt in range(5):
        refused = _sign_in(client, staff.email, "not-the-password")
        assert refused.status_code == 200
    blocked = _sign_in(client, staff.email)
    assert "_auth_user_id" not in client.session
    assert "Too many failed" in blocked.text or blocked.status_code == 429
