"""The sign-up journey through the real views: validation, leaving and resuming, submission."""

import pytest
from django.core import mail
from django.urls import reverse

from signatories.models import Membership, Organisation, Signatory, SignUpApplication
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_ORGANISATION = {
    "name": "Riverside Food Bank",
    "sector": "vcs",
    "kind": "registered_charity",
    "charity_number": "1123456",
    "company_number": "",
    "register_code": "",
    "address": "1 High Street\nRiverside",
    "postcode": "da6 7at",
    "telephone": "020 8000 0000",
    "email": "hello@riverside-food.example",
    "website": "",
}
GOOD_DECLARATION = {
    "signed_by_name": "Pat Treasurer",
    "signed_by_role": "Treasurer",
    "has_read_and_discussed": "on",
    "will_appoint_champion": "on",
    "will_promote": "on",
}


def _start(client, compact):
    response = client.get(reverse("signatories:signup_start") + f"?compact={compact.slug}")
    application = SignUpApplication.objects.get()
    assert response.url == reverse("signatories:signup_organisation", args=[application.pk])
    return application


def test_the_journey_asks_for_an_account_first(client, compact):
    response = client.get(reverse("signatories:signup_start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("charity_number", "12345", "Enter a registered charity number for England and Wales"),
        ("company_number", "XX123456", "Enter a Companies House number"),
        ("postcode", "DA6", "Enter a real UK postcode, like DA6 7AT"),
        ("email", "hello@", "Enter an e-mail address in the correct format"),
        ("name", "", "Enter the organisation&#x27;s name"),
    ],
)
def test_each_bad_answer_is_explained_and_the_others_kept(client, compact, field, typed, message):
    client.force_login(UserFactory())
    application = _start(client, compact)
    response = client.post(
        reverse("signatories:signup_organisation", args=[application.pk]),
        {**GOOD_ORGANISATION, field: typed},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html  # the error summary
    assert 'value="1 High Street' not in html  # (the address is a textarea)
    assert "1 High Street" in html
    if field != "name":
        assert 'value="Riverside Food Bank"' in html
    if field != "email":
        assert 'value="hello@riverside-food.example"' in html
    application.refresh_from_db()
    assert application.organisation_details == {}  # nothing bad saved


def test_the_whole_journey_with_leaving_and_resuming(client, compact, steering, committing):
    person = UserFactory(full_name="Pat Treasurer")
    client.force_login(person)
    application = _start(client, compact)

    response = client.post(
        reverse("signatories:signup_organisation", args=[application.pk]), GOOD_ORGANISATION
    )
    # No duplicate: the matches step confirms and moves on; the compact came with the link.
    response = client.get(response.url)
    assert response.url == reverse("signatories:signup_declaration", args=[application.pk])

    # The declaration with a box left unticked: the message, and the name kept and saved.
    response = client.post(
        reverse("signatories:signup_declaration", args=[application.pk]),
        {**GOOD_DECLARATION, "will_promote": ""},
    )
    assert "Confirm that the organisation will promote the compact" in response.content.decode()
    assert 'value="Treasurer"' in response.content.decode()

    # Leave: sign out, come back another day, sign in and start again.
    client.logout()
    client.force_login(person)
    response = client.get(reverse("signatories:signup_start"))
    assert response.url == reverse("signatories:signup_declaration", args=[application.pk])
    page = client.get(response.url).content.decode()
    assert 'value="Treasurer"' in page
    assert "Riverside Food Bank" in page
    page = client.get(reverse("signatories:signup_organisation", args=[application.pk]))
    assert 'value="DA6 7AT"' in page.content.decode()  # tidied when saved

    response = client.post(
        reverse("signatories:signup_declaration", args=[application.pk]), GOOD_DECLARATION
    )
    assert response.url == reverse("signatories:signup_check", args=[application.pk])
    check = client.get(response.url).content.decode()
    for answer in ["Riverside Food Bank", "1123456", "DA6 7AT", "Riverside Compact", "Treasurer"]:
        assert answer in check

    with committing():
        response = client.post(reverse("signatories:signup_check", args=[application.pk]))
    signatory = Signatory.objects.get()
    assert response.url == reverse("signatories:signup_done", args=[signatory.pk])
    assert signatory.status == Signatory.Status.PENDING
    assert signatory.signed_by_name == "Pat Treasurer"
    assert signatory.organisation.postcode == "DA6 7AT"
    assert signatory.organisation.org_id == "GB-CHC-1123456"
    assert Membership.objects.get(user=person).role == Membership.Role.ADMINISTRATOR
    assert [c.to_status for c in signatory.status_changes.all()] == ["pending"]

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Application received" in subjects[person.email]
    assert "Application to sign Riverside Compact" in subjects[steering.email]

    # A sent application cannot be edited, and the dashboard shows its status.
    assert client.get(reverse("signatories:signup_check", args=[application.pk])).status_code == 404
    dashboard = client.get(reverse("signatories:dashboard", args=[signatory.organisation.slug]))
    assert "Waiting for approval" in dashboard.content.decode()


def test_duplicates_are_found_by_number_and_the_person_can_ask_to_join(client, compact, committing):
    existing = OrganisationFactory(name="Food Bank of Riverside", charity_number="1123456")
    admin = UserFactory()
    Membership.objects.create(organisation=existing, user=admin, role="administrator")
    client.force_login(UserFactory())
    application = _start(client, compact)
    url = reverse("signatories:signup_organisation", args=[application.pk])
    response = client.post(url, GOOD_ORGANISATION)
    # The number is refused beside its field, and joining the one already here is offered.
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert (
        "Food Bank of Riverside is already on the portal with this registered charity number"
        in page
    )
    assert "Ask to join Food Bank of Riverside" in page
    application.refresh_from_db()
    assert application.organisation_details == {}

    with committing():
        response = client.post(url, {"ask_to_join": existing.pk, "number": "1123456"})
    assert response.url == reverse("signatories:organisations")
    assert existing.join_requests.filter(status="pending").count() == 1
    assert mail.outbox[-1].to == [admin.email]
    assert "asked to join" in mail.outbox[-1].subject
    assert Organisation.objects.count() == 1


def test_duplicates_are_found_by_name_and_a_different_body_can_continue(client, compact):
    OrganisationFactory(name="Riverside Food Bank")
    client.force_login(UserFactory())
    application = _start(client, compact)
    client.post(
        reverse("signatories:signup_organisation", args=[application.pk]),
        {**GOOD_ORGANISATION, "charity_number": "1999999"},
    )
    url = reverse("signatories:signup_duplicates", args=[application.pk])
    assert "Riverside Food Bank" in client.get(url).content.decode()
    response = client.post(url, {"choice": "new"})
    assert response.url == reverse("signatories:signup_declaration", args=[application.pk])


def test_an_administrator_signs_a_second_compact_for_their_organisation(client, compact):
    from tests.factories import SignatoryFactory, published_compact

    person = UserFactory()
    organisation = OrganisationFactory()
    Membership.objects.create(organisation=organisation, user=person, role="administrator")
    SignatoryFactory(organisation=organisation, compact=compact)
    county = published_compact(name="County Compact")
    client.force_login(person)
    application = _start(client, county)
    response = client.post(
        reverse("signatories:signup_organisation", args=[application.pk]),
        {"use_existing": "1", "organisation": organisation.pk},
    )
    assert response.url == reverse("signatories:signup_declaration", args=[application.pk])
    client.post(reverse("signatories:signup_declaration", args=[application.pk]), GOOD_DECLARATION)
    client.post(reverse("signatories:signup_check", args=[application.pk]))
    assert set(organisation.signatures.values_list("compact__name", flat=True)) == {
        "Riverside Compact",
        "County Compact",
    }


def test_an_organisation_cannot_apply_twice_to_the_same_compact(client, compact):
    from tests.factories import SignatoryFactory

    person = UserFactory()
    organisation = OrganisationFactory()
    Membership.objects.create(organisation=organisation, user=person, role="administrator")
    SignatoryFactory(organisation=organisation, compact=compact)
    client.force_login(person)
    application = _start(client, compact)
    client.post(
        reverse("signatories:signup_organisation", args=[application.pk]),
        {"use_existing": "1", "organisation": organisation.pk},
    )
    response = client.post(
        reverse("signatories:signup_compact", args=[application.pk]), {"compact": compact.pk}
    )
    assert "has already signed or applied to sign Riverside Compact" in response.content.decode()


def test_someone_elses_application_is_not_found(client, compact):
    owner = UserFactory()
    client.force_login(owner)
    application = _start(client, compact)
    client.force_login(UserFactory())
    for name in ["organisation", "compact", "declaration", "check", "duplicates"]:
        url = reverse(f"signatories:signup_{name}", args=[application.pk])
        assert client.get(url).status_code == 404


def test_choosing_an_organisation_that_signed_the_preselected_compact_asks_for_another(
    client, compact
):
    from tests.factories import SignatoryFactory

    person = UserFactory()
    organisation = OrganisationFactory()
    Membership.objects.create(organisation=organisation, user=person, role="administrator")
    SignatoryFactory(organisation=organisation, compact=compact)
    client.force_login(person)
    application = _start(client, compact)
    response = client.post(
        reverse("signatories:signup_organisation", args=[application.pk]),
        {"use_existing": "1", "organisation": organisation.pk},
    )
    assert response.url == reverse("signatories:signup_compact", args=[application.pk])
