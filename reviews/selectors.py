"""Reads for the yearly review. Each makes a fixed number of queries whatever the compact holds."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from signatories.models import Signatory
from signatories.selectors import active_signatories

from .models import (
    ActionPlan,
    ActionPlanEntry,
    ActionPlanItem,
    ActionPlanTheme,
    AssessmentAnswer,
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
    """The compacts `organisation` has an open signature on, for its plans."""
    return list(
        Signatory.objects.filter(organisation=organisation, status__in=Signatory.OPEN_STATUSES)
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
    asking: list = field(default_factory=list)  # organisations that need help with it

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
    asking: list  # (organisation, [items], [offers]) for each organisation that asked for help
    without_plan: list[Signatory]
    plan_count: int
    signatory_count: int


def collated_plans(compact, year: int) -> CollatedPlans:
    """All signatories' plans for `year` put together, for the steering group. Six queries."""
    tallies = item_tallies(compact, year)
    tally_by_item = {tally.item.id: tally for tally in tallies}
    asking_entries = (
        ActionPlanEntry.objects.filter(
            plan__compact=compact, plan__year=year, status=ActionPlanEntry.Status.NEED_HELP
        )
        .select_related("plan__organisation")
        .order_by("plan__organisation__name")
    )
    by_organisation: dict[int, tuple] = {}
    for entry in asking_entries:
        organisation = entry.plan.organisation
        by_organisation.setdefault(organisation.id, (organisation, [], []))
        tally = tally_by_item.get(entry.item_id)
        if tally is not None:
            by_organisation[organisation.id][1].append(tally.item)
            tally.asking.append(organisation)
    offers = HelpOffer.objects.filter(
        compact=compact, year=year, organisation_id__in=list(by_organisation)
    )
    for offer in offers:
        by_organisation[offer.organisation_id][2].append(offer)
    has_plan = ActionPlan.objects.filter(
        compact=compact, year=year, organisation=OuterRef("organisation")
    )
    signatories = active_signatories(compact=compact).annotate(has_plan=Exists(has_plan))
    counts = signatories.aggregate(
        total=Count("id"), with_plan=Count("id", filter=Q(has_plan=True))
    )
    without_plan = list(signatories.filter(has_plan=False).order_by("organisation__name"))
    return CollatedPlans(
        year=year,
        tallies=tallies,
        asking=list(by_organisation.values()),
        without_plan=without_plan,
        plan_count=counts["with_plan"],
        signatory_count=counts["total"],
    )


def plan_years(compact) -> list[int]:
    return sorted(
        set(ActionPlan.objects.filter(compact=compact).values_list("year", flat=True)),
        reverse=True,
    )


def rating_counts(assessment: SelfAssessment | None) -> Counter:
    if assessment is None:
        return Counter()
    return Counter(
        AssessmentAnswer.objects.filter(assessment=assessment)
        .exclude(rating="")
        .values_list("rating", flat=True)
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
