"""Your tasks: what waits for a person, gathered from every app without core importing any.

Each app registers a task source in AppConfig.ready(): `register_task_source(source)`, where
`source(user, roles, today)` returns a list of `Task`s for that person in a fixed number
of queries (whatever the rows), and nothing for a role they do not hold (`roles` is
`core.roles.roles_of(user)`, so a source can skip its queries cheaply). Counts belong in
the task ("3 applications waiting"), so the page stays short however much waits.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Task:
    """One thing to do: what, where it is done, by when (None: no date), and how many."""

    title: str
    url: str
    due_on: datetime.date | None = None
    count: int = 1
    detail: str = ""  # e.g. who owes it, or which compact
    overdue: bool = False


_sources: list[Callable] = []


def register_task_source(source: Callable) -> None:
    """`source(user, roles, today) -> list[Task]`, registered once however often ready() runs."""
    if source not in _sources:
        _sources.append(source)


def _order(task: Task):
    # Soonest first; the undated (e.g. "appoint a champion") after every dated one.
    return (task.due_on is None, task.due_on or datetime.date.max, task.title)


def tasks_for(user, *, today: datetime.date | None = None) -> list[Task]:
    """Everything every app says waits for `user`, soonest first. Anonymous: nothing."""
    if not getattr(user, "is_authenticated", False):
        return []
    from .roles import roles_of

    today = today or timezone.localdate()
    roles = roles_of(user)
    tasks = []
    for source in _sources:
        tasks.extend(source(user, roles, today))
    return sorted(tasks, key=_order)


def counted(number: int, singular: str, plural: str = "") -> str:
    """ "1 application", "3 applications", "2 people": how a task says how many."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
