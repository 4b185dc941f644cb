import datetime

import pytest
from django.urls import reverse

from core.exceptions import ApplicationError
from core.panels import panels_for
from reviews.models import ActionPlan, ActionPlanEntry, ActionPlanItem
from reviews.panels import dashboard_panel
from reviews.services import action_plan_start, action_plan_update
from signatories.models import Membership, Signatory
from tests.dates import date_boxes, typed_boxes
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    UserFactory,
)
from tests.reviews.factories import compact_with_template, item, plan_with

pytestmark = pytest.mark.django_db
NEED_HELP = ActionPlanEntry.Status.NEED_HELP


@pytest.fixture
def compact():
    return compact_with_template(name="Riverside Compact")


@pytest.fixture
def member(compact):
    membership = MembershipFactory(role=Membership.Role.MEMBER)
    SignatoryFactory(compact=compact, organisation=membership.organisation)
    return membership


def plan_url(compact, organisation, year=2026):
    return reverse(
        "reviews:action_plan",
        kwargs={
            "compact_slug": compact.slug,
            "year": year,
            "organisation_slug": organisation.slug,
        },
    )


def test_a_new_plan_has_a_line_for_every_item_of_the_template(compact, member):
    plan = action_plan_start(
        actor=member.user, compact=compact, organisation=member.organisation, year=2026
    )
    assert plan.entries.count() == ActionPlanItem.objects.filter(theme__compact=compact).count()
    assert plan.copied_from is None
    assert set(plan.entries.values_list("status", flat=True)) == {""}


def test_a_new_year_starts_as_a_copy_of_the_last(compact, member):
    organisation = member.organisation
    last = plan_with(
        compact, organisation, 2025, {"named-lead": NEED_HELP, "newsletter": "already_do"}
    )
    ActionPlanEntry.objects.filter(plan=last, item__key="named-lead").update(
        notes="No one has time", owner="Sam", target_on=datetime.date(2025, 9, 1)
    )
    retired = item(compact, "newsletter")
    retired.retired = True
    retired.save()

    plan = action_plan_start(
        actor=member.user, compact=compact, organisation=organisation, year=2026
    )

    assert plan.copied_from == last
    copied = plan.entries.get(item__key="named-lead")
    assert (copied.status, copied.notes, copied.owner, copied.target_on) == (
        NEED_HELP,
        "No one has time",
        "Sam",
        datetime.date(2025, 9, 1),
    )
    assert not plan.entries.filter(item=retired).exists()
    # Last year's plan is left as it was.
    assert last.entries.get(item__key="named-lead").status == NEED_HELP


def test_a_plan_is_started_once_and_only_by_a_signatory(compact, member):
    action_plan_start(
        actor=member.user, compact=compact, organisation=member.organisation, year=2026
    )
    with pytest.raises(ApplicationError, match="already a plan for 2026"):
        action_plan_start(
            actor=member.user, compact=compact, organisation=member.organisation, year=2026
        )
    stranger = OrganisationFactory()
    with pytest.raises(ApplicationError, match="has not signed up"):
        action_plan_start(actor=None, compact=compact, organisation=stranger, year=2026)
    withdrawn = SignatoryFactory(compact=compact, status=Signatory.Status.WITHDRAWN)
    with pytest.raises(ApplicationError, match="has not signed up"):
        action_plan_start(
            actor=None, compact=compact, organisation=withdrawn.organisation, year=2026
        )


def test_an_update_refuses_lines_of_another_plan(compact, member):
    plan = action_plan_start(
        actor=None, compact=compact, organisation=member.organisation, year=2026
    )
    other = plan_with(compact, OrganisationFactory(), 2026, {"named-lead": NEED_HELP})
    foreign = other.entries.get().id
    with pytest.raises(ApplicationError, match="do not belong to this plan"):
        action_plan_update(actor=None, plan=plan, entries={foreign: {"status": "already_do"}})
    assert other.entries.get().status == NEED_HELP


