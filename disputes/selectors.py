"""Reads of cases, always through who is looking. Lists fetch what they show in fixed queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from commitments.models import Principle, SteeringGroupMember
from commitments.permissions import steering_compact_ids

from . import permissions
from .deadlines import DueNext, due_next, settings_for  # noqa: F401 - re-exported
from .models import Attachment, Case, MediationPanelMember, Outcome, Stage, TimelineEntry
from .stages import Role

_LIST_RELATED = (
    "compact",
    "compact__dispute_settings",
    "raised_by_organisation",
    "about_organisation",
    "mediator",
)


def cases_visible_to(*, user) -> QuerySet[Case]:
    """Every case `user` may open: their organisations' cases, cases they mediate, and the
    cases of compacts whose steering group they sit on. Drafts only for their writers."""
    if not user.is_authenticated:
        return Case.objects.none()
    own_drafts = Q(stage=Stage.DRAFT, raised_by_organisation__memberships__user=user)
    submitted = ~Q(stage=Stage.DRAFT) & (
        Q(raised_by_organisation__memberships__user=user)
        | Q(about_organisation__memberships__user=user)
        | Q(mediator=user)
        | Q(compact_id__in=steering_compact_ids(user))
    )
    ids = Case.objects.filter(own_drafts | submitted).values("pk")
    return Case.objects.filter(pk__in=ids).select_related(*_LIST_RELATED)


def case_for(*, user, pk: int) -> Case | None:
    """The case with `pk` if `user` may see it, else None (callers answer 404)."""
    case = (
        Case.objects.select_related(
            *_LIST_RELATED,
            "version",
            "raised_by",
            "funding_change__funding_body",
            "consultation__organisation",
        )
        .prefetch_related(
            Prefetch("principles", queryset=Principle.objects.order_by("position")),
            "undertakings",
        )
        .filter(pk=pk)
        .first()
    )
    if case is None or not permissions.can_view_case(user, case):
        return None
    return case


@dataclass
class CaseRow:
    """A case as a list shows it to one person, with names withheld where they must be."""

    case: Case
    raiser_label: str
    due: DueNext | None


def raiser_label(user, case: Case) -> str:
    """How the raiser is named to `user`: withheld from the other party where it asked."""
    if not permissions.can_see_raiser_name(user, case):
        return "An organisation (name withheld until mediation)"
    name = case.raised_by_organisation.name
    if case.on_behalf_of_group:
        group = (
            case.on_behalf_of_group
            if permissions.can_see_group_name(user, case)
            else "a small group whose name is withheld"
        )
        return f"{name}, on behalf of {group}"
    return name


def _rows(user, cases) -> list[CaseRow]:
    return [CaseRow(case, raiser_label(user, case), due_next(case)) for case in cases]


def case_rows_for(*, user) -> list[CaseRow]:
    """The signed-in person's cases, newest first. Costs a fixed number of queries."""
    cases = list(_with_viewer_roles(cases_visible_to(user=user), user).order_by("-created_at"))
    _prime_roles(user, cases)
    return _rows(user, cases)


def _with_viewer_roles(cases: QuerySet[Case], user) -> QuerySet[Case]:
    """Annotate whether `user` belongs to each party or steers the compact, in the same query."""
    from signatories.models import Membership

    return cases.annotate(
        viewer_in_raiser=Exists(
            Membership.objects.filter(user=user, organisation=OuterRef("raised_by_organisation"))
        ),
        viewer_in_about=Exists(
            Membership.objects.filter(user=user, organisation=OuterRef("about_organisation"))
        ),
        viewer_steers=Exists(
            SteeringGroupMember.objects.filter(user=user, compact=OuterRef("compact"))
        ),
    )


def _prime_roles(user, cases: list[Case]) -> None:
    """Fill permissions.roles_for's cache from _with_viewer_roles, so lists cost no query a row.

    Mirrors permissions.roles_for, which stays the rule; a test checks they agree.
    """
    for case in cases:
        roles = set()
        if case.viewer_in_raiser:
            roles.add(Role.RAISER)
        if case.stage != Stage.DRAFT:
            if case.viewer_in_about:
                roles.add(Role.RESPONDENT)
            if case.mediator_id == user.pk:
                roles.add(Role.MEDIATOR)
            if case.viewer_steers or user.is_superuser:
                roles.add(Role.STEERING)
        case.__dict__.setdefault("_roles_cache", {})[user.pk] = roles


@dataclass
class TimelineItem:
    entry: TimelineEntry
    author_label: str


