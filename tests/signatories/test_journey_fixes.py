"""What trying the demo found in the sign-up journey, certificates, champions and the
dashboard."""

import pytest
from django.urls import reverse

from core.exceptions import ApplicationError
from reviews.services import action_plan_start, current_year
from signatories import permissions
from signatories.models import Signatory, SignUpApplication
from tests.factories import MembershipFactory, SignatoryFactory, UserFactory
from tests.reviews.factories import compact_with_template
from tests.signatories.factories import ChampionFactory
from tests.signatories.test_journey import GOOD_DECLARATION, GOOD_ORGANISATION

pytestmark = pytest.mark.django_db


def _caption(response):
    html = response.content.decode()
    start = html.index("Sign up to a compact – step ")
    return html[start + len("Sign up to a compact – ") : html.index("</span>", start)]


def test_check_your_answers_says_not_given_for_a_number_left_blank(client, compact):
    client.force_login(UserFactory())
    client.get(reverse("signatories:signup_start") + f"?compact={compact.slug}")
    application = SignUpApplication.objects.get()
    client.post(
        reverse("signatories:signup_organisation", args=[application.pk]),
        {**GOOD_ORGANISATION, "company_number": ""},
    )
    client.get(reverse("signatories:signup_duplicates", args=[application.pk]))
    client.post(reverse("signatories:signup_declaration", args=[application.pk]), GOOD_DECLARATION)

    page = client.get(reverse("signatories:signup_check", args=[application.pk])).content.decode()

    assert "None" not in page
    assert "Not given" in page
    assert "020 8000 0000" in page  # the telephone typed is shown too


def test_steps_count_one_by_one_when_the_compact_came_with_the_link(client, compact):
    client.force_login(UserFactory())
    response = client.get(reverse("signatories:signup_start") + f"?compact={compact.slug}")
    captions = [_caption(client.get(response.url))]
    response = client.post(response.url, GOOD_ORGANISATION)
    response = client.get(response.url)  # no matches: straight on
    captions.append(_caption(client.get(response.url)))
    response = client.post(response.url, GOOD_DECLARATION)
    captions.append(_caption(client.get(response.url)))

    assert captions == ["step 1 of 3", "step 2 of 3", "step 3 of 3"]


def test_steps_count_one_by_one_when_the_compact_is_chosen(client, compact):
    client.force_login(UserFactory())
    response = client.get(reverse("signatories:signup_start"))
    captions = [_caption(client.get(response.url))]
    response = client.post(response.url, GOOD_ORGANISATION)
    response = client.get(response.url)
    captions.append(_caption(client.get(response.url)))
    response = client.post(response.url, {"compact": compact.pk})
    captions.append(_caption(client.get(response.url)))
    response = client.post(response.url, GOOD_DECLARATION)
    captions.append(_caption(client.get(response.url)))

    assert captions == ["step 1 of 4", "step 2 of 4", "step 3 of 4", "step 4 of 4"]


def test_changing_the_compact_that_came_with_the_link_counts_its_step(client, compact):
    client.force_login(UserFactory())
    client.get(reverse("signatories:signup_start") + f"?compact={compact.slug}")
    application = SignUpApplication.objects.get()
    url = reverse("signatories:signup_compact", args=[application.pk])
    client.post(
        reverse("signatories:signup_organisation", args=[application.pk]), GOOD_ORGANISATION
    )
    client.get(reverse("signatories:signup_duplicates", args=[application.pk]))

    assert _caption(client.get(url)) == "step 2 of 4"
    response = client.post(url, {"compact": compact.pk})
    assert _caption(client.get(response.url)) == "step 3 of 4"


@pytest.mark.parametrize("typed", ["{plain}", "{lower}", "{spaced}", " {lower_hyphens} "])
def test_a_certificate_code_is_found_however_it_is_typed(client, compact, typed):
    signatory = SignatoryFactory(compact=compact, verification_code="ABCD-EFGH-JK23")
    forms = {
        "plain": "ABCDEFGHJK23",
        "lower": "abcdefghjk23",
        "spaced": "abcd efgh jk23",
        "lower_hyphens": "abcd-efgh-jk23",
    }
    page = client.get(reverse("signatories:verify_form"), {"code": typed.format(**forms)})
    html = page.content.decode()
    assert "Genuine and active" in html
    assert signatory.organisation.name in html
    assert 'value="ABCD-EFGH-JK23"' in html


def test_stepping_down_a_champion_asks_first(client, compact):
    membership = MembershipFactory()
    signatory = SignatoryFactory(organisation=membership.organisation, compact=compact)
    champion = ChampionFactory(signatory=signatory, name="Kit Champion")
    client.force_login(membership.user)
    url = reverse(
        "signatories:champion_step_down", args=[membership.organisation.slug, champion.pk]
    )
    champions_page = reverse(
        "signatories:champions", args=[membership.organisation.slug, signatory.pk]
    )
    assert f'href="{url}"' in client.get(champions_page).content.decode()

    page = client.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Are you sure Kit Champion is stepping down?" in html
    assert f'href="{champions_page}"' in html  # a way back
    champion.refresh_from_db()
    assert champion.stepped_down_at is None

    response = client.post(url)
    assert response.url == champions_page
    champion.refresh_from_db()
    assert champion.stepped_down_at is not None
    assert client.get(url).url == champions_page  # nothing left to confirm


@pytest.fixture
def asked_for_more():
    """An organisation whose application waits for its answer to the steering group."""
    compact = compact_with_template(name="Riverside Compact")
    membership = MembershipFactory()
    signature = SignatoryFactory(
        organisation=membership.organisation,
        compact=compact,
        status=Signatory.Status.INFORMATION_REQUESTED,
    )
    return membership, signature


def test_an_application_awaiting_information_is_not_signed(client, asked_for_more):
    membership, signature = asked_for_more
    client.force_login(membership.user)

    page = client.get(reverse("signatories:dashboard", args=[membership.organisation.slug]))

    html = page.content.decode()
    assert "More information requested" in html
    assert signature.signed_on.strftime("%-d %B %Y") not in html
    assert "Not yet" in html
    assert "Start the plan" not in html
    assert "Raise a concern" not in html
    assert not permissions.has_signed(membership.organisation)
    assert not Signatory.objects.active().filter(pk=signature.pk).exists()
    with pytest.raises(ApplicationError, match="has not signed up"):
        action_plan_start(
            actor=membership.user,
            compact=signature.compact,
            organisation=membership.organisation,
            year=current_year(),
        )


def test_once_approved_the_same_organisation_is_signed(client, asked_for_more):
    membership, signature = asked_for_more
    Signatory.objects.filter(pk=signature.pk).update(status=Signatory.Status.ACTIVE)
    client.force_login(membership.user)

    html = client.get(
        reverse("signatories:dashboard", args=[membership.organisation.slug])
    ).content.decode()

    assert signature.signed_on.strftime("%-d %B %Y") in html
    assert "Start the plan" in html
    assert "Raise a concern" in html
    assert permissions.has_signed(membership.organisation, signature.compact)
