"""The steering group answers its self-assessment with the portal's evidence beside the
questions and last year's answers beside this year's."""

import datetime

import pytest
from playwright.sync_api import expect

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
    expect(signed_up).to_contain_text("Riverside Health Board")
    expect(signed_up).to_contain_text("1 statutory body has signed")
    question = page.locator("#question-joining-is-easy")
    expect(question).to_contain_text("Paper forms only.")

    question.get_by_label("Yes").check()
    question.get_by_label("Notes").fill("Organisations sign up online now.")
    page.get_by_label("Summary of the year").fill("The first year online.")
    page.get_by_role("button", name="Save the self-assessment").click()
    expect(page.get_by_text(f"The {year} self-assessment is saved.")).to_be_visible()
    assert_accessible(page)
    answer = AssessmentAnswer.objects.get(assessment__year=year, question=joining)
    assert (answer.rating, answer.notes) == ("yes", "Organisations sign up online now.")

    page.goto(f"/reviews/{compact.slug}/report/{year}/")
    expect(page.locator("#self-assessment")).to_contain_text("Organisations sign up online now.")
    assert_accessible(page)
