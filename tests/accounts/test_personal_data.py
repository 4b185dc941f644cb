"""Subject access and erasure (UK GDPR): a person sees everything held about them and
nothing about anyone else; an erasure leaves no row naming them and keeps the records
that must stay."""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import ErasureRecord, User
from accounts.services import former_member, person_erase
from core.exceptions import ApplicationError
from core.personal_data import FORMER_MEMBER, WORDS_REMOVED
from disputes.models import TimelineEntry
from outbox.models import Message
from signatories.models import Champion, Organisation
from tests.dates import date_boxes, typed_boxes
from tests.factories import MembershipFactory, SteeringGroupMemberFactory, UserFactory

from .personal_world import FILLED, person_with_everything

pytestmark = pytest.mark.django_db

SECTIONS = {
    "account", "email_addresses", "second_factors", "steering_group_seats", "memberships",
    "champion_roles", "join_requests", "invitations", "sign_up_applications", "signatures",
    "funding_changes_logged", "funding_change_responses", "exceptional_requests",
    "consultations_logged", "cases", "case_timeline", "mediation_panels", "reminders",
    "reminder_preferences", "help_offers", "action_plans", "emails_to_you", "feedback",
}  # fmt: skip


def foreign_keys_to_the_user():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is user_model
    ]


@pytest.fixture
def alice():
    return person_with_everything(name="Alice Applegate", email="alice@example.org")


@pytest.fixture
def bob():
    return person_with_everything(name="Bob Bramble", email="bob@example.org")


# Subject access


