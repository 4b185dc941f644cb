from django.db.models import Count, Prefetch, Q, QuerySet

from .changes import VersionChanges, compact_changes
from .compact_file import CompactText, ItemText, ListText, PartnerText, SectionText
from .models import (
    Compact,
    CompactDocument,
    CompactDocumentVersion,
    CompactVersion,
    ItemList,
    LocalAuthorityArea,
    Principle,
    Undertaking,
)


def published_compacts(*, search: str = "") -> QuerySet[Compact]:
    """Compacts that have a published version, with it attached as `published`, for public lists.
    `search` matches, case-insensitively, the compact's name, its area, the name of a local
    authority area it covers, or that area's ONS code."""
    compacts = Compact.objects.filter(versions__status=CompactVersion.Status.PUBLISHED)
    if search:
        compacts = compacts.filter(
            Q(name__icontains=search)
            | Q(area__icontains=search)
            | Q(pk__in=LocalAuthorityArea.objects.filter(
                Q(name__icontains=search) | Q(ons_code__iexact=search.replace(" ", ""))
            ).values("compact"))
        )  # fmt: skip
    published = CompactVersion.objects.filter(status=CompactVersion.Status.PUBLISHED).annotate(
        principle_count=Count("principles")
    )
    return compacts.prefetch_related(
        Prefetch("versions", queryset=published, to_attr="published_versions"),
        "local_authorities",
    ).distinct()


def published_version(compact: Compact) -> CompactVersion | None:
    """The version of `compact` in force, or None while it has only drafts."""
    return compact.versions.filter(status=CompactVersion.Status.PUBLISHED).first()


def version_with_text(version_id: int) -> CompactVersion:
    """A version with its partners, sections, paragraphs, lists and items, in seven queries."""
    lists = ItemList.objects.order_by("position").prefetch_related(
        "partners", Prefetch("items", queryset=Undertaking.objects.order_by("position"))
    )
    principles = Principle.objects.order_by("position").prefetch_related(
        "paragraphs", Prefetch("lists", queryset=lists)
    )
    return (
        CompactVersion.objects.select_related("compact")
        .prefetch_related("partners", Prefetch("principles", queryset=principles))
        .get(pk=version_id)
    )


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


def public_versions(compact: Compact) -> QuerySet[CompactVersion]:
    """The versions anyone may read and compare: every one published, now or before."""
    return compact.versions.exclude(status=CompactVersion.Status.DRAFT).order_by("number")


def version_changes(*, old: CompactVersion, new: CompactVersion) -> VersionChanges:
    """What `new` added, removed and reworded compared with `old`, section by section."""
    return compact_changes(
        compact_text_of(compact=old.compact, version=old),
        compact_text_of(compact=new.compact, version=new),
    )


def compact_documents(compact: Compact) -> QuerySet[CompactDocument]:
    """The documents adopted under `compact`, each with its versions newest first (two
    queries however many there are)."""
    versions = CompactDocumentVersion.objects.order_by("-number")
    return compact.documents.order_by("title").prefetch_related(
        Prefetch("versions", queryset=versions)
    )


def compact_document(compact: Compact, pk: int) -> CompactDocument | None:
    """One document of `compact`, or None if `pk` is not one of its own."""
    return compact.documents.filter(pk=pk).first()


def compact_document_version(
    compact: Compact, document_pk: int, number: int
) -> CompactDocumentVersion | None:
    """One version of a document of `compact`, or None."""
    return (
        CompactDocumentVersion.objects.filter(
            document__compact=compact, document_id=document_pk, number=number
        )
        .select_related("document")
        .first()
    )
