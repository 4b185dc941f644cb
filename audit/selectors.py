"""Reading the history the triggers wrote, in words a steering group can follow."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from .models import AuditEvent
from .tracked import tracked_models

NOBODY = "No one signed in (the shell, a command or a background task)"
FORMER_MEMBER = "A former member"
# Columns every row has, which would only repeat what the event already says.
_UNSHOWN = {"id"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EventView:
    event: AuditEvent
    record: str
    who: str
    changes: list[Change]


def record_kinds() -> list[tuple[str, str]]:
    """(table, plural name) of every tracked kind of record, for the page's filter."""
    return [
        (model._meta.db_table, capfirst(model._meta.verbose_name_plural))
        for model, _path in tracked_models(apps)
    ]


def history_of_compact(*, compact, table: str = "") -> models.QuerySet:
    """Every recorded change to `compact`'s records, newest first; `table` narrows it to one
    kind of record."""
    events = AuditEvent.objects.filter(compact_id=compact.pk)
    if table:
        events = events.filter(table_name=table)
    return events.order_by("-at", "-id")


def _shown(field, value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return f"{moment:%-d %B %Y} at {moment:%H:%M}"
    if isinstance(field, models.DateField):
        return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
    return str(value)


def _changes(model, event: AuditEvent) -> list[Change]:
    old, new = event.old_row or {}, event.new_row or {}
    columns = {field.column: field for field in model._meta.concrete_fields} if model else {}
    changes = []
    for column in new or old:
        if column in _UNSHOWN or (old and new and old.get(column) == new.get(column)):
            continue
        field = columns.get(column)
        label = capfirst(field.verbose_name) if field is not None else column
        before = _shown(field, old.get(column)) if old else ""
        after = _shown(field, new.get(column)) if new else ""
        changes.append(Change(str(label), before, after))
    return changes


def described(events) -> list[EventView]:
    """The events of one page, with their record, person and changes in words; one query
    for the people, however many events."""
    events = list(events)
    people = get_user_model().objects.in_bulk({e.user_id for e in events if e.user_id})
    models_by_table = {model._meta.db_table: model for model, _path in tracked_models(apps)}
    views = []
    for event in events:
        model = models_by_table.get(event.table_name)
        name = capfirst(model._meta.verbose_name) if model else event.table_name
        if event.user_id is None:
            who = NOBODY
        elif event.user_id in people:
            person = people[event.user_id]
            who = person.full_name or person.email
        else:
            who = FORMER_MEMBER
        views.append(EventView(event, f"{name} {event.row_id}", who, _changes(model, event)))
    return views