def test_the_download_holds_every_kind_of_record_and_nobody_elses(client, alice, bob):
    client.force_login(alice.person)
    response = client.get(reverse("accounts:personal_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert set(data["sections"]) == SECTIONS
    text = response.content.decode()
    assert alice.words in text and "alice@example.org" in text
    assert bob.words not in text and "bob@example.org" not in text and "Bob Bramble" not in text
    assert data["sections"]["account"]["rows"][0]["Full name"] == "Alice Applegate"
    # Secrets of a second factor are never part of it.
    assert "secret" not in text


def test_the_page_shows_it_readably(client, alice, bob, django_assert_max_num_queries):
    client.force_login(alice.person)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("accounts:personal_data"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your Compact Champion roles" in page and "Concerns you raised or mediate" in page
    assert alice.words in page and alice.case.reference in page
    assert bob.words not in page and "bob@example.org" not in page
    assert reverse("accounts:personal_data_download") in page


def test_the_account_pages_link_to_it(client, alice):
    client.force_login(alice.person)
    page = client.get(reverse("account_email")).content.decode()
    assert reverse("accounts:personal_data") in page


def test_anonymous_is_sent_to_sign_in(client):
    for name in ("accounts:personal_data", "accounts:personal_data_download"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/account/login/" in response["Location"]


# Erasure: the service


def test_every_foreign_key_to_the_user_is_filled_by_the_test_world():
    found = {(model._meta.label, field.name) for model, field in foreign_keys_to_the_user()}
    assert found == FILLED, "fill the new foreign key in tests/accounts/personal_world.py"


def test_erasure_works_with_every_foreign_key_to_the_user_filled(alice, bob):
    staff = UserFactory(is_staff=True)
    before_bob = {
        (model, field.name): model.objects.filter(**{field.name: bob.person}).count()
        for model, field in foreign_keys_to_the_user()
    }
    kept = {
        (model, field.name): model.objects.filter(**{field.name: alice.person}).count()
        for model, field in foreign_keys_to_the_user()
        if field.remote_field.on_delete is not models.CASCADE
    }

    record = person_erase(
        actor=staff, person=alice.person, requested_by="The person, by letter",
        request_received_on=datetime.date(2026, 11, 2),
    )  # fmt: skip

    placeholder = former_member()
    assert not User.objects.filter(email="alice@example.org").exists()
    for model, field in foreign_keys_to_the_user():
        assert not model.objects.filter(**{f"{field.name}_id": alice.person.pk}).exists()
        assert (
            model.objects.filter(**{field.name: bob.person}).count()
            == before_bob[(model, field.name)]
        ), f"{model._meta.label}.{field.name} of someone else changed"
    # Records that must stay are kept, by "A former member".
    for (model, name), count in kept.items():
        assert model.objects.filter(**{name: placeholder}).count() >= count, (
            f"{model._meta.label}.{name} lost its rows"
        )
    assert placeholder.full_name == FORMER_MEMBER and not placeholder.has_usable_password()
    # Their own words on a case are gone; the entry stays; someone else's stay.
    entry = TimelineEntry.objects.get(case=alice.case, kind=TimelineEntry.Kind.MESSAGE)
    assert entry.body == WORDS_REMOVED and entry.author == placeholder
    assert TimelineEntry.objects.filter(body=bob.words).exists()
    # E-mails to them and their feedback are deleted; their contacts replaced.
    assert not Message.objects.filter(text=alice.words).exists()
    assert Message.objects.filter(text=bob.words).count() == 2
    champion = Champion.objects.get(pk=alice.champion.pk)
    assert (champion.name, champion.email) == (FORMER_MEMBER, "")
    assert champion.stepped_down_at is not None
    assert Organisation.objects.get(pk=alice.organisation.pk).email == ""
    # The record of the erasure says who asked, who erased and when, and nothing of them.
    assert (record.erased_by, record.requested_by) == (staff, "The person, by letter")
    assert record.request_received_on == datetime.date(2026, 11, 2)
    stored = " ".join(map(str, ErasureRecord.objects.values().get(pk=record.pk).values()))
    assert "alice" not in stored.lower() and "Applegate" not in stored


def test_a_second_erasure_reuses_the_former_member(alice, bob):
    staff = UserFactory(is_staff=True)
    for world in (alice, bob):
        person_erase(actor=staff, person=world.person, requested_by="The person",
                     request_received_on=timezone.localdate())  # fmt: skip
    assert User.objects.filter(full_name=FORMER_MEMBER).count() == 1


def test_nobody_erases_themselves_or_the_former_member():
    staff = UserFactory(is_staff=True)
    with pytest.raises(ApplicationError):
        person_erase(actor=staff, person=staff, requested_by="x",
                     request_received_on=timezone.localdate())  # fmt: skip
    with pytest.raises(ApplicationError):
        person_erase(actor=staff, person=former_member(), requested_by="x",
                     request_received_on=timezone.localdate())  # fmt: skip


def test_the_service_refuses_who_may_not_erase():
    member = MembershipFactory().user
    for actor in (SteeringGroupMemberFactory(role="administrator").user, UserFactory()):
        with pytest.raises(ApplicationError):
            person_erase(actor=actor, person=member, requested_by="x",
                         request_received_on=timezone.localdate())  # fmt: skip
    assert User.objects.filter(pk=member.pk).exists()


# Erasure: the pages


def _ask(client, email, **extra):
    return client.post(
        reverse("accounts:erasure_start"),
        {"email": email, "requested_by": "The person, by e-mail",
         **date_boxes("request_received_on", timezone.localdate()), **extra},
    )  # fmt: skip


def test_staff_erase_a_person_after_checking(client, alice):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("accounts:erasure_start")).status_code == 200
    response = _ask(client, "ALICE@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:erasure_check")
    check = client.get(reverse("accounts:erasure_check"))
    assert check.status_code == 200
    assert "alice@example.org" in check.content.decode() and "The person, by e-mail" in (
        check.content.decode()
    )
    assert User.objects.filter(pk=alice.person.pk).exists()  # nothing happens before confirming
    done = client.post(reverse("accounts:erasure_check"))
    assert done.status_code == 302 and done["Location"] == reverse("accounts:erasure_done")
    assert not User.objects.filter(pk=alice.person.pk).exists()
    page = client.get(reverse("accounts:erasure_done")).content.decode()
    assert "Personal data erased" in page


def test_a_steering_group_administrator_erases_people_of_their_compact(client):
    administrator = SteeringGroupMemberFactory(role="administrator").user
    member = MembershipFactory().user
    from tests.factories import SignatoryFactory

    SignatoryFactory(
        organisation=member.memberships.get().organisation,
        compact=administrator.steering_roles.get().compact,
    )
    client.force_login(administrator)
    assert _ask(client, member.email).status_code == 302
    client.post(reverse("accounts:erasure_check"))
    assert not User.objects.filter(pk=member.pk).exists()


def test_a_steering_group_administrator_cannot_erase_people_of_another_compact(client):
    administrator = SteeringGroupMemberFactory(role="administrator").user
    stranger = MembershipFactory().user
    client.force_login(administrator)
    response = _ask(client, stranger.email)
    assert response.status_code == 200
    assert "There is nobody with that e-mail address whose data you can erase" in (
        response.content.decode()
    )
    assert User.objects.filter(pk=stranger.pk).exists()


@pytest.mark.parametrize("name", ["accounts:erasure_start", "accounts:erasure_check",
                                  "accounts:erasure_done"])  # fmt: skip
def test_others_are_refused(client, name):
    client.force_login(SteeringGroupMemberFactory(role="member").user)
    assert client.get(reverse(name)).status_code == 403
    client.force_login(MembershipFactory(role="administrator").user)
    assert client.get(reverse(name)).status_code == 403


def test_bad_input_is_shown_on_the_same_page_keeping_what_was_typed(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.post(
        reverse("accounts:erasure_start"),
        {"email": "not an address", "requested_by": "The person",
         **typed_boxes("request_received_on", "31", "2", "2026")},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter an e-mail address in the right format" in page
    assert "must be a real date" in page
    assert 'value="The person"' in page and 'value="not an address"' in page
