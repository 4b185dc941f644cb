"""What trying the demo found: pages that must work on the demo's own data."""

import io

import pytest
from django.template import Context, Template

from accounts.models import User
from commitments.models import CompactVersion
from signatories import demo, services
from signatories.models import Signatory
from tests.factories import SteeringGroupMemberFactory, UserFactory, published_compact

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_compact():
    compact = published_compact(name="Demo Compact")
    demo.load(io.StringIO())
    return compact


def test_the_steering_group_can_open_and_approve_a_waiting_demo_application(client, demo_compact):
    steering = SteeringGroupMemberFactory(compact=demo_compact, user=UserFactory()).user
    waiting = Signatory.objects.get(compact=demo_compact, status=Signatory.Status.PENDING)
    client.force_login(steering)

    page = client.get(f"/applications/{waiting.pk}/")

    assert page.status_code == 200
    assert "The portal" in page.content.decode()
    response = client.post(f"/applications/{waiting.pk}/", {"action": "approve"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Signatory.Status.ACTIVE


def test_a_signature_lapsed_by_a_refresh_shows_its_history(client, demo_compact):
    officer = User.objects.get(email="officer@demo.example")
    signature = Signatory.objects.get(compact=demo_compact, organisation__memberships__user=officer)
    new_version = CompactVersion.objects.create(
        compact=demo_compact,
        number=2,
        label="2",
        adopted_on=signature.signed_on,
        minimum_notice_months=3,
    )
    services.signatories_lapse_for_new_version(compact=demo_compact, new_version=new_version)
    client.force_login(officer)

    page = client.get(f"/organisations/{signature.organisation.slug}/signatures/{signature.pk}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "The compact was refreshed as version 2" in text
    assert "The portal" in text


@pytest.mark.parametrize(
    ("person", "nobody", "shown"),
    [
        (None, None, "The portal"),
        (None, "a member", "a member"),
        (User(email="ann@example.org", full_name="Ann Smith"), None, "Ann Smith"),
        (User(email="ann@example.org", full_name=""), None, "ann@example.org"),
    ],
)
def test_the_person_filter_names_who_did_it_or_says_nobody_did(person, nobody, shown):
    argument = ':"a member"' if nobody else ""
    template = Template("{% load portal %}{{ who|person" + argument + " }}")
    assert template.render(Context({"who": person})) == shown
