"""What disputes adds to a person's home (see core.roles and core.todo): mediators, and the
next step of each open case that the person (as a party, mediator or steering group) owes."""

from django.db.models import Q
from django.urls import reverse

from core.roles import MEDIATOR, Role, role_rows
from core.todo import Task, counted

from . import permissions
from .deadlines import due_next, owed_by
from .models import MediationPanelMember, Stage
from .selectors import _prime_roles, _with_viewer_roles, cases_visible_to

# Past this many, the cases a person owes are one task pointing at their list.
CASES_LISTED = 10


ROLE_KINDS = ("mediation_panel",)


def role_rows_of(user):
    """A row per compact whose mediation panel `user` is on."""
    return role_rows(
        MediationPanelMember.objects.filter(user=user),
        kind="mediation_panel", name="compact__name", compact="compact_id",
    )  # fmt: skip


def roles(row) -> list[Role]:
    return [Role(MEDIATOR, f"Mediator for {row.name}", compact_id=row.compact_id)]


def tasks(user, roles, today) -> list[Task]:
    """Open cases whose next step is owed by someone `user` is on that case, soonest first.
    Two queries (the cases with the person's roles on each, and their compacts' limits)."""
    cases = list(
        _with_viewer_roles(
            cases_visible_to(user=user).filter(~Q(stage__in=[Stage.DRAFT, Stage.CLOSED])), user
        )
    )
    _prime_roles(user, cases)
    owed = []
    for case in cases:
        due = due_next(case, today=today)
        if due is not None and owed_by(case) & permissions.roles_for(user, case):
            owed.append((case, due))
    owed.sort(key=lambda pair: pair[1].due_on)
    if len(owed) > CASES_LISTED:
        return [
            Task(
                title=f"{counted(len(owed), 'concern')} waiting for your next step",
                url=reverse("disputes:list"),
                due_on=owed[0][1].due_on,
                overdue=any(due.is_overdue for _, due in owed),
                count=len(owed),
                detail="The soonest is due on this day",
            )
        ]
    return [
        Task(
            title=f"{due.what}: {case.reference} {case.title}",
            url=case.get_absolute_url(),
            due_on=due.due_on,
            overdue=due.is_overdue,
            detail=f"{due.who}, within {due.limit_working_days} working days",
        )
        for case, due in owed
    ]
