"""Each demo account's home (Your tasks) and navigation on the demo data, as load_demo makes it."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

ROLE_LINKS = {
    "steering": {"Applications", "Concerns board", "Plans and reviews"},
    "officer": {"Funding changes", "Consultations"},
    "everyone": {"Your tasks", "Your organisations", "Your reminders"},
}


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        call_command("load_demo", stdout=io.StringIO())
        yield


def _home(client, email, django_assert_max_num_queries):
    client.force_login(User.objects.get(email=email))
    with django_assert_max_num_queries(30):
        response = client.get(reverse("core:tasks"))
    assert response.status_code == 200
    return response.content.decode()


def _role_links(page):
    navigation = page.split('id="role-navigation"')[1].split("</ul>")[0]
    return set(re.findall(r'class="govuk-service-navigation__link"[^>]*>(?:<strong[^>]*>)?([^<]+)<',
                          navigation))  # fmt: skip


def _task_titles(page):
    return re.findall(r'class="govuk-link govuk-task-list__link"[^>]*>([^<]+)</a>', page)


def test_riverside_chair_decides_the_waiting_application(
    client, demo, django_assert_max_num_queries
):
    page = _home(client, "chair@riverside.example", django_assert_max_num_queries)
    assert _task_titles(page) == ["Decide 1 application to sign Riverside Borough Compact"]
    links = _role_links(page)
    assert ROLE_LINKS["steering"] | ROLE_LINKS["everyone"] <= links
    assert "Chair of the Riverside Borough Compact steering group" in page


def test_oakfield_chair_also_starts_the_self_assessment(
    client, demo, django_assert_max_num_queries
):
    page = _home(client, "chair@oakfield.example", django_assert_max_num_queries)
    assert _task_titles(page) == [
        "Start the 2026 self-assessment of Oakfield District Compact",
        "Decide 1 application to sign Oakfield District Compact",
    ]


def test_officer_gives_notice_publishes_feedback_answers_the_concern_and_plans(
    client, demo, django_assert_max_num_queries
):
    page = _home(client, "officer@demo.example", django_assert_max_num_queries)
    titles = _task_titles(page)
    assert len(titles) == 5
    assert "5 tasks wait for you" in page
    assert titles[0].startswith("Give notice of the reduction of Befriending service")
    assert titles[1].startswith("Publish feedback on the consultation")
    assert titles[2].startswith("Respond to the concern: C-")
    assert titles[3].startswith("Publish feedback on the consultation")
    assert titles[4] == (
        "Start Demo Borough Council&#x27;s 2026 action plan for Oakfield District Compact"
    )
    links = _role_links(page)
    assert ROLE_LINKS["officer"] | ROLE_LINKS["everyone"] <= links
    assert not {"Applications", "Concerns board"} & links


def test_food_bank_administrator_responds_to_a_consultation_and_five_funding_changes(
    client, demo, django_assert_max_num_queries
):
    page = _home(client, "org.admin@demo.example", django_assert_max_num_queries)
    titles = _task_titles(page)
    assert len(titles) == 7
    assert titles[0].startswith("Respond to Demo Borough Council&#x27;s consultation")
    funding = [t for t in titles if t.startswith("Respond to Demo Borough Council&#x27;s")]
    assert len(funding) == 6  # the consultation and five changes
    assert titles[-1].startswith("Start Riverside Food Bank")
    links = _role_links(page)
    assert ROLE_LINKS["everyone"] <= links
    assert not {"Applications", "Concerns board"} & links
    assert "Consultations" not in links


def test_mediator_has_nothing_waiting_and_is_told_so(client, demo, django_assert_max_num_queries):
    page = _home(client, "mediator@demo.example", django_assert_max_num_queries)
    assert _task_titles(page) == []
    assert "Nothing is waiting for you" in page
    assert "Concerns" in _role_links(page)


def test_every_task_link_of_every_demo_role_opens(client, demo):
    for email in [
        "chair@riverside.example",
        "chair@oakfield.example",
        "admin@riverside.example",
        "officer@demo.example",
        "org.admin@demo.example",
        "mediator@demo.example",
    ]:
        user = User.objects.get(email=email)
        client.force_login(user)
        page = client.get(reverse("core:tasks")).content.decode()
        navigation = page.split('id="role-navigation"')[1].split("</ul>")[0]
        task_list = page.split('class="govuk-task-list"')[1] if "govuk-task-list" in page else ""
        for url in re.findall(r'href="(/[^"]*)"', navigation + task_list):
            assert client.get(url).status_code == 200, (email, url)
