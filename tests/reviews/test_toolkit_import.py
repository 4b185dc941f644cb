import io

import pytest
from django.core.management import CommandError, call_command

from core.exceptions import ApplicationError
from reviews import demo
from reviews.models import (
    ActionPlanItem,
    ActionPlanTheme,
    AssessmentAnswer,
    SelfAssessment,
    ToolkitQuestion,
    ToolkitSection,
)
from reviews.selectors import action_plan_themes, toolkit_of
from reviews.services import toolkit_import
from reviews.toolkit_format import template_from_text
from tests.factories import CompactFactory, published_compact
from tests.reviews.factories import load_demo_template

pytestmark = pytest.mark.django_db

SMALL = """
self_assessment:
  - key: reach
    title: Reach
    questions:
      - key: who-signed
        text: Who has signed?
        evidence: statutory_signatories
      - key: easy
        text: Is it easy to join?
action_plan:
  - key: staff
    title: Staff
    items:
      - key: induction
        text: Induction covers the compact
"""


def test_the_demo_template_has_the_eight_sections_and_six_themes():
    compact = published_compact()
    load_demo_template(compact)

    sections = toolkit_of(compact)
    assert [s.title for s in sections] == [
        "Membership and reach",
        "Policy and priorities",
        "Procedures and systems",
        "Training and induction",
        "The condition of the sector and relations between sectors",
        "Publicity and communication",
        "Trouble shooting",
        "Looking ahead",
    ]
    assert all(section.questions.all() for section in sections)
    themes = action_plan_themes(compact)
    assert len(themes) == 6
    assert themes[0].title == "Staff and volunteer awareness"


def test_loading_again_changes_nothing():
    compact = published_compact()
    first = load_demo_template(compact)
    counts = (ToolkitQuestion.objects.count(), ActionPlanItem.objects.count())

    second = load_demo_template(compact)

    assert first.created == sum(counts) + ToolkitSection.objects.count() + 6
    assert (second.created, second.updated, second.retired) == (0, 0, 0)
    assert (ToolkitQuestion.objects.count(), ActionPlanItem.objects.count()) == counts


def test_a_revised_template_updates_by_key_and_keeps_past_answers():
    compact = CompactFactory()
    toolkit_import(actor=None, compact=compact, template=template_from_text(SMALL))
    dropped = ToolkitQuestion.objects.get(key="easy")
    assessment = SelfAssessment.objects.create(compact=compact, year=2025)
    AssessmentAnswer.objects.create(assessment=assessment, question=dropped, rating="yes")

    revised = SMALL.replace("Who has signed?", "Which bodies have signed?").replace(
        "      - key: easy\n        text: Is it easy to join?\n", ""
    )
    result = toolkit_import(actor=None, compact=compact, template=template_from_text(revised))

    assert (result.created, result.updated, result.retired) == (0, 1, 1)
    assert ToolkitQuestion.objects.get(key="who-signed").text == "Which bodies have signed?"
    dropped.refresh_from_db()
    assert dropped.retired
    assert AssessmentAnswer.objects.filter(question=dropped).exists()
    assert [q.key for s in toolkit_of(compact) for q in s.questions.all()] == ["who-signed"]


def test_each_compact_has_its_own_template():
    one, other = CompactFactory(), CompactFactory()
    toolkit_import(actor=None, compact=one, template=template_from_text(SMALL))
    assert toolkit_of(other) == []
    assert ActionPlanTheme.objects.filter(compact=other).count() == 0


def test_the_template_may_sit_under_toolkit_in_a_compact_file():
    wrapped = "name: Some compact\ntoolkit:\n" + "\n".join(
        "  " + line for line in SMALL.splitlines()
    )
    template = template_from_text(wrapped)
    assert [s.key for s in template.sections] == ["reach"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("self_assessment: [", "not valid YAML near line"),
        ("- just a list", "must start with"),
        (SMALL.replace("key: easy", "key: Easy Question"), "small letters, numbers and hyphens"),
        (SMALL.replace("key: easy", "key: who-signed"), "the key 'who-signed' is used twice"),
        (
            SMALL.replace("statutory_signatories", "crystal_ball"),
            "no evidence called 'crystal_ball'",
        ),
        (SMALL.replace("text: Is it easy to join?", "text: ''"), "needs some text"),
        (SMALL + "colour: blue\n", "parts the portal does not know"),
        ("format: compact-portal/1\n" + SMALL, "the portal reads"),
        ("self_assessment: []\n", "neither self-assessment questions nor plan items"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(text, message):
    with pytest.raises(ApplicationError) as refused:
        template_from_text(text)
    assert message in refused.value.message


def test_the_command_loads_a_file_and_reports_bad_ones(tmp_path):
    compact = CompactFactory(slug="riverside")
    good = tmp_path / "toolkit.yaml"
    good.write_text(SMALL)
    out = io.StringIO()

    call_command("import_toolkit", "riverside", str(good), stdout=out)

    assert "5 added" in out.getvalue()  # a section, two questions, a theme and its item
    assert ToolkitQuestion.objects.filter(section__compact=compact).count() == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("statutory_signatories", "crystal_ball"))
    with pytest.raises(CommandError, match="crystal_ball"):
        call_command("import_toolkit", "riverside", str(bad))
    with pytest.raises(CommandError, match="no compact with the slug"):
        call_command("import_toolkit", "nowhere", str(good))


def test_demo_loader_is_idempotent_and_skips_missing_compacts():
    CompactFactory(name="Riverside Borough Compact", slug="riverside")
    out = io.StringIO()

    demo.load(out)
    demo.load(out)

    assert ToolkitSection.objects.filter(compact__slug="riverside").count() == 8
    assert ToolkitSection.objects.count() == 8  # no Oakfield compact, nothing made for it
    assert out.getvalue().count("Review template for Riverside Borough Compact") == 1


def test_demo_gives_riverside_plans_and_answers_once():
    from reviews.models import ActionPlan, SelfAssessment
    from tests.factories import CompactVersionFactory, OrganisationFactory, SignatoryFactory

    riverside = CompactFactory(name="Riverside Borough Compact", slug="riverside")
    CompactVersionFactory(compact=riverside)
    food_bank = OrganisationFactory(name="Riverside Food Bank", slug="riverside-food-bank")
    SignatoryFactory(compact=riverside, organisation=food_bank)
    OrganisationFactory(name="Brook Community Transport", slug="brook-community-transport")

    demo.load(io.StringIO())
    demo.load(io.StringIO())

    plan = ActionPlan.objects.get()
    assert plan.organisation == food_bank  # Brook has not signed: no plan for it
    assert plan.entries.filter(status="need_help").count() == 2
    assert SelfAssessment.objects.filter(compact=riverside).count() == 2
