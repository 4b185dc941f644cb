"""What changed between two texts of a compact, section by section.

Works on the file's shape (CompactText), so the same comparison serves the import
preview (stored text against a file) and the "what changed" page (two stored versions).
Pure: no database.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .compact_file import CompactText, ItemText, SectionText
from .models import list_heading


@dataclass
class Change:
    """One line of difference: `kind` is "added", "removed" or "reworded"."""

    kind: str
    where: str
    old: str = ""
    new: str = ""


@dataclass
class SectionChanges:
    """The changes in one section; `kind` is "added", "removed" or "changed"."""

    title: str
    kind: str
    changes: list[Change] = field(default_factory=list)
    old_title: str = ""


@dataclass
class VersionChanges:
    rules: list[Change] = field(default_factory=list)
    sections: list[SectionChanges] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rules or self.sections)

    @property
    def counts(self) -> dict[str, int]:
        """How many lines were added, removed and reworded, for a one-line summary."""
        counts = {"added": 0, "removed": 0, "reworded": 0}
        for change in self.rules + [c for s in self.sections for c in s.changes]:
            counts[change.kind] += 1
        return counts


def _sequence(where: str, old: list[str], new: list[str]) -> list[Change]:
    """Line up two lists of texts: kept lines say nothing, replaced ones read as reworded."""
    changes = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for position in range(max(len(olds), len(news))):
            before = olds[position] if position < len(olds) else ""
            after = news[position] if position < len(news) else ""
            kind = "reworded" if before and after else ("added" if after else "removed")
            changes.append(Change(kind, where, before, after))
    return changes


def _item_lines(items: list[ItemText], depth: int = 0) -> list[str]:
    lines = []
    for item in items:
        # A sub-item carries its depth, so moving it out of its parent shows as a change.
        lines.append(("– " * depth) + item.text)
        lines += _item_lines(item.items, depth + 1)
    return lines


def _lists_by_heading(section: SectionText) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for item_list in section.lists:
        heading = list_heading(
            party=item_list.party, heading=item_list.heading, partners=item_list.partners
        )
        lists.setdefault(heading, []).extend(_item_lines(item_list.items))
    return lists


def _section_lines(section: SectionText | None) -> list[tuple[str, list[str]]]:
    if section is None:
        return []
    lines = [("Summary", [section.summary] if section.summary else [])]
    lines.append(("Paragraphs", list(section.paragraphs)))
    lines += list(_lists_by_heading(section).items())
    return lines


def _section_changes(old: SectionText | None, new: SectionText | None) -> list[Change]:
    old_lines, new_lines = dict(_section_lines(old)), dict(_section_lines(new))
    changes = []
    for where in dict.fromkeys([*old_lines, *new_lines]):
        changes += _sequence(where, old_lines.get(where, []), new_lines.get(where, []))
    return changes


def _key(title: str) -> str:
    return " ".join(title.casefold().split())


def _rules(old: CompactText, new: CompactText) -> list[Change]:
    def notice(text: CompactText) -> str:
        if text.minimum_notice_months is None:
            return "not stated (the national Compact's 3 calendar months)"
        return f"{text.minimum_notice_months} calendar months"

    pairs = [
        ("Version", old.label, new.label),
        ("Adopted", _date(old.adopted_on), _date(new.adopted_on)),
        ("Minimum notice", notice(old), notice(new)),
        (
            "Minimum consultation",
            f"{old.minimum_consultation_weeks} weeks",
            f"{new.minimum_consultation_weeks} weeks",
        ),
    ]
    changes = [
        Change("reworded" if before and after else ("added" if after else "removed"), *pair)
        for pair in pairs
        for before, after in [pair[1:]]
        if before != after
    ]
    changes += _sequence(
        "Introduction", _paragraphs(old.introduction), _paragraphs(new.introduction)
    )
    changes += _sequence("What the compact is not", old.what_it_is_not, new.what_it_is_not)
    changes += _sequence(
        "Partners",
        [partner.name for partner in old.partners],
        [partner.name for partner in new.partners],
    )
    return changes


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _date(day) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def compact_changes(old: CompactText, new: CompactText) -> VersionChanges:
    """What `new` adds, removes and rewords compared with `old`, section by section.

    Sections are matched by title; a section whose title changed but kept its place is
    the same section retitled.
    """
    result = VersionChanges(rules=_rules(old, new))
    old_by_title = {_key(s.title): s for s in old.sections}
    new_titles = {_key(s.title) for s in new.sections}
    old_by_position = {s.position: s for s in old.sections if _key(s.title) not in new_titles}
    matched = set()
    for section in sorted(new.sections, key=lambda s: s.position):
        before = old_by_title.get(_key(section.title)) or old_by_position.get(section.position)
        if before is None:
            result.sections.append(
                SectionChanges(section.title, "added", _section_changes(None, section))
            )
            continue
        matched.add(id(before))
        changes = _section_changes(before, section)
        retitled = _key(before.title) != _key(section.title)
        if changes or retitled:
            result.sections.append(
                SectionChanges(
                    section.title,
                    "changed",
                    changes,
                    old_title=before.title if retitled else "",
                )
            )
    for section in old.sections:
        if id(section) not in matched:
            result.sections.append(
                SectionChanges(section.title, "removed", _section_changes(section, None))
            )
    return result


def changes_as_lines(changes: VersionChanges) -> list[str]:
    """The changes as plain lines of text, for the command line."""
    lines = []
    for title, kind, section_changes in [
        ("Rules, version details and partners", "", changes.rules),
        *((s.title, s.kind, s.changes) for s in changes.sections),
    ]:
        if not section_changes and kind != "changed":
            continue
        lines.append(f"{title}{f' ({kind})' if kind else ''}:")
        for change in section_changes:
            text = {
                "added": f"+ {change.new}",
                "removed": f"- {change.old}",
                "reworded": f"~ {change.old!r} -> {change.new!r}",
            }[change.kind]
            lines.append(f"  {change.where}: {text}")
    return lines
