"""Writes to compacts: importing a whole compact from its file, and exporting it."""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.page_cache import public_pages_changed

from .compact_file import (
    CompactFileError,
    CompactText,
    ItemText,
    ListText,
    PartnerText,
    SectionText,
    parse_compact_file,
    write_compact_file,
)
from .models import (
    NATIONAL_MINIMUM_NOTICE_MONTHS,
    Compact,
    CompactVersion,
    ItemList,
    Paragraph,
    Partner,
    Principle,
    Undertaking,
)
from .publishing import new_version_published
from .selectors import version_with_text

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    compact: Compact
    version: CompactVersion
    outcome: str  # "created", "new_version", "replaced_draft", "settings_updated", "unchanged"
    message: str


def _items_text(item_list: ItemList) -> list[ItemText]:
    def text_of(item) -> ItemText:
        return ItemText(item.text, [text_of(child) for child in item.sub_items])

    return [text_of(item) for item in item_list.top_items]


def compact_text_of(*, compact: Compact, version: CompactVersion) -> CompactText:
    """A stored compact version in the file's shape, for export and for comparison."""
    version = version_with_text(version.pk)
    return CompactText(
        name=compact.name,
        slug=compact.slug,
        area=compact.area,
        contact_name=compact.contact_name,
        contact_email=compact.contact_email,
        contact_phone=compact.contact_phone,
        contact_address=compact.contact_address,
        feedback_due_weeks=compact.feedback_due_weeks,
        label=version.label,
        adopted_on=version.adopted_on,
        status=("draft" if version.status == CompactVersion.Status.DRAFT else "published"),
        introduction=version.introduction.strip(),
        what_it_is_not=version.what_it_is_not_points,
        minimum_notice_months=(
            version.minimum_notice_months if version.notice_set_by_compact else None
        ),
        minimum_consultation_weeks=version.minimum_consultation_weeks,
        partners=[
            PartnerText(name=partner.name, sector=partner.sector)
            for partner in version.partners.all()
        ],
        principles=[
            SectionText(
                position=principle.position,
                title=principle.title,
                kind=principle.kind,
                summary=principle.summary.strip(),
                paragraphs=[paragraph.text for paragraph in principle.paragraphs.all()],
                lists=[
                    ListText(
                        party=item_list.party,
                        heading=item_list.heading,
                        partners=[partner.name for partner in item_list.partners.all()],
                        items=_items_text(item_list),
                    )
                    for item_list in principle.lists.all()
                ],
            )
            for principle in version.principles.all()
        ],
    )


def version_to_export(compact: Compact) -> CompactVersion | None:
    """The version an export holds: the one in force, else the latest draft."""
    return (
        compact.versions.filter(status=CompactVersion.Status.PUBLISHED).first()
        or compact.versions.order_by("-number").first()
    )


def compact_export(*, compact: Compact) -> str:
    """The compact file (YAML) of `compact`'s published version, or of its draft if unpublished."""
    version = version_to_export(compact)
    if version is None:
        raise ValueError(f"{compact} has no version to export")
    return write_compact_file(compact_text_of(compact=compact, version=version))


def _write_version_text(version: CompactVersion, parsed: CompactText) -> None:
    """Store `parsed`'s text as `version`'s, which must hold no text yet."""
    version.label = parsed.label
    version.adopted_on = parsed.adopted_on
    version.introduction = parsed.introduction
    version.what_it_is_not = "\n".join(parsed.what_it_is_not)
    version.notice_set_by_compact = parsed.minimum_notice_months is not None
    version.minimum_notice_months = (
        parsed.minimum_notice_months
        if version.notice_set_by_compact
        else NATIONAL_MINIMUM_NOTICE_MONTHS
    )
    version.minimum_consultation_weeks = parsed.minimum_consultation_weeks
    version.save()
    partners = {
        partner.name: Partner.objects.create(
            version=version, position=position, name=partner.name, sector=partner.sector
        )
        for position, partner in enumerate(parsed.partners, start=1)
    }
    paragraphs = []
    for section in parsed.principles:
        principle = Principle.objects.create(
            version=version,
            position=section.position,
            kind=section.kind,
            title=section.title,
            summary=section.summary,
        )
        paragraphs += [
            Paragraph(principle=principle, position=position, text=text)
            for position, text in enumerate(section.paragraphs, start=1)
        ]
        for list_position, list_text in enumerate(section.lists, start=1):
            item_list = ItemList.objects.create(
                principle=principle,
                position=list_position,
                party=list_text.party,
                heading=list_text.heading,
            )
            item_list.partners.set([partners[name] for name in list_text.partners])
            _write_items(item_list, list_text.items, parent=None, next_position=1)
    Paragraph.objects.bulk_create(paragraphs)


