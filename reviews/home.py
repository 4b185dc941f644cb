"""What reviews adds to "Your tasks" (see core.todo): this year's action plans not started,
and, for steering groups, this year's self-assessment not started."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse

from commitments.models import Compact
from core.roles import MEMBER, STEERING
from core.todo import Task
from signatories.models import Signatory

from .models import ActionPlan, ActionPlanTheme, SelfAssessment, ToolkitSection


def tasks(user, roles, today: datetime.date) -> list[Task]:
    """Two queries: the organisations' signatures without a plan this year, and the steered
    compacts without a self-assessment this year (each only where the compact has a template)."""
    year = today.year  # a review year is the calendar year; its plans are due by its end
    year_end = datetime.date(year, 12, 31)
    found = []
    organisation_ids = roles.organisation_ids(MEMBER)
    if organisation_ids:
        has_plan = ActionPlan.objects.filter(
            compact=OuterRef("compact"), organisation=OuterRef("organisation"), year=year
        )
        has_template = ActionPlanTheme.objects.filter(compact=OuterRef("compact"), retired=False)
        signatures = (
            Signatory.objects.filter(
                organisation_id__in=organisation_ids, status=Signatory.Status.ACTIVE
            )
            .filter(Exists(has_template), ~Exists(has_plan))
            .select_related("organisation", "compact")
            .order_by("organisation__name", "compact__name")
        )
        for signature in signatures:
            found.append(
                Task(
                    title=f"Start {signature.organisation.name}'s {year} action plan for "
                    f"{signature.compact.name}",
                    url=reverse(
                        "reviews:action_plan",
                        kwargs={
                            "compact_slug": signature.compact.slug,
                            "year": year,
                            "organisation_slug": signature.organisation.slug,
                        },
                    ),
                    due_on=year_end,
                    detail="The plan starts from last year's, if there was one",
                )
            )
    compact_ids = roles.compact_ids(STEERING)
    if compact_ids:
        has_assessment = SelfAssessment.objects.filter(compact=OuterRef("pk"), year=year)
        has_toolkit = ToolkitSection.objects.filter(compact=OuterRef("pk"), retired=False)
        compacts = (
            Compact.objects.filter(pk__in=compact_ids)
            .filter(Exists(has_toolkit), ~Exists(has_assessment))
            .order_by("name")
        )
        for compact in compacts:
            found.append(
                Task(
                    title=f"Start the {year} self-assessment of {compact.name}",
                    url=reverse(
                        "reviews:self_assessment",
                        kwargs={"compact_slug": compact.slug, "year": year},
                    ),
                    due_on=year_end,
                    detail="Is the compact working? The steering group answers the toolkit",
                )
            )
    return found
