"""A steering group's draft of the next version of its compact, edited in the portal.

A draft starts as a copy of the version in force. Each edit reads the draft's text in the
compact file's shape (CompactText), changes it and writes it back in place, through the
same writer the import uses, so a draft edited here and one imported from a file hold
the same things. Nobody can have signed a draft, so rewriting it is safe. Publishing puts
it in force through the import's publishing step: signatures of the older text lapse and
other apps do their part (commitments.publishing).
"""

from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed

from .changes import VersionChanges, compact_changes
from .compact_file import CompactText, ItemText, ListText, PartnerText, SectionText
from .models import Compact, CompactVersion
from .selectors import compact_text_of, published_version
from .services import _publish, _write_version_text


def draft_of(compact: Compact) -> CompactVersion | None:
    """The compact's draft, if its steering group has one under way (one at most)."""
    return compact.versions.filter(status=CompactVersion.Status.DRAFT).order_by("-number").first()


def draft_text(draft: CompactVersion) -> CompactText:
    return compact_text_of(compact=draft.compact, version=draft)


@transaction.atomic
def draft_start(*, compact: Compact) -> CompactVersion:
    """Start the next version as a copy of the one in force (or return the draft under way)."""
    compact = Compact.objects.select_for_update().get(pk=compact.pk)
    existing = draft_of(compact)
    if existing is not None:
        return existing
    current = published_version(compact)
    if current is None:
        raise ApplicationError("This compact has no published version to start a draft from.")
    text = replace(compact_text_of(compact=compact, version=current), label="", adopted_on=None)
    latest = compact.versions.order_by("-number").first()
    draft = CompactVersion(compact=compact, number=latest.number + 1)
    _write_version_text(draft, text)
    return draft


def _rewrite(draft: CompactVersion, text: CompactText) -> None:
    draft.principles.all().delete()
    draft.partners.all().delete()
    _write_version_text(draft, text)


def _locked_draft(draft: CompactVersion) -> CompactVersion:
    draft = CompactVersion.objects.select_for_update().select_related("compact").get(pk=draft.pk)
    if draft.status != CompactVersion.Status.DRAFT:
        raise ApplicationError("This draft has been published already; start a new one.")
    return draft


@transaction.atomic
def draft_update_rules(
    *, draft: CompactVersion, label: str, notice_months: int | None, consultation_weeks: int
) -> None:
    """Set the draft's name, notice rule (None: the compact sets none) and consultation length."""
    draft = _locked_draft(draft)
    text = draft_text(draft)
    _rewrite(
        draft,
        replace(
            text,
            label=label,
            minimum_notice_months=notice_months,
            minimum_consultation_weeks=consultation_weeks,
        ),
    )


@transaction.atomic
def draft_update_partners(*, draft: CompactVersion, statutory: list[str], vcs: list[str]) -> None:
    """Set the draft's partners. A partner a list names cannot be removed while it does."""
    draft = _locked_draft(draft)
    text = draft_text(draft)
    names = [name.casefold() for name in statutory + vcs]
    for name in names:
        if names.count(name) > 1:
            raise ApplicationError(f"“{name}” is named twice; name each partner once.")
    kept = {name.casefold() for name in statutory + vcs}
    for section in text.principles:
        for item_list in section.lists:
            for partner in item_list.partners:
                if partner.casefold() not in kept:
                    field = (
                        "statutory"
                        if any(p.name == partner and p.sector == "statutory" for p in text.partners)
                        else "vcs"
                    )
                    raise ApplicationError(
                        f"{partner} is named in a list in “{section.title}”, so it stays a "
                        "partner while that list names it.",
                        field=field,
                    )
    partners = [PartnerText(name=name, sector="statutory") for name in statutory] + [
        PartnerText(name=name, sector="vcs") for name in vcs
    ]
    _rewrite(draft, replace(text, partners=partners))


