"""Your tasks: each app's task source, the order, the counts, and the query budget."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accountability.models import FundingChange, FundingChangeResponse
from core.roles import roles_of
from core.todo import tasks_for
from outbox.models import Message
from signatories.models import Membership, Signatory
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)
from tests.reminders.factories import compact_with_steering_group
from tests.reminders.test_views import applications_reminded
from tests.signatories.factories import ChampionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 1)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield TODAY


def _titles(user):
    return [task.title for task in tasks_for(user)]


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    response = client.get(reverse("core:tasks"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_someone_with_no_roles_is_told_what_to_do_next(client, today):
    client.force_login(UserFactory())
    response = client.get(reverse("core:tasks"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing is waiting for you" in page
    assert reverse("signatories:signup_start") in page


def test_steering_group_sees_applications_waiting_per_compact_with_counts(today):
    compact = published_compact(name="Riverside Compact")
    other = published_compact(name="Elsewhere Compact")
    seat = SteeringGroupMemberFactory(compact=compact)
    for status in (Signatory.Status.PENDING, Signatory.Status.INFORMATION_REQUESTED):
        SignatoryFactory(compact=compact, status=status)
    SignatoryFactory(compact=compact, status=Signatory.Status.ACTIVE)
    SignatoryFactory(compact=other, status=Signatory.Status.PENDING)

    [task] = [t for t in tasks_for(seat.user) if "application" in t.title]
    assert task.title == "Decide 2 applications to sign Riverside Compact"
    assert task.count == 2
    assert task.url == reverse("signatories:queue")


def test_administrators_are_asked_for_champions_and_answers_and_members_are_not(today):
    compact = published_compact(name="Riverside Compact")
    organisation = OrganisationFactory(name="Hillside Youth Club")
    administrator = MembershipFactory(organisation=organisation).user
    member = MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user
    signature = SignatoryFactory(organisation=organisation, compact=compact)
    questioned = SignatoryFactory(
        organisation=organisation,
        compact=published_compact(name="Oakfield Compact"),
        status=Signatory.Status.INFORMATION_REQUESTED,
    )

    titles = _titles(administrator)
    assert "Appoint a compact champion for Hillside Youth Club under Riverside Compact" in titles
    assert (
        "Answer the steering group's questions about Hillside Youth Club's signature of "
        "Oakfield Compact" in titles
    )
    assert not [t for t in _titles(member) if "champion" in t or "questions" in t]

    ChampionFactory(signatory=signature)
    assert not [t for t in _titles(administrator) if "champion" in t]
    questioned.status = Signatory.Status.PENDING  # answered: back with the steering group
    questioned.save()
    assert not [t for t in _titles(administrator) if "questions" in t]
    outsider = MembershipFactory().user
    assert not [t for t in _titles(outsider) if "Hillside" in t]


def test_funding_body_is_told_of_the_last_day_to_give_notice_when_it_is_near(today):
    compact = published_compact(name="Riverside Compact")
    council = StatutoryBodyFactory(name="Demo Council")
    officer = MembershipFactory(organisation=council).user
    SignatoryFactory(organisation=council, compact=compact)
    near = FundingChangeFactory(
        compact=compact, funding_body=council, programme="Lunch club",
        status=FundingChange.Status.PLANNED, notice_given_on=None, decided_on=None,
        takes_effect_on=dt.date(2027, 1, 31), minimum_notice_months=3,
    )  # fmt: skip
    FundingChangeFactory(
        compact=compact, funding_body=council, programme="Far away",
        status=FundingChange.Status.PLANNED, notice_given_on=None, decided_on=None,
        takes_effect_on=dt.date(2028, 1, 31), minimum_notice_months=3,
    )  # fmt: skip

    [task] = [t for t in tasks_for(officer) if t.title.startswith("Give notice")]
    assert "Lunch club" in task.title
    assert task.due_on == dt.date(2026, 10, 31) == near.last_day_to_give_notice
    assert not task.overdue
    assert task.url == near.get_absolute_url()


def test_the_funded_group_is_asked_to_respond_until_it_has(today):
    compact = published_compact(name="Riverside Compact")
    group = OrganisationFactory(name="Riverside Food Bank")
    member = MembershipFactory(organisation=group, role=Membership.Role.MEMBER).user
    change = FundingChangeFactory(compact=compact, recipient=group, programme="Winter meals")
    FundingChangeFactory(
        compact=compact,
        recipient=group,
        takes_effect_on=dt.date(2026, 9, 1),
        notice_given_on=dt.date(2026, 5, 1),
    )  # already in effect

    [task] = [t for t in tasks_for(member) if t.title.startswith("Respond to")]
    assert "Winter meals" in task.title
    assert task.due_on == change.takes_effect_on
    assert task.url == reverse("accountability:funding_respond", kwargs={"pk": change.pk})

    FundingChangeResponse.objects.create(
        funding_change=change, organisation=group, author=member, text="We disagree."
    )
    assert not [t for t in tasks_for(member) if t.title.startswith("Respond to")]
    assert not [t for t in tasks_for(MembershipFactory().user) if "Winter meals" in t.title]


def test_feedback_due_on_a_closed_consultation_is_a_task_for_the_body_and_overdue_shows(
    today,
):
    council = StatutoryBodyFactory()
    officer = MembershipFactory(organisation=council).user
    compact = published_compact(name="Riverside Compact")
    late = ConsultationFactory(
        compact=compact, organisation=council, title="Parks",
        opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 6, 1),
    )  # fmt: skip
    ConsultationFactory(
        compact=compact, organisation=council, title="Done",
        opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 6, 1),
        feedback_published_on=dt.date(2026, 7, 1),
    )  # fmt: skip

    [task] = [t for t in tasks_for(officer) if t.title.startswith("Publish feedback")]
    assert "Parks" in task.title
    assert task.due_on == late.feedback_due_on()
    assert task.overdue
    assert task.url == f"{late.get_absolute_url()}#publish-feedback"


def test_late_emails_are_a_task_for_that_compacts_steering_group(today):
    compact, administrator, member = applications_reminded(2)
    Message.objects.update(status=Message.Status.FAILED, attempts=7, next_attempt_at=None)
    [task] = [t for t in tasks_for(member) if "late or not sent" in t.title]
    assert task.count == 2
    assert task.title == "2 e-mails late or not sent"
    assert task.url == reverse("outbox:late")
    assert not [t for t in tasks_for(UserFactory()) if "late or not sent" in t.title]
    other_steering = compact_with_steering_group()[2]
    assert not [t for t in tasks_for(other_steering) if "late or not sent" in t.title]


def test_tasks_come_soonest_first_with_undated_ones_last(today):
    compact = published_compact(name="Riverside Compact")
    group = OrganisationFactory(name="Riverside Food Bank")
    administrator = MembershipFactory(organisation=group).user
    SignatoryFactory(organisation=group, compact=compact)  # no champion: undated
    for month in (12, 11):
        FundingChangeFactory(compact=compact, recipient=group,
                             takes_effect_on=dt.date(2026, month, 15))  # fmt: skip

    tasks = tasks_for(administrator)
    dated = [task.due_on for task in tasks if task.due_on]
    assert dated == sorted(dated)
    assert dated[0] == dt.date(2026, 11, 15)
    assert tasks[-1].due_on is None


def test_the_page_costs_the_same_queries_however_many_tasks(
    client, today, django_assert_max_num_queries
):
    compact = published_compact(name="Riverside Compact")
    group = OrganisationFactory()
    administrator = MembershipFactory(organisation=group).user
    SteeringGroupMemberFactory(compact=compact, user=administrator)
    client.force_login(administrator)

    def add_rows(number):
        for _ in range(number):
            FundingChangeFactory(compact=compact, recipient=group)
            SignatoryFactory(compact=compact, status=Signatory.Status.PENDING)
            SignatoryFactory(compact=published_compact(principles=1), organisation=group)

    add_rows(2)
    with django_assert_max_num_queries(25) as few:
        assert client.get(reverse("core:tasks")).status_code == 200
    add_rows(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("core:tasks"))
    assert response.status_code == 200
    assert "Decide 10 applications" in response.content.decode()


def test_roles_come_from_every_app(today):
    compact = published_compact(name="Riverside Compact")
    council = StatutoryBodyFactory(name="Demo Council")
    user = MembershipFactory(organisation=council).user
    SignatoryFactory(organisation=council, compact=compact)
    SteeringGroupMemberFactory(compact=compact, user=user)

    roles = roles_of(user)
    assert roles.is_steering and roles.is_officer and roles.is_member
    assert not roles.is_mediator
    assert roles.steering_compact_ids == {compact.pk}
    assert "Officer, Demo Council" in roles.labels
    assert not roles_of(UserFactory())
