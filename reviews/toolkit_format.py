"""Reading a compact's review template (self-assessment toolkit and action-plan template) from YAML.

The format is described in docs/toolkit-format.md. This module only reads and checks
the text; reviews.services.toolkit_import writes it.
"""

import re
from dataclasses import dataclass, field

import yaml

from core.exceptions import ApplicationError

FORMAT = "compact-portal/review-template/1"
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class TemplateEntry:
    key: str
    text: str
    evidence: str = ""


@dataclass
class TemplateGroup:
    key: str
    title: str
    entries: list[TemplateEntry] = field(default_factory=list)


@dataclass
class ReviewTemplate:
    sections: list[TemplateGroup]
    themes: list[TemplateGroup]


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ApplicationError(f"{where} needs some text.")
    return " ".join(value.split())


def _key(value, where: str) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise ApplicationError(
            f"{where} needs a key made of small letters, numbers and hyphens, "
            f"for example 'staff-awareness' (found {value!r})."
        )
    return value


def _groups(raw, *, part: str, title_word: str, list_name: str, evidence_keys) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ApplicationError(f"'{part}' must be a list of {title_word}s.")
    groups, seen_groups = [], set()
    for number, raw_group in enumerate(raw, start=1):
        where = f"{part}, {title_word} {number}"
        if not isinstance(raw_group, dict):
            raise ApplicationError(f"{where} must have a key, a title and {list_name}.")
        group = TemplateGroup(
            key=_key(raw_group.get("key"), where), title=_text(raw_group.get("title"), where)
        )
        if group.key in seen_groups:
            raise ApplicationError(f"{where}: the key '{group.key}' is used twice.")
        seen_groups.add(group.key)
        raw_entries = raw_group.get(list_name)
        if not isinstance(raw_entries, list) or not raw_entries:
            raise ApplicationError(f"{where} ('{group.title}') has no {list_name}.")
        seen_entries = set()
        for entry_number, raw_entry in enumerate(raw_entries, start=1):
            entry_where = f"{where}, entry {entry_number}"
            if not isinstance(raw_entry, dict):
                raise ApplicationError(f"{entry_where} must have a key and a text.")
            entry = TemplateEntry(
                key=_key(raw_entry.get("key"), entry_where),
                text=_text(raw_entry.get("text"), entry_where),
                evidence=raw_entry.get("evidence") or "",
            )
            if entry.evidence and entry.evidence not in evidence_keys:
                known = ", ".join(sorted(evidence_keys))
                raise ApplicationError(
                    f"{entry_where}: the portal has no evidence called '{entry.evidence}'. "
                    f"It knows: {known}."
                )
            if entry.key in seen_entries:
                raise ApplicationError(f"{entry_where}: the key '{entry.key}' is used twice.")
            seen_entries.add(entry.key)
            group.entries.append(entry)
        groups.append(group)
    return groups


def template_from_data(data) -> ReviewTemplate:
    """Check a parsed YAML document and return its sections and themes.

    Accepts the template on its own, or a compact file carrying it under `toolkit:`.
    """
    from .evidence import EVIDENCE

    if isinstance(data, dict) and "toolkit" in data:
        data = data["toolkit"]
    if not isinstance(data, dict):
        raise ApplicationError(
            "The file must start with 'self_assessment:' and/or 'action_plan:' (or 'toolkit:')."
        )
    if "format" in data and data["format"] != FORMAT:
        raise ApplicationError(
            f"The file says it is in the format {data['format']!r}; the portal reads {FORMAT!r}."
        )
    unknown = set(data) - {"format", "self_assessment", "action_plan"}
    if unknown:
        raise ApplicationError(f"The file has parts the portal does not know: {sorted(unknown)}.")
    template = ReviewTemplate(
        sections=_groups(
            data.get("self_assessment"),
            part="self_assessment",
            title_word="section",
            list_name="questions",
            evidence_keys=set(EVIDENCE),
        ),
        themes=_groups(
            data.get("action_plan"),
            part="action_plan",
            title_word="theme",
            list_name="items",
            evidence_keys=set(),
        ),
    )
    if not template.sections and not template.themes:
        raise ApplicationError("The file has neither self-assessment questions nor plan items.")
    return template


def template_from_text(text: str) -> ReviewTemplate:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" near line {mark.line + 1}" if mark else ""
        raise ApplicationError(f"The file is not valid YAML{where}.") from error
    return template_from_data(data)