def timeline_for(*, user, case: Case) -> list[TimelineItem]:
    """The case's timeline as `user` may see it: notes only for steering group and mediator;
    authors from the raising side unnamed to the other party while its name is withheld."""
    entries = case.timeline.select_related("author", "attachment", "corrects").prefetch_related(
        "corrections"
    )
    if not permissions.can_see_notes(user, case):
        entries = entries.filter(is_private=False)
    show_raiser = permissions.can_see_raiser_name(user, case)
    items = []
    for entry in entries:
        items.append(TimelineItem(entry, _author_label(entry, case, show_raiser)))
    return items


def _author_label(entry: TimelineEntry, case: Case, show_raiser: bool) -> str:
    person = (entry.author.full_name or "Someone") if entry.author else "Someone"
    if entry.author_side == Role.RAISER:
        if not show_raiser:
            return "The organisation that raised the concern"
        return f"{person}, {case.raised_by_organisation.name}"
    if entry.author_side == Role.RESPONDENT:
        return f"{person}, {case.about_organisation.name}"
    if entry.author_side == Role.MEDIATOR:
        return f"{person}, mediator"
    if entry.author_side == Role.STEERING:
        return f"{person}, steering group"
    return person


def attachment_for(*, user, case_pk: int, attachment_pk: int) -> Attachment | None:
    """A document of a case `user` may see, or None."""
    case = case_for(user=user, pk=case_pk)
    if case is None:
        return None
    attachment = Attachment.objects.filter(case=case, pk=attachment_pk).first()
    if attachment is None:
        return None
    # A document attached only to a private note stays with the note's readers.
    hidden = TimelineEntry.objects.filter(attachment=attachment, is_private=True).exists()
    if hidden and not permissions.can_see_notes(user, case):
        return None
    return attachment


# --- The steering group's board ---------------------------------------------------------------


@dataclass
class BoardFilters:
    compact_id: int | None = None
    principle_title: str = ""
    outcome: str = ""
    include_closed: bool = False


def board_for(*, user, filters: BoardFilters) -> dict:
    """Cases of the compacts `user` steers, grouped by stage, oldest first, with what is due.

    Fixed queries whatever the number of cases.
    """
    compact_ids = steering_compact_ids(user)
    if filters.compact_id:
        compact_ids &= {filters.compact_id}
    cases = (
        Case.objects.filter(compact_id__in=compact_ids)
        .exclude(stage=Stage.DRAFT)
        .select_related(*_LIST_RELATED)
        .prefetch_related(Prefetch("principles", queryset=Principle.objects.order_by("position")))
        .order_by("submitted_at")
    )
    if filters.principle_title:
        cases = cases.filter(principles__title=filters.principle_title).distinct()
    if filters.outcome:
        cases = cases.filter(outcome=filters.outcome)
    elif not filters.include_closed:
        cases = cases.exclude(stage=Stage.CLOSED)
    cases = list(cases)
    today = timezone.localdate()
    by_stage: dict[str, list] = defaultdict(list)
    for case in cases:
        age = (today - timezone.localdate(case.submitted_at)).days if case.submitted_at else 0
        by_stage[case.stage].append(
            {"case": case, "age_days": age, "due": due_next(case, today=today)}
        )
    columns = [
        {"stage": stage, "label": label, "rows": by_stage.get(stage, [])}
        for stage, label in Stage.choices
        if stage != Stage.DRAFT and by_stage.get(stage)
    ]
    return {"columns": columns, "total": len(cases)}


def board_choices(*, user) -> dict:
    """What the board's filters offer: the user's compacts, their principles, the outcomes."""
    compact_ids = steering_compact_ids(user)
    from commitments.models import Compact

    compacts = list(Compact.objects.filter(pk__in=compact_ids).order_by("name"))
    titles = (
        Principle.objects.filter(version__compact_id__in=compact_ids)
        .order_by("title")
        .values_list("title", flat=True)
        .distinct()
    )
    return {"compacts": compacts, "principle_titles": list(titles), "outcomes": Outcome.choices}


def steers_any_compact(user) -> bool:
    return bool(steering_compact_ids(user))


# --- Lessons and statistics -----------------------------------------------------------


def lessons_for(*, compact) -> list[dict]:
    """Closed cases' lessons for `compact`'s next review: no organisation or person named."""
    cases = (
        Case.objects.filter(compact=compact, stage=Stage.CLOSED)
        .exclude(lessons="")
        .prefetch_related(Prefetch("principles", queryset=Principle.objects.order_by("position")))
        .order_by("-closed_at")
    )
    return [
        {
            "closed_on": timezone.localdate(case.closed_at) if case.closed_at else None,
            "outcome": case.get_outcome_display(),
            "principles": [p.title for p in case.principles.all()],
            "lessons": case.lessons,
        }
        for case in cases
    ]


