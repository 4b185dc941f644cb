"""What the portal holds about one person, and erasing it, without core importing any app.

UK GDPR gives a person the right to see everything held about them (subject access) and,
on request, to have it erased. Each app knows its own tables, so each registers, in its
`AppConfig.ready()` (in its `personal_data.py`):

- `register_personal_data_source(source)`: `source(person) -> list[Section]`, the rows
  that app holds about the person, as plain strings (so one list serves the readable page
  and the JSON download alike);
- `register_eraser_rule(rule)`: who besides staff may erase whom (a steering group's
  administrators, the people of their compact);
- `register_erasure_handler(handler)`: `handler(*, person, former_member)` runs inside the
  erasure's transaction, before the account is deleted. It deletes what is only the
  person's (their preferences, their requests), points what must stay (a timeline entry,
  a funding change's history) at `former_member` ("A former member", an account nobody
  can sign in to) and removes their own words where they are personal. After every
  handler, no row may still refer to the person except through a foreign key that
  cascades.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

FORMER_MEMBER = "A former member"
# What is left where a former member's own words were.
WORDS_REMOVED = "This text was removed when its author's personal data was erased."


@dataclass
class Section:
    """One kind of record: `key` names it in the download, `title` on the page; each row
    maps a column label to the text shown."""

    key: str
    title: str
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []


_sources: list[Callable] = []
_erasure_handlers: list[Callable] = []
_eraser_rules: list[Callable] = []


def register_personal_data_source(source: Callable) -> None:
    """`source(person) -> list[Section]`, registered once however often ready() runs."""
    if source not in _sources:
        _sources.append(source)


def register_erasure_handler(handler: Callable) -> None:
    """`handler(*, person, former_member)`, registered once however often ready() runs."""
    if handler not in _erasure_handlers:
        _erasure_handlers.append(handler)


def register_eraser_rule(rule: Callable) -> None:
    """`rule(actor, person) -> bool`: may `actor` erase `person`? With `person` None: may
    `actor` erase anyone at all (whether to offer the page). Staff need no rule."""
    if rule not in _eraser_rules:
        _eraser_rules.append(rule)


def any_eraser_rule(actor, person) -> bool:
    return any(rule(actor, person) for rule in _eraser_rules)


def personal_data_of(person) -> list[Section]:
    """Every app's sections about `person`, in app order; sections with no rows left out."""
    sections = []
    for source in _sources:
        sections.extend(section for section in source(person) if section.rows)
    return sections


def erase_from_every_app(*, person, former_member) -> None:
    """Run every app's erasure handler; the caller holds the transaction and deletes the
    account afterwards (accounts.services.person_erase)."""
    for handler in _erasure_handlers:
        handler(person=person, former_member=former_member)


def reassign(fields_by_model: dict, *, person, former_member) -> None:
    """Point every `{Model: (field, ...)}` foreign key that names `person` at `former_member`."""
    for model, fields in fields_by_model.items():
        for name in fields:
            model.objects.filter(**{name: person}).update(**{name: former_member})


def as_text(value) -> str:
    """How a value reads in a personal data section: dates as "3 March 2026"."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def row(columns: dict) -> dict[str, str]:
    """A section row: each column label with its value as text."""
    return {label: as_text(value) for label, value in columns.items()}
