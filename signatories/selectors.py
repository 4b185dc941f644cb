"""Reads about organisations and signatures that depend on who is looking."""

import datetime
from collections.abc import Iterator

from django.core.paginator import Page
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from commitments.permissions import steering_compact_ids
from core.pagination import IdsFirstPaginator

from .models import (
    Champion,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    Signatory,
    SignatoryStatusChange,
)

# What the public directory shows: never pending or rejected applications.
PUBLIC_STATUSES = (Signatory.Status.ACTIVE, Signatory.Status.LAPSED, Signatory.Status.WITHDRAWN)
# Each order ends with the primary key, so a page always holds the same rows.
DIRECTORY_SORTS = {
    "name": ("organisation__name", "compact__name", "pk"),
    "-signed_on": ("-signed_on", "organisation__name", "pk"),
    "signed_on": ("signed_on", "organisation__name", "pk"),
    "compact": ("compact__name", "organisation__name", "pk"),
}


def organisations_of(*, user) -> QuerySet[Organisation]:
    """The organisations `user` belongs to, in any role."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def active_signatories(*, compact) -> QuerySet[Signatory]:
    """A compact's signatories in good standing, with their organisations."""
    return Signatory.objects.active().filter(compact=compact).select_related("organisation")


def signatories_of_compact(*, compact, statuses=(Signatory.Status.ACTIVE,)) -> QuerySet[Signatory]:
    """A compact's signatories in the given statuses, with organisation and version."""
    return Signatory.objects.filter(compact=compact, status__in=statuses).select_related(
        "organisation", "version"
    )


