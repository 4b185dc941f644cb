"""Writes to compacts: importing a whole compact from its file, and exporting it."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed
from core.uploads import check_upload

from .changes import VersionChanges, compact_changes
from .compact_file import (
    CompactFileError,
    CompactText,
    ItemText,
    parse_compact_file,
    write_compact_file,
)
from .models import (
    NATIONAL_MINIMUM_NOTICE_MONTHS,
    Compact,
    CompactDocument,
    CompactDocumentVersion,
    CompactVersion,
    ItemList,
    Paragraph,
    Partner,
    Principle,
    Undertaking,
)
from .publishing import new_version_published
from .selectors import compact_text_of

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    compact: Compact
    version: CompactVersion
    outcome: str  # "created", "new_version", "replaced_draft", "settings_updated", "unchanged"
    message: str


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


@dataclass
class ImportPlan:
    """What importing a file would do, worked out before anything is written.

    `outcome` is "created", "new_version", "replaced_draft", "settings_updated" or
    "unchanged"; `number` is the version that would hold the file's text; `changes`
    compares the file with the text the portal holds now (empty for a new compact).
    """

    parsed: CompactText
    compact: Compact | None
    outcome: str
    number: int
    changes: VersionChanges
    settings_changed: bool = False
    replaces: CompactVersion | None = None

    @property
    def summary(self) -> str:
        """One sentence for the preview: "This will create version 3 of ..."."""
        name = self.parsed.name
        publish = self.parsed.status == "published"
        match self.outcome:
            case "created":
                state = "published" if publish else "as a draft"
                return f"This will add {name} as a new compact, version 1, {state}."
            case "unchanged":
                return f"{name} is already exactly as this file says: nothing would change."
            case "settings_updated":
                return (
                    f"The text of {name} is unchanged; this will update its contact details "
                    "and settings only."
                )
            case "replaced_draft":
                state = "and publish it" if publish else "and keep it as a draft"
                return f"This will replace the draft version {self.number} of {name} {state}."
        state = (
            f"published in place of version {self.replaces.number}, so signatures of "
            "earlier versions lapse until organisations sign again"
            if publish and self.replaces
            else "as a draft"
        )
        return f"This will create version {self.number} of {name}, {state}."


def _plan(parsed: CompactText, *, lock: bool) -> ImportPlan:
    compacts = Compact.objects.select_for_update() if lock else Compact.objects
    compact = compacts.filter(slug=parsed.slug).first()
    name_taken = Compact.objects.filter(name=parsed.name).exclude(slug=parsed.slug).first()
    if name_taken:
        raise CompactFileError(
            f'another compact, with slug "{name_taken.slug}", is already called '
            f'"{parsed.name}". Use that slug to refresh it, or choose another name.'
        )
    if compact is None:
        return ImportPlan(parsed, None, "created", 1, VersionChanges())

    settings_changed = any(
        getattr(compact, name) != value for name, value in parsed.compact_settings().items()
    )
    latest = compact.versions.order_by("-number").first()
    current = version_to_export(compact)
    stored = compact_text_of(compact=compact, version=current) if current else None
    changes = compact_changes(stored, parsed) if stored else VersionChanges()
    same_text = stored is not None and stored.version_text() == parsed.version_text()
    if same_text and stored.status == parsed.status:
        outcome = "settings_updated" if settings_changed else "unchanged"
        return ImportPlan(parsed, compact, outcome, current.number, changes, settings_changed)
    if latest is not None and latest.status == CompactVersion.Status.DRAFT:
        return ImportPlan(
            parsed, compact, "replaced_draft", latest.number, changes, settings_changed
        )
    published = compact.versions.filter(status=CompactVersion.Status.PUBLISHED).first()
    return ImportPlan(
        parsed,
        compact,
        "new_version",
        (latest.number + 1) if latest else 1,
        changes,
        settings_changed,
        replaces=published,
    )


def compact_import_preview(*, text: str) -> ImportPlan:
    """What importing `text` would do, and what it changes, without writing anything.

    Raises CompactFileError naming the line, as the import itself would.
    """
    return _plan(parse_compact_file(text), lock=False)


@transaction.atomic
def compact_import(*, text: str, actor=None) -> ImportResult:
    """Create or refresh a compact from its file (see docs/compact-format.md).

    The compact is found by its slug. A published version is never rewritten: a
    changed text becomes a new version, published in its place. A draft is
    rewritten in place. The same text again changes nothing. Raises
    CompactFileError (an ApplicationError) naming the line, leaving the database
    untouched. compact_import_preview says beforehand what this will do.
    """
    parsed = parse_compact_file(text)
    public_pages_changed(compacts=[parsed.slug])
    plan = _plan(parsed, lock=True)
    # Who changed a compact through the admin is worth a line in the log; a command's
    # operator is already at the console.
    who = getattr(actor, "email", None)
    compact = plan.compact
    publish = parsed.status == "published"

    if compact is None:
        compact = Compact.objects.create(slug=parsed.slug, **parsed.compact_settings())
        version = CompactVersion(compact=compact, number=1, status=CompactVersion.Status.DRAFT)
        _write_version_text(version, parsed)
        if publish:
            _publish(version, actor=actor)
        if who:
            logger.info("%s imported the new compact %s", who, compact.slug)
        return ImportResult(
            compact, version, "created", f"{compact.name} was added as {version.name}."
        )

    if plan.settings_changed:
        for name, value in parsed.compact_settings().items():
            setattr(compact, name, value)
        compact.save()

    if plan.outcome in ("unchanged", "settings_updated"):
        message = (
            f"The text of {compact.name} is unchanged; its contact details and settings "
            "were updated."
            if plan.settings_changed
            else f"{compact.name} is already exactly as this file says: nothing changed."
        )
        return ImportResult(
            compact, compact.versions.get(number=plan.number), plan.outcome, message
        )

    if plan.outcome == "replaced_draft":
        # Nobody can have signed a draft, so it may be replaced in place.
        draft = compact.versions.get(number=plan.number)
        draft.principles.all().delete()
        draft.partners.all().delete()
        _write_version_text(draft, parsed)
        if publish:
            _publish(draft, actor=actor)
        if who:
            logger.info("%s replaced the draft of %s", who, compact.slug)
        done = "published" if publish else "kept as a draft"
        return ImportResult(
            compact,
            draft,
            "replaced_draft",
            f"The draft of {compact.name} was replaced by this file and {done}.",
        )

    version = CompactVersion(
        compact=compact, number=plan.number, status=CompactVersion.Status.DRAFT
    )
    _write_version_text(version, parsed)
    if publish:
        _publish(version, actor=actor)
    if who:
        logger.info("%s imported version %s of %s", who, version.number, compact.slug)
    state = "published in place of the previous one" if publish else "kept as a draft"
    label = f" ({parsed.label})" if parsed.label else ""
    return ImportResult(
        compact,
        version,
        "new_version",
        f"{compact.name}: the changed text became version {version.number}{label}, "
        f"{state}. What organisations signed stays attached to the version they signed.",
    )


# --- Codes of practice and other documents adopted under a compact --------------------

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def document_max_bytes() -> int:
    return getattr(settings, "COMPACT_DOCUMENT_MAX_BYTES", DOCUMENT_MAX_BYTES)


def check_document_upload(upload) -> None:
    """Refuse (on the `file` field) anything but a real PDF within the size limit."""
    check_upload(
        upload,
        max_bytes=document_max_bytes(),
        field="file",
        extensions=(".pdf",),
        kinds_in_words="the document as a PDF (.pdf)",
    )


def _document_version_write(
    *, actor, document: CompactDocument, adopted_on, upload, link: str, text: str
) -> CompactDocumentVersion:
    link, text = link.strip(), text.strip()
    if upload and (link or text):
        raise ApplicationError(
            "Upload the PDF or give a web address or text, not both", field="file"
        )
    if not (upload or link or text):
        raise ApplicationError(
            "Upload the document as a PDF, or give the web address where it is published "
            "or its text",
            field="file",
        )
    previous = document.versions.order_by("-number").first()
    if previous and adopted_on < previous.adopted_on:
        raise ApplicationError(
            f"Date adopted must be on or after {previous.adopted_on:%-d %B %Y}, when the "
            "version before it was adopted",
            field="adopted_on",
        )
    version = CompactDocumentVersion(
        document=document,
        number=(previous.number + 1) if previous else 1,
        adopted_on=adopted_on,
        link=link,
        text=text,
        added_by=actor,
    )
    if upload:
        check_document_upload(upload)
        version.original_name = upload.name[-200:]
        version.size = upload.size
        version.file.save("upload.pdf", upload, save=False)
    version.save()
    return version


@transaction.atomic
def compact_document_add(
    *, actor, compact: Compact, title: str, kind: str, adopted_on, upload=None, link="", text=""
) -> CompactDocumentVersion:
    """Record a code or other document adopted under `compact`, with its first version.

    The caller has checked that `actor` may (the compact's steering group). Refuses a
    title the compact already uses, and a version that is both or neither of a PDF and a
    link or text.
    """
    title = title.strip()
    Compact.objects.select_for_update().get(pk=compact.pk)
    if compact.documents.filter(title__iexact=title).exists():
        raise ApplicationError(
            f"{compact.name} already has a document called {title}: add a new version of it "
            "instead",
            field="title",
        )
    document = CompactDocument.objects.create(compact=compact, title=title, kind=kind)
    version = _document_version_write(
        actor=actor, document=document, adopted_on=adopted_on, upload=upload, link=link, text=text
    )
    public_pages_changed(compacts=[compact])
    if actor is not None:
        logger.info("%s added %s to %s", actor, title, compact.slug)
    return version


@transaction.atomic
def compact_document_version_add(
    *, actor, document: CompactDocument, adopted_on, upload=None, link="", text=""
) -> CompactDocumentVersion:
    """Add a newly adopted version of `document`; earlier versions stay as they were.

    The caller has checked that `actor` may. The new version is numbered after the last
    and may not be adopted before it.
    """
    document = (
        CompactDocument.objects.select_for_update().select_related("compact").get(pk=document.pk)
    )
    version = _document_version_write(
        actor=actor, document=document, adopted_on=adopted_on, upload=upload, link=link, text=text
    )
    public_pages_changed(compacts=[document.compact])
    return version