def _day_figures(days: list[float]) -> dict:
    """How many, and the average, median and longest of sorted spans in days."""
    if not days:
        return {"closed": 0, "average": None, "median": None, "longest": None}
    middle = len(days) // 2
    median = days[middle] if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
    return {
        "closed": len(days),
        "average": round(sum(days) / len(days), 1),
        "median": round(median, 1),
        "longest": round(days[-1], 1),
    }


def case_statistics(*, compact, year: int | None = None) -> dict:
    """Anonymous figures for `compact`'s cases (those submitted in `year`, if given).

    Returns {"total", "by_principle": [(title, count)], "by_outcome": [(label, count)],
    "days_in_stage": [(label, average days, number of stays)], "time_to_close": {"closed",
    "average", "median", "longest"} in days}. No names, no case texts: the annual report
    publishes these.
    """
    cases = Case.objects.filter(compact=compact).exclude(stage=Stage.DRAFT)
    if year is not None:
        # The year as the portal's clock (Europe/London) sees it.
        cases = cases.filter(submitted_at__year=year)
    cases = list(
        cases.prefetch_related(
            "principles",
            Prefetch(
                "timeline",
                queryset=TimelineEntry.objects.filter(kind=TimelineEntry.Kind.STAGE_CHANGE)
                .order_by("created_at", "pk")
                .only("case_id", "to_stage", "created_at"),
                to_attr="stage_changes",
            ),
        )
    )
    by_principle = Counter(p.title for case in cases for p in case.principles.all())
    by_outcome = Counter(case.outcome for case in cases if case.outcome)
    durations: dict[str, list[float]] = defaultdict(list)
    for case in cases:
        changes = case.stage_changes
        for entered, left in zip(changes, changes[1:], strict=False):
            days = (left.created_at - entered.created_at).total_seconds() / 86400
            durations[entered.to_stage].append(days)
    days_to_close = sorted(
        (case.closed_at - case.submitted_at).total_seconds() / 86400
        for case in cases
        if case.closed_at and case.submitted_at
    )
    return {
        "total": len(cases),
        "time_to_close": _day_figures(days_to_close),
        "by_principle": sorted(by_principle.items(), key=lambda item: (-item[1], item[0])),
        "by_outcome": [(label, by_outcome[value]) for value, label in Outcome.choices],
        "days_in_stage": [
            (label, round(sum(durations[stage]) / len(durations[stage]), 1), len(durations[stage]))
            for stage, label in Stage.choices
            if durations.get(stage)
        ],
    }


def cases_due_by(*, due_on, today=None) -> list[tuple[Case, DueNext]]:
    """Open cases, in every compact, whose next step is due on or before `due_on`, with it.

    For reminders: pass e.g. add_working_days(today, 2) to find what falls due within two
    working days (overdue cases are included). Costs two queries however many cases.
    """
    cases = Case.objects.exclude(stage__in=[Stage.DRAFT, Stage.CLOSED]).select_related(
        *_LIST_RELATED
    )
    found = []
    for case in cases:
        due = due_next(case, today=today)
        if due is not None and due.due_on <= due_on:
            found.append((case, due))
    return sorted(found, key=lambda pair: pair[1].due_on)


def panel_of(*, compact) -> QuerySet[MediationPanelMember]:
    return MediationPanelMember.objects.filter(compact=compact).select_related("user")


def open_cases_of_organisation(*, organisation, user) -> list[CaseRow]:
    """Open cases `organisation` is a party to that `user` may see. One query, however many."""
    if user is None or not user.is_authenticated:
        return []
    cases = (
        _with_viewer_roles(
            Case.objects.filter(
                Q(raised_by_organisation=organisation) | Q(about_organisation=organisation)
            ).exclude(stage__in=[Stage.DRAFT, Stage.CLOSED]),
            user,
        )
        .select_related(*_LIST_RELATED)
        .order_by("submitted_at")
    )
    cases = list(cases)
    _prime_roles(user, cases)
    return [row for row in _rows(user, cases) if permissions.can_view_case(user, row.case)]


def steering_group_of(compact) -> QuerySet[SteeringGroupMember]:
    return SteeringGroupMember.objects.filter(compact=compact).select_related("user")
