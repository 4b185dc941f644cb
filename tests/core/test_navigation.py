"""The public header, each compact's links, and where signing in lands."""

import pytest
from django.urls import reverse

from tests.factories import (
    MembershipFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)

pytestmark = pytest.mark.django_db


def test_the_public_header_offers_what_anyone_can_read(client):
    page = client.get(reverse("core:home")).content.decode()
    header = page.split('id="navigation"')[1].split("</ul>")[0]
    for url, text in [
        (reverse("commitments:list"), "Compacts"),
        (reverse("signatories:directory"), "Signatories"),
        (reverse("accountability:consultation_list"), "Consultations"),
        (reverse("signatories:verify_form"), "Check a certificate"),
    ]:
        assert f'href="{url}">{text}</a>' in header
    assert "role-navigation" not in page  # no role links for a visitor
    assert client.get(reverse("signatories:verify_form")).status_code == 200


def test_a_compact_links_to_its_signatories_record_reports_and_for_its_steering_group_lessons(
    client,
):
    compact = published_compact(name="Riverside Compact")
    detail = reverse("commitments:detail", args=[compact.slug])
    links = [
        reverse("signatories:directory_compact", args=[compact.slug]),
        reverse("accountability:compact_record", args=[compact.slug]),
        reverse("reviews:report_latest", args=[compact.slug]),
    ]
    lessons = reverse("disputes:lessons", args=[compact.slug])
    page = client.get(detail).content.decode()
    for link in links:
        assert f'href="{link}"' in page
        assert client.get(link, follow=True).status_code == 200
    assert lessons not in page

    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    page = client.get(detail).content.decode()
    assert f'href="{lessons}"' in page
    assert client.get(lessons).status_code == 200


def test_a_member_sees_everyones_links_but_not_the_steering_groups(client):
    client.force_login(MembershipFactory().user)
    page = client.get(reverse("core:tasks")).content.decode()
    navigation = page.split('id="role-navigation"')[1].split("</ul>")[0]
    for url in [reverse("core:tasks"), reverse("signatories:organisations"),
                reverse("reminders:list")]:  # fmt: skip
        assert f'href="{url}"' in navigation
    assert 'aria-current="page"' in navigation  # "Your tasks" is where they are
    assert reverse("signatories:queue") not in navigation
    assert reverse("disputes:board") not in navigation


def test_signing_in_lands_on_your_tasks(client, password):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:tasks")
