"""The demo review template, loaded into the demo compacts (see core's load_demo command),
and a few plans and answers so that the collated view and the report have something to show.
"""

import datetime
from pathlib import Path

from commitments.models import Compact
from signatories.models import Organisation
from signatories.permissions import has_signed

from .models import ActionPlan, SelfAssessment, ToolkitQuestion
from .services import (
    action_plan_start,
    action_plan_update,
    current_year,
    self_assessment_save,
    toolkit_import,
)
from .toolkit_format import template_from_text

DEMO_TEMPLATE = Path(__file__).resolve().parent / "demo" / "toolkit.yaml"
# The demo compacts that get the template; any not loaded yet are skipped.
DEMO_COMPACT_SLUGS = ["riverside", "oakfield"]
# Riverside's demo plans: organisation slug -> {item key: (status, notes)}.
DEMO_PLANS = {
    "riverside-food-bank": {
        "named-lead": ("already_do", "Our volunteer coordinator is our champion."),
        "trustee-briefing": ("need_help", "We would like a short briefing our trustees can use."),
        "newsletter": ("do_better", "Only twice last year."),
        "reach-small-groups": ("need_help", "We do not know where to start."),
    },
    "brook-community-transport": {
        "recruitment-and-induction": ("need_help", "Our drivers' induction has no compact part."),
        "named-lead": ("do_better", "Our lead has left; we are choosing another."),
    },
    "demo-borough-council": {
        "early-notice-of-programmes": ("already_do", "Grants are announced each January."),
        "twelve-weeks": ("do_better", "Two consultations ran short last year."),
        "trustee-briefing": ("need_help", "Councillors' induction does not cover the compact."),
    },
}
DEMO_ANSWERS = {
    # year offset from this year -> {question key: (rating, notes)}
    -1: {
        "joining-is-easy": ("partly", "Sign-up was on paper; the portal replaces it."),
        "commissioners-signed": ("no", "The new health board has not signed yet."),
        "dispute-procedure": ("yes", "Written into the compact, but few know it."),
    },
    0: {
        "joining-is-easy": ("yes", "Organisations now sign up online."),
        "commissioners-signed": ("partly", "The health board signed in the spring."),
    },
}


def load(stdout) -> None:
    """Give each demo compact the demo template, and Riverside some plans and answers.
    Loading again changes nothing already there."""
    template = template_from_text(DEMO_TEMPLATE.read_text(encoding="utf-8"))
    for compact in Compact.objects.filter(slug__in=DEMO_COMPACT_SLUGS):
        result = toolkit_import(actor=None, compact=compact, template=template)
        if result.created or result.updated or result.retired:
            stdout.write(
                f"Review template for {compact.name}: {result.created} added, "
                f"{result.updated} updated."
            )
    riverside = Compact.objects.filter(slug="riverside").first()
    if riverside is not None:
        _demo_plans(riverside, stdout)
        _demo_answers(riverside, stdout)


def _demo_plans(compact, stdout) -> None:
    year = current_year()
    for slug, lines in DEMO_PLANS.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or not has_signed(organisation, compact):
            continue
        if ActionPlan.objects.filter(
            compact=compact, organisation=organisation, year=year
        ).exists():
            continue
        plan = action_plan_start(actor=None, compact=compact, organisation=organisation, year=year)
        entries = {entry.item.key: entry for entry in plan.entries.select_related("item")}
        target = datetime.date(year + 1, 3, 31)
        action_plan_update(
            actor=None,
            plan=plan,
            entries={
                entries[key].id: {"status": status, "notes": notes, "target_on": target}
                for key, (status, notes) in lines.items()
                if key in entries
            },
        )
        stdout.write(f"Demo {year} action plan of {organisation.name}.")


def _demo_answers(compact, stdout) -> None:
    questions = {
        question.key: question.id
        for question in ToolkitQuestion.objects.filter(section__compact=compact)
    }
    for offset, answers in DEMO_ANSWERS.items():
        year = current_year() + offset
        if SelfAssessment.objects.filter(compact=compact, year=year).exists():
            continue
        self_assessment_save(
            actor=None,
            compact=compact,
            year=year,
            summary="" if offset else "A year of moving the compact online.",
            answers={
                questions[key]: {"rating": rating, "notes": notes}
                for key, (rating, notes) in answers.items()
                if key in questions
            },
        )
        stdout.write(f"Demo {year} self-assessment of {compact.name}.")