def _write_items(item_list: ItemList, items: list[ItemText], *, parent, next_position: int) -> int:
    """Write `items` and their sub-items in reading order; returns the next free position."""
    for item_text in items:
        item = Undertaking.objects.create(
            principle_id=item_list.principle_id,
            item_list=item_list,
            parent=parent,
            position=next_position,
            text=item_text.text,
        )
        next_position = _write_items(
            item_list, item_text.items, parent=item, next_position=next_position + 1
        )
    return next_position


def _publish(version: CompactVersion, *, actor=None) -> None:
    """Put `version` in force, archiving the one it replaces (one published per compact).

    Signatures of the older text lapse until the organisation signs the new one.
    """
    version.compact.versions.filter(status=CompactVersion.Status.PUBLISHED).exclude(
        pk=version.pk
    ).update(status=CompactVersion.Status.ARCHIVED)
    version.status = CompactVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    new_version_published(compact=version.compact, new_version=version, actor=actor)


@transaction.atomic
def compact_import(*, text: str, actor=None) -> ImportResult:
    """Create or refresh a compact from its file (see docs/compact-format.md).

    The compact is found by its slug. A published version is never rewritten: a
    changed text becomes a new version, published in its place. A draft is
    rewritten in place. The same text again changes nothing. Raises
    CompactFileError (an ApplicationError) naming the line, leaving the database
    untouched.
    """
    parsed = parse_compact_file(text)
    public_pages_changed(compacts=[parsed.slug])
    # Who changed a compact through the admin is worth a line in the log; a command's
    # operator is already at the console.
    who = getattr(actor, "email", None)
    compact = Compact.objects.select_for_update().filter(slug=parsed.slug).first()

    name_taken = Compact.objects.filter(name=parsed.name).exclude(slug=parsed.slug).first()
    if name_taken:
        raise CompactFileError(
            f'another compact, with slug "{name_taken.slug}", is already called '
            f'"{parsed.name}". Use that slug to refresh it, or choose another name.'
        )

    if compact is None:
        compact = Compact.objects.create(slug=parsed.slug, **parsed.compact_settings())
        version = CompactVersion(compact=compact, number=1, status=CompactVersion.Status.DRAFT)
        _write_version_text(version, parsed)
        if parsed.status == "published":
            _publish(version, actor=actor)
        if who:
            logger.info("%s imported the new compact %s", who, compact.slug)
        return ImportResult(
            compact, version, "created", f"{compact.name} was added as version {parsed.label}."
        )

    settings_changed = any(
        getattr(compact, name) != value for name, value in parsed.compact_settings().items()
    )
    if settings_changed:
        for name, value in parsed.compact_settings().items():
            setattr(compact, name, value)
        compact.save()

    latest = compact.versions.order_by("-number").first()
    current = version_to_export(compact)
    if current is not None:
        stored = compact_text_of(compact=compact, version=current)
        same_text = stored.version_text() == parsed.version_text()
        if same_text and stored.status == parsed.status:
            outcome = "settings_updated" if settings_changed else "unchanged"
            message = (
                f"The text of {compact.name} is unchanged; its contact details and settings "
                "were updated."
                if settings_changed
                else f"{compact.name} is already exactly as this file says: nothing changed."
            )
            return ImportResult(compact, current, outcome, message)

    if latest is not None and latest.status == CompactVersion.Status.DRAFT:
        # Nobody can have signed a draft, so it may be replaced in place.
        latest.principles.all().delete()
        _write_version_text(latest, parsed)
        if parsed.status == "published":
            _publish(latest, actor=actor)
        if who:
            logger.info("%s replaced the draft of %s", who, compact.slug)
        done = "published" if parsed.status == "published" else "kept as a draft"
        return ImportResult(
            compact,
            latest,
            "replaced_draft",
            f"The draft of {compact.name} was replaced by this file and {done}.",
        )

    version = CompactVersion(
        compact=compact,
        number=(latest.number + 1) if latest else 1,
        status=CompactVersion.Status.DRAFT,
    )
    _write_version_text(version, parsed)
    if parsed.status == "published":
        _publish(version, actor=actor)
    if who:
        logger.info("%s imported version %s of %s", who, version.number, compact.slug)
    state = (
        "published in place of the previous one"
        if parsed.status == "published"
        else ("kept as a draft")
    )
    return ImportResult(
        compact,
        version,
        "new_version",
        f"{compact.name}: the changed text became version {version.number} "
        f"({parsed.label}), {state}. What organisations signed stays attached to the "
        "version they signed.",
    )
