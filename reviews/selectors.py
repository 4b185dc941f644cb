"""Reads for the yearly review. Each makes a fixed number of queries whatever the compact holds."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from signatories.models import Organisation, Signatory
from signatories.selectors import active_signatories

from .models import (
    ActionPlan,
    ActionPlanEntry,
    ActionPlanItem,
    ActionPlanTheme,
    HelpOffer,
    SelfAssessment,
    ToolkitQuestion,
    ToolkitSection,
)


def toolkit_of(compact) -> list[ToolkitSection]:
    """The compact's toolkit sections in order, each with its current questions."""
    questions = ToolkitQuestion.objects.filter(retired=False).order_by("position")
    return list(
        ToolkitSection.objects.filter(compact=compact, retired=False)
        .order_by("position")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


def action_plan_themes(compact) -> list[ActionPlanTheme]:
    """The compact's action-plan template: themes in order, each with its current items."""
    items = ActionPlanItem.objects.filter(retired=False).order_by("position")
    return list(
        ActionPlanTheme.objects.filter(compact=compact, retired=False)
        .order_by("position")
        .prefetch_related(Prefetch("items", queryset=items))
    )


def answers_by_question(compact, year: int) -> tuple[SelfAssessment | None, dict]:
    """The self-assessment of `year` (or None) and its answers keyed by question id."""
    assessment = SelfAssessment.objects.filter(compact=compact, year=year).first()
    if assessment is None:
        return None, {}
    return assessment, {answer.question_id: answer for answer in assessment.answers.all()}


def plan_signatory_compacts(organisation) -> list[Signatory]:
    """The compacts `organisation` has signed (an active signature), for its plans."""
    return list(
        Signatory.objects.active()
        .filter(organisation=organisation)
        .select_related("compact")
        .order_by("compact__name")
    )


def action_plan_of(*, compact, organisation, year: int) -> ActionPlan | None:
    return ActionPlan.objects.filter(compact=compact, organisation=organisation, year=year).first()


def plan_entries_by_theme(plan: ActionPlan) -> list[tuple[ActionPlanTheme, list[ActionPlanEntry]]]:
    """A plan's entries grouped under their themes, in template order, in one query."""
    entries = plan.entries.select_related("item__theme").order_by(
        "item__theme__position", "item__position"
    )
    grouped: dict[int, tuple] = {}
    for entry in entries:
        theme = entry.item.theme
        grouped.setdefault(theme.id, (theme, []))[1].append(entry)
    return list(grouped.values())


@dataclass
class ItemTally:
    item: ActionPlanItem
    counts: dict = field(default_factory=dict)

    @property
    def need_help(self) -> int:
        return self.counts.get(ActionPlanEntry.Status.NEED_HELP, 0)

    @property
    def do_better(self) -> int:
        return self.counts.get(ActionPlanEntry.Status.DO_BETTER, 0)

    @property
    def already_do(self) -> int:
        return self.counts.get(ActionPlanEntry.Status.ALREADY_DO, 0)


def item_tallies(compact, year: int) -> list[ItemTally]:
    """Every current plan item with how many of `year`'s plans gave each answer, most
    needed help first. Two queries."""
    items = {
        item.id: item
        for item in ActionPlanItem.objects.filter(
            theme__compact=compact, retired=False
        ).select_related("theme")
    }
    tallies = {item_id: ItemTally(item=item) for item_id, item in items.items()}
    counted = (
        ActionPlanEntry.objects.filter(plan__compact=compact, plan__year=year)
        .exclude(status="")
        .values("item_id", "status")
        .annotate(number=Count("id"))
    )
    for row in counted:
        if row["item_id"] in tallies:
            tallies[row["item_id"]].counts[row["status"]] = row["number"]
    return sorted(
        tallies.values(),
        key=lambda t: (-t.need_help, -t.do_better, t.item.theme.position, t.item.position),
    )


@dataclass
class CollatedPlans:
    year: int
    tallies: list[ItemTally]
    # A page of (organisation, [items it needs help with], [offers made]) and its Page object.
    asking: list
    asking_page: Page
    without_plan: Page  # active signatories with no plan for the year, a page at a time
    plan_count: int
    signatory_count: int


COLLATED_PAGE_SIZE = 50


def collated_plans(
    compact,
    year: int,
    *,
    asking_page: int = 1,
    without_plan_page: int = 1,
    per_page: int = COLLATED_PAGE_SIZE,
) -> CollatedPlans:
    """All signatories' plans for `year` put together, for the steering group.

    The two lists of organisations come a page at a time, so the page stays the same
    size and the queries the same in number however many signatories the compact has.
    """
    tallies = item_tallies(compact, year)
    item_by_id = {tally.item.id: tally.item for tally in tallies}
    need_help = ActionPlanEntry.objects.filter(
        plan__compact=compact, plan__year=year, status=ActionPlanEntry.Status.NEED_HELP
    )
    asking_organisations = Organisation.objects.filter(
        Exists(need_help.filter(plan__organisation=OuterRef("pk")))
    ).order_by("name", "pk")
    page = Paginator(asking_organisations, per_page).get_page(asking_page)
    by_organisation = {organisation.id: (organisation, [], []) for organisation in page}
    entries = need_help.filter(plan__organisation_id__in=list(by_organisation)).values_list(
        "plan__organisation_id", "item_id"
    )
    for organisation_id, item_id in entries:
        if item_id in item_by_id:
            by_organisation[organisation_id][1].append(item_by_id[item_id])
    for _, items, _ in by_organisation.values():
        items.sort(key=lambda item: (item.theme.position, item.position))
    offers = HelpOffer.objects.filter(
        compact=compact, year=year, organisation_id__in=list(by_organisation)
    )
    for offer in offers:
        by_organisation[offer.organisation_id][2].append(offer)
    # NOT IN over the year's plans, which PostgreSQL hashes once, rather than NOT EXISTS per
    # signatory, whose plan depends on fresh table statistics.
    planned = ActionPlan.objects.filter(compact=compact, year=year).values("organisation_id")
    signatories = active_signatories(compact=compact)
    counts = signatories.aggregate(
        total=Count("id"), with_plan=Count("id", filter=Q(organisation_id__in=planned))
    )
    without_plan = Paginator(
        signatories.exclude(organisation_id__in=planned).order_by("organisation__name", "pk"),
        per_page,
    ).get_page(without_plan_page)
    return CollatedPlans(
        year=year,
        tallies=tallies,
        asking=list(by_organisation.values()),
        asking_page=page,
        without_plan=without_plan,
        plan_count=counts["with_plan"],
        signatory_count=counts["total"],
    )


def plans_of_organisation(organisation, years) -> dict:
    """{(compact id, year): plan} for the organisation's plans in `years`."""
    plans = ActionPlan.objects.filter(organisation=organisation, year__in=list(years))
    return {(plan.compact_id, plan.year): plan for plan in plans}


def need_help_counts(plans) -> dict[int, int]:
    """How many lines of each plan are marked as needing help, keyed by plan id."""
    counted = (
        ActionPlanEntry.objects.filter(
            plan__in=list(plans), status=ActionPlanEntry.Status.NEED_HELP
        )
        .values("plan_id")
        .annotate(number=Count("id"))
    )
    result = defaultdict(int)
    for row in counted:
        result[row["plan_id"]] = row["number"]
    return result
