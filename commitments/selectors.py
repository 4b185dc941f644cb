from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Compact, CompactVersion, ItemList, Principle, Undertaking


def published_compacts(*, search: str = "") -> QuerySet[Compact]:
    """Compacts that have a published version, with it attached as `published`, for public lists."""
    compacts = Compact.objects.filter(versions__status=CompactVersion.Status.PUBLISHED)
    if search:
        compacts = compacts.filter(Q(name__icontains=search) | Q(area__icontains=search))
    published = CompactVersion.objects.filter(status=CompactVersion.Status.PUBLISHED).annotate(
        principle_count=Count("principles")
    )
    return compacts.prefetch_related(
        Prefetch("versions", queryset=published, to_attr="published_versions")
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
