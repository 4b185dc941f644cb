import pytest
from django.core import mail
from django.urls import reverse

from reviews.models import ActionPlanEntry, HelpOffer
from reviews.selectors import collated_plans
from signatories.models import Membership, Signatory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    UserFactory,
)
from tests.reviews.factories import compact_with_template, item, plan_with

pytestmark = pytest.mark.django_db
NEED_HELP, BETTER, ALREADY = "need_help", "do_better", "already_do"


@pytest.fixture
def compact():
    return compact_with_template(name="Riverside Compact")


def signed(compact, name=None, **kwargs):
    organisation = OrganisationFactory(**({"name": name} if name else {}), **kwargs)
    SignatoryFactory(compact=compact, organisation=organisation)
    return organisation


def collated_url(compact, year=2026):
    return reverse("reviews:collated", kwargs={"compact_slug": compact.slug, "year": year})


def test_collation_counts_answers_and_finds_who_has_no_plan(compact):
    alder, birch, cedar, dogwood = (
        signed(compact, name) for name in ["Alder Trust", "Birch Group", "Cedar Centre", "Dogwood"]
    )
    plan_with(compact, alder, 2026, {"named-lead": NEED_HELP, "newsletter": NEED_HELP})
    plan_with(compact, birch, 2026, {"named-lead": NEED_HELP, "newsletter": BETTER})
    plan_with(compact, cedar, 2026, {"named-lead": ALREADY})
    plan_with(compact, dogwood, 2025, {"named-lead": NEED_HELP})  # last year's does not count
    withdrawn = SignatoryFactory(compact=compact, status=Signatory.Status.WITHDRAWN)

    collated = collated_plans(compact, 2026)

    top = collated.tallies[0]
    assert top.item == item(compact, "named-lead")
    assert (top.need_help, top.do_better, top.already_do) == (2, 0, 1)
    assert (collated.tallies[1].item.key, collated.tallies[1].need_help) == ("newsletter", 1)
    assert [organisation for organisation, _, _ in collated.asking] == [alder, birch]
    assert [i.key for i in collated.asking[0][1]] == ["named-lead", "newsletter"]
    assert [s.organisation for s in collated.without_plan] == [dogwood]
    assert withdrawn.organisation not in [s.organisation for s in collated.without_plan]
    assert (collated.plan_count, collated.signatory_count) == (3, 4)


def test_only_the_steering_group_sees_the_collated_plans(client, compact):
    url = collated_url(compact)
    assert client.get(url).status_code == 302
    member = MembershipFactory()
    SignatoryFactory(compact=compact, organisation=member.organisation)
    other_steering = SteeringGroupMemberFactory()  # of another compact
    for user in [member.user, other_steering.user, UserFactory()]:
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    assert client.get(url).status_code == 200


def test_collated_view_queries_are_bounded_for_500_signatories(
    client, compact, django_assert_max_num_queries
):
    steering = SteeringGroupMemberFactory(compact=compact)
    organisations = OrganisationFactory.create_batch(500)
    Signatory.objects.bulk_create(
        [
            SignatoryFactory.build(
                compact=compact, organisation=o, version=compact.versions.first()
            )
            for o in organisations
        ]
    )
    lines = [item(compact, key) for key in ["named-lead", "newsletter", "agendas"]]
    for index, organisation in enumerate(organisations[:300]):
        plan = plan_with(compact, organisation, 2026, {})
        ActionPlanEntry.objects.bulk_create(
            [
                ActionPlanEntry(
                    plan=plan, item=line, status=[NEED_HELP, BETTER, ALREADY][index % 3]
                )
                for line in lines
            ]
        )
    client.force_login(steering.user)

    with django_assert_max_num_queries(15):
        response = client.get(collated_url(compact))

    assert response.status_code == 200
    collated = response.context["collated"]
    assert (collated.plan_count, collated.signatory_count) == (300, 500)
    assert (collated.without_plan.paginator.count, len(collated.without_plan)) == (200, 50)
    assert (collated.asking_page.paginator.count, len(collated.asking)) == (100, 50)
    assert collated.tallies[0].need_help == 100
    assert "200 active signatories have not made a plan" in response.text

    # The second pages hold the rest, in as few queries.
    with django_assert_max_num_queries(15):
        second = client.get(collated_url(compact), {"asking_page": 2, "without_plan_page": 4})
    later = second.context["collated"]
    first_names = {o.name for o, _, _ in collated.asking}
    assert not first_names & {o.name for o, _, _ in later.asking}
    assert len(later.asking) == 50 and len(later.without_plan) == 50
    assert all(len(items) == 3 for _, items, _ in later.asking)  # every line, in order


def test_offering_help_records_it_and_emails_the_organisation(
    client, compact, django_capture_on_commit_callbacks
):
    organisation = signed(compact, "Alder Trust", email="office@alder.example")
    admin = MembershipFactory(organisation=organisation, role=Membership.Role.ADMINISTRATOR)
    MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER)
    plan_with(compact, organisation, 2026, {"named-lead": NEED_HELP})
    steering = SteeringGroupMemberFactory(compact=compact)
    client.force_login(steering.user)
    url = reverse(
        "reviews:offer_help",
        kwargs={
            "compact_slug": compact.slug,
            "year": 2026,
            "organisation_slug": organisation.slug,
        },
    )

    form_page = client.get(url)
    assert "We have a named lead or Compact Champion" in form_page.text

    empty = client.post(url, {"kind": "partnership_surgery", "message": "  "})
    assert "Write a short message saying what you offer" in empty.text
    assert not HelpOffer.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "kind": "partnership_surgery",
                "items": [item(compact, "named-lead").id],
                "message": "Come to our surgery on 3 December at the library.",
            },
            follow=True,
        )

    assert "Your offer is recorded and sent to Alder Trust." in response.text
    offer = HelpOffer.objects.get()
    assert (offer.organisation, offer.offered_by, offer.year) == (organisation, steering.user, 2026)
    assert list(offer.items.all()) == [item(compact, "named-lead")]
    [message] = mail.outbox
    assert sorted(message.to) == sorted(["office@alder.example", admin.user.email])
    assert "partnership surgery" in message.subject
    assert "Come to our surgery on 3 December" in message.body
    assert "We have a named lead or Compact Champion" in message.body
    assert "A partnership surgery" in client.get(collated_url(compact)).text


def test_only_the_steering_group_can_offer_help(client, compact):
    organisation = signed(compact)
    url = reverse(
        "reviews:offer_help",
        kwargs={
            "compact_slug": compact.slug,
            "year": 2026,
            "organisation_slug": organisation.slug,
        },
    )
    client.force_login(MembershipFactory(organisation=organisation).user)
    assert client.post(url, {"kind": "other", "message": "Hello"}).status_code == 403
    assert not HelpOffer.objects.exists()


def test_help_can_be_offered_to_a_signatory_that_did_not_ask(
    client, compact, django_capture_on_commit_callbacks
):
    organisation = signed(compact, "Cedar Centre", email="hello@cedar.example")
    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    url = reverse(
        "reviews:offer_help",
        kwargs={"compact_slug": compact.slug, "year": 2026, "organisation_slug": organisation.slug},
    )
    assert "Which of their lines" not in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"kind": "training", "message": "A briefing for your trustees?"})
    assert HelpOffer.objects.get().items.count() == 0
    assert mail.outbox[0].to == ["hello@cedar.example"]