def items_from_lines(text: str) -> list[ItemText]:
    """One item a line; a line starting with a dash is a point under the item above it."""
    items: list[ItemText] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("-") and items:
            items[-1].items.append(ItemText(line.lstrip("-").strip()))
        else:
            items.append(ItemText(line.lstrip("-").strip()))
    return [item for item in items if item.text]


def lines_from_items(items: list[ItemText]) -> str:
    """The other way: what the edit box shows for a list's items."""
    lines = []
    for item in items:
        lines.append(item.text)
        lines += [f"- {sub.text}" for sub in item.items]
    return "\n".join(lines)


def paragraphs_from_text(text: str) -> list[str]:
    """Paragraphs are separated by a blank line; line breaks within one are joined up."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def _section_at(text: CompactText, position: int) -> SectionText:
    for section in text.principles:
        if section.position == position:
            return section
    raise ApplicationError("The draft has no such section.")


def _check_title(text: CompactText, title: str, *, position: int | None) -> None:
    for section in text.principles:
        if section.position != position and section.title.casefold() == title.casefold():
            raise ApplicationError(
                f"Section {section.position} is already called “{section.title}”; give this "
                "one another title.",
                field="title",
            )


@transaction.atomic
def draft_update_section(
    *,
    draft: CompactVersion,
    position: int,
    title: str,
    summary: str,
    paragraphs: list[str],
    list_items: list[list[ItemText]],
    new_list: ListText | None = None,
) -> None:
    """Rewrite one section: its title, summary, paragraphs and each list's items.

    `list_items` holds the items of each existing list in order; a list left with no
    items is removed. `new_list`, with items, is added after them.
    """
    draft = _locked_draft(draft)
    text = draft_text(draft)
    section = _section_at(text, position)
    _check_title(text, title, position=position)
    lists = [
        replace(item_list, items=items)
        for item_list, items in zip(section.lists, list_items, strict=True)
        if items
    ]
    if new_list is not None and new_list.items:
        lists.append(new_list)
    section.title, section.summary, section.paragraphs, section.lists = (
        title,
        summary,
        paragraphs,
        lists,
    )
    _rewrite(draft, text)


@transaction.atomic
def draft_add_section(*, draft: CompactVersion, kind: str, title: str) -> int:
    """Add an empty section at the end of the draft; returns its number."""
    draft = _locked_draft(draft)
    text = draft_text(draft)
    _check_title(text, title, position=None)
    position = len(text.principles) + 1
    text.principles.append(SectionText(position=position, title=title, kind=kind))
    _rewrite(draft, text)
    return position


@transaction.atomic
def draft_remove_section(*, draft: CompactVersion, position: int) -> str:
    """Take a section out of the draft, renumbering those after it; returns its title."""
    draft = _locked_draft(draft)
    text = draft_text(draft)
    removed = _section_at(text, position)
    if len(text.principles) == 1:
        raise ApplicationError("A compact needs at least one section.")
    text.principles = [
        replace(section, position=number)
        for number, section in enumerate(
            (s for s in text.principles if s.position != position), start=1
        )
    ]
    _rewrite(draft, text)
    return removed.title


def draft_changes(draft: CompactVersion) -> VersionChanges:
    """What the draft changes against the version in force."""
    current = published_version(draft.compact)
    if current is None:
        return VersionChanges()
    return compact_changes(
        compact_text_of(compact=draft.compact, version=current), draft_text(draft)
    )


@transaction.atomic
def draft_publish(*, draft: CompactVersion, actor) -> CompactVersion:
    """Put the draft in force as the next version. Signatures of the older text lapse."""
    draft = _locked_draft(draft)
    if not draft.principles.exists():
        raise ApplicationError("The draft has no sections; add at least one before publishing.")
    public_pages_changed(compacts=[draft.compact.slug])
    if draft.adopted_on is None:
        # The date of a version the portal publishes is the day it comes into force.
        draft.adopted_on = timezone.localdate()
        draft.save(update_fields=["adopted_on"])
    _publish(draft, actor=actor)
    return draft
