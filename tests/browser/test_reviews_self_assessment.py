"""The steering group answers its self-assessment with the portal's evidence beside the
questions and last year's answers beside this year's."""

import datetime

import pytest

from reviews.models import AssessmentAnswer, ToolkitQuestion
from reviews.services import self_assessment_save
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
)
from tests.reviews.factories import compact_with_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_steering_group_answers_with_evidence_and_last_year_beside(page):
    year = datetime.date.today().year
    compact = compact_with_template(name="Riverside Compact")
    SignatoryFactory(
        compact=compact,
        organisation=StatutoryBodyFactory(name="Riverside Health Board"),
        signed_on=datetime.date(year, 3, 3),
    )
    steering = SteeringGroupMemberFactory(compact=compact)
    joining = ToolkitQuestion.objects.get(section__compact=compact, key="joining-is-easy")
    self_assessment_save(
        actor=steering.user,
        compact=compact,
        year=year - 1,
        summary="",
        answers={joining.id: {"rating": "no", "notes": "Paper forms only."}},
    )

    sign_in(page, steering.user.email, PASSWORD)
    page.goto(f"/reviews/{compact.slug}/self-assessment/{year}/")
    assert_accessible(page)
    signed_up = page.locator("#question-commissioners-signed")
    assert "Riverside Health Board" in signed_up.inner_text()
    assert "1 statutory body has signed" in signed_up.inner_text()
    question = page.locator("#question-joining-is-easy")
    assert "Paper forms only." in question.inner_text()

    question.get_by_label("Yes").check()
    question.get_by_label("Notes").fill("Organisations sign up online now.")
    page.get_by_label("Summary of the year").fill("The first year online.")
    page.get_by_role("button", name="Save the self-assessment").click()
    assert page.get_by_text(f"The {year} self-assessment is saved.").is_visible()
    assert_accessible(page)
    answer = AssessmentAnswer.objects.get(assessment__year=year, question=joining)
    assert (answer.rating, answer.notes) == ("yes", "Organisations sign up online now.")

    page.goto(f"/reviews/{compact.slug}/report/{year}/")
    assert "Organisations sign up online now." in page.locator("#self-assessment").inner_text()
    assert_accessible(page)
