"""An invitation link works only for the address it was sent to: whoever else holds it is
asked to sign in with that address, or to create an account with it."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from core.exceptions import ApplicationError
from signatories import services
from signatories.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.signatories.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    admin = MembershipFactory(organisation__name="Riverside Food Bank")
    return InvitationFactory(organisation=admin.organisation, email="kim@example.org")


def _url(invitation):
    return reverse("signatories:invitation_accept", args=[invitation.token])


def test_the_person_it_was_sent_to_joins(client, invitation):
    kim = UserFactory(email="Kim@Example.org")
    client.force_login(kim)
    assert "Join Riverside Food Bank</button>" in client.get(_url(invitation)).content.decode()
    response = client.post(_url(invitation))
    assert response.url == reverse("signatories:dashboard", args=[invitation.organisation.slug])
    assert Membership.objects.filter(user=kim, organisation=invitation.organisation).exists()


def test_a_confirmed_second_address_of_theirs_counts(client, invitation):
    kim = UserFactory(email="kim.work@example.org")
    EmailAddress.objects.create(user=kim, email="kim@example.org", verified=True)
    client.force_login(kim)
    client.post(_url(invitation))
    assert Membership.objects.filter(user=kim, organisation=invitation.organisation).exists()


def test_an_unconfirmed_second_address_does_not(client, invitation):
    kim = UserFactory(email="kim.work@example.org")
    EmailAddress.objects.create(user=kim, email="kim@example.org", verified=False)
    client.force_login(kim)
    assert client.post(_url(invitation)).status_code == 200
    assert not Membership.objects.filter(user=kim).exists()


def test_someone_else_holding_the_link_is_asked_to_sign_in_with_the_address(client, invitation):
    other = UserFactory(email="pat@example.org")
    client.force_login(other)
    page = client.get(_url(invitation)).content.decode()
    assert "This invitation was sent to <strong>kim@example.org</strong>" in page
    assert "You are signed in as pat@example.org" in page
    assert "Sign out and sign in as kim@example.org" in page
    assert "Sign out and create an account" in page
    response = client.post(_url(invitation))
    assert response.status_code == 200
    assert not Membership.objects.filter(user=other).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None  # still there for Kim


def _sign_in_url(invitation):
    return f"{reverse('account_login')}?next={_url(invitation).replace('/', '%2F')}"


def test_signing_out_from_the_page_leads_to_sign_in_and_back(client, invitation):
    client.force_login(UserFactory(email="pat@example.org"))
    page = client.get(_url(invitation)).content.decode()
    assert f'name="next" value="{_sign_in_url(invitation)}"' in page
    response = client.post(reverse("account_logout"), {"next": _sign_in_url(invitation)})
    assert response.url == _sign_in_url(invitation)
    assert "Sign in as kim@example.org" in client.get(_url(invitation)).content.decode()


def test_anonymous_holders_are_offered_sign_in_and_sign_up_with_the_address(client, invitation):
    page = client.get(_url(invitation)).content.decode()
    assert "Only that address can accept it" in page
    assert f'href="{_sign_in_url(invitation)}"' in page
    assert "Create an account with kim@example.org" in page
    assert client.post(_url(invitation)).status_code == 200
    assert invitation.organisation.memberships.count() == 1  # its administrator only


def test_the_service_refuses_another_address(invitation):
    with pytest.raises(ApplicationError, match="sent to kim@example.org"):
        services.invitation_accept(actor=UserFactory(), token=invitation.token)


def test_the_e_mail_says_which_address_to_sign_in_with(django_capture_on_commit_callbacks):
    admin = MembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=admin.user, organisation=admin.organisation, email="sam@example.org"
        )
    assert "for this e-mail address, sam@example.org" in mail.outbox[0].body
