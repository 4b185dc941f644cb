"""One organisation per registered number, and the details the sign-up form used to let by."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from core.exceptions import ApplicationError
from signatories import services
from signatories.models import Organisation, SignUpApplication
from tests.factories import OrganisationFactory, UserFactory
from tests.signatories.test_journey import GOOD_ORGANISATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def signup_url(client, compact):
    client.force_login(UserFactory())
    client.get(reverse("signatories:signup_start") + f"?compact={compact.slug}")
    application = SignUpApplication.objects.get()
    return reverse("signatories:signup_organisation", args=[application.pk])


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("telephone", "abc", "Enter a telephone number, like 01632 960 001"),
        ("company_number", "123", "Enter a Companies House number"),
        (
            "kind",
            "registered_charity",
            "A registered charity is not in the statutory sector: choose the type again",
        ),
        (
            "email",
            "a" * 298 + "@example.org",
            "The organisation&#x27;s e-mail address must be 254 characters or fewer",
        ),
    ],
)
def test_each_gap_is_refused_beside_its_field(client, signup_url, field, typed, message):
    posted = {**GOOD_ORGANISATION, field: typed}
    if field == "kind":
        posted["sector"] = "statutory"

    response = client.post(signup_url, posted)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}' in html  # the summary links to the field
    assert html.count(message) == 2  # in the summary and beside the field
    assert SignUpApplication.objects.get().organisation_details == {}


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("telephone", "abc"),
        ("company_number", "123"),
        ("email", "a" * 298 + "@example.org"),
        ("kind", "registered_charity"),
    ],
)
def test_the_service_refuses_the_same_gaps(field, typed):
    details = {**GOOD_ORGANISATION, field: typed}
    if field == "kind":
        details["sector"] = "statutory"
    with pytest.raises(ApplicationError) as refusal:
        services.organisation_clean_details(details)
    assert refusal.value.field == field


@pytest.mark.parametrize("number", ["SC012345", "NIC100002", "100002"])
def test_scottish_and_northern_irish_charity_numbers_are_accepted(client, signup_url, number):
    response = client.post(signup_url, {**GOOD_ORGANISATION, "charity_number": number})
    assert response.status_code == 302
    assert SignUpApplication.objects.get().organisation_details["charity_number"] == number


@pytest.mark.parametrize("field", ["charity_number", "company_number"])
def test_the_database_holds_one_organisation_per_number(field):
    OrganisationFactory(**{field: "SC123456" if field == "company_number" else "1123456"})
    with pytest.raises(IntegrityError):
        OrganisationFactory(**{field: "SC123456" if field == "company_number" else "1123456"})


def test_organisations_without_numbers_are_not_held_to_it():
    OrganisationFactory(charity_number="", company_number="")
    OrganisationFactory(charity_number="", company_number="")
    assert Organisation.objects.count() == 2


def test_creating_a_second_record_with_a_number_is_refused_naming_the_first():
    existing = OrganisationFactory(name="Brook Transport", company_number="09876543")
    with pytest.raises(services.RegisteredNumberTaken) as refusal:
        services.organisation_create(
            actor=None,
            details={**GOOD_ORGANISATION, "charity_number": "", "company_number": "9876543"},
        )
    assert refusal.value.organisation == existing
    assert refusal.value.field == "company_number"
    assert Organisation.objects.count() == 1


def test_asking_to_join_needs_the_number_that_was_refused(client, signup_url):
    existing = OrganisationFactory(charity_number="1123456")
    response = client.post(signup_url, {"ask_to_join": existing.pk, "number": "1999999"})
    assert response.status_code == 404
    assert not existing.join_requests.exists()


@pytest.fixture
def migrations_restored():
    """The migration test moves the schema back; put every app at its latest again after it,
    or the tests that follow (the browser tests among them) meet a schema without later columns."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_takes_a_shared_number_off_the_later_records(capsys, migrations_restored):
    executor = MigrationExecutor(connection)
    before = [("signatories", "0003_directory_indexes")]
    after = [("signatories", "0004_one_organisation_per_registered_number")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("signatories", "Organisation")
    common = {"sector": "vcs", "kind": "registered_charity"}
    first = old.objects.create(
        name="Food Bank", slug="food-bank", charity_number="1123456", **common
    )
    later = old.objects.create(
        name="The Food Bank",
        slug="the-food-bank",
        charity_number="1123456",
        company_number="01234567",
        **common,
    )
    third = old.objects.create(name="Other", slug="other", company_number="01234567", **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    numbers = dict(Organisation.objects.values_list("slug", "charity_number"))
    companies = dict(Organisation.objects.values_list("slug", "company_number"))
    assert numbers == {"food-bank": "1123456", "the-food-bank": "", "other": ""}
    assert companies == {"food-bank": "", "the-food-bank": "01234567", "other": ""}
    assert "The Food Bank (the-food-bank) shared charity number 1123456" in capsys.readouterr().out
    assert {first.pk, later.pk, third.pk} == set(Organisation.objects.values_list("pk", flat=True))