def test_a_member_starts_and_fills_in_the_plan(client, compact, member):
    client.force_login(member.user)
    url = plan_url(compact, member.organisation)

    assert "Start the 2026 plan" in client.get(url).text
    response = client.post(url, follow=True)
    assert "Your 2026 plan is ready to fill in." in response.text
    plan = ActionPlan.objects.get(organisation=member.organisation, year=2026)
    line = plan.entries.get(item__key="named-lead")

    response = client.post(
        url,
        {
            f"e{line.id}-status": NEED_HELP,
            f"e{line.id}-notes": "We need a volunteer",
            f"e{line.id}-owner": "Pat",
            **date_boxes(f"e{line.id}-target_on", datetime.date(2027, 3, 31)),
        },
        follow=True,
    )

    assert "Your 2026 action plan is saved." in response.text
    line.refresh_from_db()
    assert (line.status, line.notes, line.owner, line.target_on) == (
        NEED_HELP,
        "We need a volunteer",
        "Pat",
        datetime.date(2027, 3, 31),
    )


def test_a_bad_date_is_shown_on_the_page_and_nothing_typed_is_lost(client, compact, member):
    plan = action_plan_start(
        actor=None, compact=compact, organisation=member.organisation, year=2026
    )
    line = plan.entries.get(item__key="named-lead")
    client.force_login(member.user)

    response = client.post(
        plan_url(compact, member.organisation),
        {
            f"e{line.id}-status": NEED_HELP,
            f"e{line.id}-notes": "Typed with care",
            **typed_boxes(f"e{line.id}-target_on", "31", "Febtember", "2027"),
        },
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Date to do it by must be a real date" in response.text
    assert f'href="#id_e{line.id}-target_on-month"' in response.text  # the box at fault
    assert 'value="Febtember"' in response.text and 'value="31"' in response.text
    assert "Typed with care" in response.text
    assert f'value="{NEED_HELP}" checked' in response.text
    line.refresh_from_db()
    assert (line.status, line.notes) == ("", "")


def test_an_organisation_sees_only_its_own_plans(client, compact, member):
    plan_with(compact, member.organisation, 2026, {"named-lead": NEED_HELP})
    url = plan_url(compact, member.organisation)

    outsider = MembershipFactory(role=Membership.Role.ADMINISTRATOR)
    SignatoryFactory(compact=compact, organisation=outsider.organisation)
    steering = SteeringGroupMemberFactory(compact=compact)
    for user in [outsider.user, steering.user, UserFactory()]:
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    assert ActionPlan.objects.filter(organisation=member.organisation).count() == 1

    client.force_login(member.user)
    assert client.get(url).status_code == 200


def test_the_reviews_home_lists_only_my_organisations(client, compact, member):
    other = SignatoryFactory(compact=compact)
    client.force_login(member.user)
    response = client.get(reverse("reviews:home"))
    assert member.organisation.name in response.text
    assert other.organisation.name not in response.text


def test_dashboard_panel_shows_this_years_plan_to_members_only(
    compact, member, django_assert_max_num_queries
):
    plan = plan_with(
        compact,
        member.organisation,
        datetime.date.today().year,
        {"named-lead": NEED_HELP, "newsletter": NEED_HELP, "agendas": "already_do"},
    )
    plan_with(compact, member.organisation, 2020, {"named-lead": NEED_HELP})  # another year
    second = compact_with_template(name="Second Compact")
    SignatoryFactory(compact=second, organisation=member.organisation)
    # Other apps register panels too: count only this one's queries.
    with django_assert_max_num_queries(1):
        context = dashboard_panel(member.organisation, member.user)
    shown = dict(panels_for("organisation_dashboard", member.organisation, member.user))
    assert shown["reviews/_dashboard_panel.html"]["rows"] == context["rows"]
    assert context["rows"] == [(compact, plan.id, 2), (second, None, 0)]
    stranger = UserFactory()
    assert dashboard_panel(member.organisation, stranger) is None
    assert "reviews/_dashboard_panel.html" not in dict(
        panels_for("organisation_dashboard", member.organisation, stranger)
    )