def membership_of(*, user, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def memberships_of(*, user) -> QuerySet[Membership]:
    """The person's memberships with their organisations, for "Your organisations"."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def current_champions() -> Prefetch:
    return Prefetch(
        "champions",
        queryset=Champion.objects.filter(stepped_down_at__isnull=True),
        to_attr="current_champions",
    )


def organisation_dashboard(*, organisation: Organisation) -> dict:
    """Everything the dashboard shows, in a fixed number of queries."""
    signatures = list(
        organisation.signatures.select_related("compact", "version")
        .prefetch_related(current_champions(), "status_changes")
        .order_by("compact__name", "-created_at")
    )
    return {
        "signatures": signatures,
        "memberships": list(organisation.memberships.select_related("user")),
        "invitations": list(organisation.invitations.filter(accepted_at__isnull=True)),
        "join_requests": list(
            organisation.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
                "user"
            )
        ),
        "attention": [
            s
            for s in signatures
            if s.status == Signatory.Status.INFORMATION_REQUESTED
            or (s.is_active and not s.current_champions)
            or s.status == Signatory.Status.LAPSED
        ],
    }


def application_queue(*, user, compact=None) -> QuerySet[Signatory]:
    """Applications waiting for a decision in the compacts whose steering group `user` sits on."""
    compact_ids = steering_compact_ids(user)
    queue = Signatory.objects.filter(
        compact_id__in=compact_ids,
        status__in=[Signatory.Status.PENDING, Signatory.Status.INFORMATION_REQUESTED],
    )
    if compact is not None:
        queue = queue.filter(compact=compact)
    return queue.select_related("organisation", "compact", "version", "submitted_by").order_by(
        "created_at"
    )


def directory(
    *,
    search: str = "",
    compact=None,
    sector: str = "",
    kind: str = "",
    status: str = "",
    sort: str = "name",
    changed_since: datetime.date | None = None,
) -> QuerySet[Signatory]:
    """The public directory: one row per signature, filtered and in a fixed order (the primary
    key breaks ties). Bare rows: page them with `directory_page`, or read them whole with
    `directory_export_rows`, which load what each row shows. `changed_since` keeps the
    signatures made or whose status changed on or after that day (UK time)."""
    if status in PUBLIC_STATUSES:
        rows = Signatory.objects.filter(status=status)
    else:
        rows = Signatory.objects.filter(status__in=PUBLIC_STATUSES)
    if compact is not None:
        rows = rows.filter(compact=compact)
    if sector:
        rows = rows.filter(organisation__sector=sector)
    if kind:
        rows = rows.filter(organisation__kind=kind)
    if search:
        number = search.replace(" ", "")
        # On PostgreSQL a trigram index on UPPER(name) serves the icontains.
        rows = rows.filter(
            Q(organisation__name__icontains=search)
            | Q(organisation__charity_number=number.upper())
            | Q(organisation__company_number=number.upper())
        )
    if changed_since is not None:
        since = datetime.datetime.combine(
            changed_since, datetime.time.min, tzinfo=timezone.get_default_timezone()
        )
        changes = SignatoryStatusChange.objects.filter(created_at__gte=since)
        if compact is not None:
            changes = changes.filter(compact=compact)  # served by status_change_compact_idx
        rows = rows.filter(Q(created_at__gte=since) | Q(pk__in=changes.values("signatory")))
    return rows.order_by(*DIRECTORY_SORTS.get(sort, DIRECTORY_SORTS["name"]))


def _with_directory_details(rows: QuerySet[Signatory]) -> QuerySet[Signatory]:
    """What a directory row shows: organisation, compact, version, current champions counted
    per row (a subquery, so only the rows read are counted)."""
    current_champions_of_row = (
        Champion.objects.filter(signatory=OuterRef("pk"), stepped_down_at__isnull=True)
        .order_by()
        .values("signatory")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return rows.select_related("organisation", "compact", "version").annotate(
        champion_count=Coalesce(Subquery(current_champions_of_row), 0)
    )


def directory_rows_by_id(ids: list[int]) -> list[Signatory]:
    """The full directory rows of the signatures `ids`, in that order."""
    by_id = {row.pk: row for row in _with_directory_details(Signatory.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


# The directory pages through this many rows at most (100 pages of 50): past it, people narrow
# the list by name, compact, sector or type, and the open data holds every row. So neither the
# count nor the deepest page grows with the national table.
DIRECTORY_MAX_ROWS = 5000


def directory_page(
    rows: QuerySet[Signatory], number, per_page: int = 50, max_rows: int | None = None
) -> Page:
    """One page of `directory(...)`: a count, the page's ids, then its rows (three queries).
    `page.paginator.truncated` says the list holds more than `max_rows` rows
    (DIRECTORY_MAX_ROWS unless given)."""
    paginator = IdsFirstPaginator(
        rows.values_list("pk", flat=True),
        directory_rows_by_id,
        per_page,
        max_rows=max_rows or DIRECTORY_MAX_ROWS,
    )
    return paginator.get_page(number)


# What open data needs of each row, read as plain values: building model instances for
# 100,000 rows cost more than the query.
DIRECTORY_EXPORT_FIELDS = (
    "organisation__name",
    "organisation__slug",
    "organisation__sector",
    "organisation__kind",
    "organisation__charity_number",
    "organisation__company_number",
    "organisation__register_code",
    "compact__name",
    "version__label",
    "status",
    "signed_on",
    "approved_on",
    "champion_count",
)


def directory_export_rows(rows: QuerySet[Signatory]) -> Iterator[dict]:
    """Every row of `directory(...)` as a dict of `DIRECTORY_EXPORT_FIELDS`, read in chunks
    from a server-side cursor so memory stays flat however many there are."""
    # Inside a transaction the cursor streams; outside one PostgreSQL declares it WITH HOLD
    # and builds the whole result before the first row.
    with transaction.atomic():
        yield from (
            _with_directory_details(rows).values(*DIRECTORY_EXPORT_FIELDS).iterator(chunk_size=2000)
        )


def public_signatures(*, organisation: Organisation) -> list[Signatory]:
    """An organisation's signatures as the public sees them, with current champions."""
    return list(
        organisation.signatures.filter(status__in=PUBLIC_STATUSES)
        .select_related("compact", "version")
        .prefetch_related(current_champions())
        .order_by("compact__name")
    )


def pending_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(accepted_at__isnull=True)


def current_champions_of(*, organisation: Organisation, compact) -> QuerySet[Champion]:
    """The organisation's serving champions for `compact` (lead first), for other apps to notify.

    Contact details are personal data: show them only where `can_view_champion_contacts` allows.
    """
    return Champion.objects.filter(
        signatory__organisation=organisation,
        signatory__compact=compact,
        signatory__status=Signatory.Status.ACTIVE,
        stepped_down_at__isnull=True,
    ).order_by("-kind", "name")  # "lead" after "departmental" alphabetically: reversed


def administrator_emails(*, organisation: Organisation) -> list[str]:
    """Where to write to an organisation: its administrators, else its own address."""
    emails = list(
        organisation.memberships.filter(role=Membership.Role.ADMINISTRATOR).values_list(
            "user__email", flat=True
        )
    )
    return emails or [e for e in [organisation.email] if e]
