import datetime

import pytest
from django.urls import reverse

from reviews.models import AssessmentAnswer, SelfAssessment, ToolkitQuestion
from reviews.services import self_assessment_save
from signatories.models import Membership
from tests.factories import (
    MembershipFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    UserFactory,
)
from tests.reviews.factories import compact_with_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def compact():
    return compact_with_template(name="Riverside Compact")


def url(compact, year=2026):
    return reverse("reviews:self_assessment", kwargs={"compact_slug": compact.slug, "year": year})


def question(key):
    return ToolkitQuestion.objects.get(key=key)


def test_answers_are_saved_and_last_years_shown_beside(client, compact):
    steering = SteeringGroupMemberFactory(compact=compact)
    self_assessment_save(
        actor=steering.user,
        compact=compact,
        year=2025,
        summary="",
        answers={question("joining-is-easy").id: {"rating": "no", "notes": "Paper forms only"}},
    )
    client.force_login(steering.user)

    page = client.get(url(compact))
    assert page.status_code == 200
    assert "Paper forms only" in page.text
    assert "Last year (2025)" in page.text

    joining = question("joining-is-easy")
    response = client.post(
        url(compact),
        {
            f"q{joining.id}-rating": "yes",
            f"q{joining.id}-notes": "Sign up online now",
            "summary": "Good progress",
        },
        follow=True,
    )

    assert "The 2026 self-assessment is saved." in response.text
    answer = AssessmentAnswer.objects.get(assessment__year=2026, question=joining)
    assert (answer.rating, answer.notes) == ("yes", "Sign up online now")
    assert SelfAssessment.objects.get(year=2026).summary == "Good progress"
    # Last year's answer is untouched.
    assert AssessmentAnswer.objects.get(assessment__year=2025).notes == "Paper forms only"


def test_evidence_is_shown_beside_its_question(client, compact):
    SignatoryFactory(
        compact=compact,
        organisation=StatutoryBodyFactory(name="Riverside NHS Board"),
        signed_on=datetime.date(2026, 3, 3),
    )
    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    page = client.get(url(compact))
    assert "What the portal's records show" in page.text
    assert "1 statutory body has signed by the end of 2026, 1 of them during 2026." in page.text
    assert "Riverside NHS Board" in page.text
    assert "3 March 2026" in page.text


def test_a_bad_answer_keeps_what_was_typed(client, compact):
    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    joining = question("joining-is-easy")
    response = client.post(
        url(compact),
        {
            f"q{joining.id}-rating": "maybe",
            f"q{joining.id}-notes": "Notes kept",
            "summary": "Kept",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Notes kept" in response.text
    assert not SelfAssessment.objects.exists()


def test_questions_of_another_compact_are_refused(compact):
    other = compact_with_template(name="Other Compact")
    foreign = ToolkitQuestion.objects.filter(section__compact=other).first()
    with pytest.raises(Exception, match="does not ask"):
        self_assessment_save(
            actor=None,
            compact=compact,
            year=2026,
            summary="",
            answers={foreign.id: {"rating": "yes", "notes": ""}},
        )


def test_only_the_steering_group_answers(client, compact):
    member = MembershipFactory(role=Membership.Role.ADMINISTRATOR)
    SignatoryFactory(compact=compact, organisation=member.organisation)
    for user in [member.user, SteeringGroupMemberFactory().user, UserFactory()]:
        client.force_login(user)
        assert client.get(url(compact)).status_code == 403
        assert client.post(url(compact), {"summary": "x"}).status_code == 403
    assert not SelfAssessment.objects.exists()
    client.logout()
    assert client.get(url(compact)).status_code == 302


def test_self_assessment_page_queries_are_bounded(client, compact, django_assert_max_num_queries):
    for _ in range(40):
        SignatoryFactory(compact=compact, organisation=StatutoryBodyFactory())
    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    with django_assert_max_num_queries(16):
        assert client.get(url(compact)).status_code == 200
