"""Factories and helpers for the reviews tests."""

import factory

from reviews.demo import DEMO_TEMPLATE
from reviews.models import ActionPlan, ActionPlanEntry, ActionPlanItem
from reviews.services import toolkit_import
from reviews.toolkit_format import template_from_text
from tests.factories import OrganisationFactory, published_compact


def compact_with_template(**kwargs):
    """A published compact with the demo review template loaded."""
    compact = published_compact(**kwargs)
    load_demo_template(compact)
    return compact


def load_demo_template(compact):
    template = template_from_text(DEMO_TEMPLATE.read_text(encoding="utf-8"))
    return toolkit_import(actor=None, compact=compact, template=template)


def item(compact, key) -> ActionPlanItem:
    return ActionPlanItem.objects.get(theme__compact=compact, key=key)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026


def plan_with(compact, organisation, year, statuses: dict[str, str]) -> ActionPlan:
    """A plan whose lines named by item key have the given statuses (others left blank)."""
    plan = ActionPlanFactory(compact=compact, organisation=organisation, year=year)
    for item_key, status in statuses.items():
        ActionPlanEntry.objects.create(plan=plan, item=item(compact, item_key), status=status)
    return plan
