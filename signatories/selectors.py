"""Reads about organisations and signatures that depend on who is looking."""

from django.db.models import Count, Prefetch, Q, QuerySet

from commitments.permissions import steering_compact_ids

from .models import Champion, Invitation, JoinRequest, Membership, Organisation, Signatory

# What the public directory shows: never pending or rejected applications.
PUBLIC_STATUSES = (Signatory.Status.ACTIVE, Signatory.Status.LAPSED, Signatory.Status.WITHDRAWN)
DIRECTORY_SORTS = {
    "name": ("organisation__name", "compact__name"),
    "-signed_on": ("-signed_on", "organisation__name"),
    "signed_on": ("signed_on", "organisation__name"),
    "compact": ("compact__name", "organisation__name"),
}


def organisations_of(*, user) -> QuerySet[Organisation]:
    """The organisations `user` belongs to, in any role."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def active_signatories(*, compact) -> QuerySet[Signatory]:
    """A compact's signatories in good standing, with their organisations."""
    return Signatory.objects.filter(compact=compact, status=Signatory.Status.ACTIVE).select_related(
        "organisation"
    )


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
            or (s.status == Signatory.Status.ACTIVE and not s.current_champions)
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
) -> QuerySet[Signatory]:
    """The public directory: one row per signature, filtered and sorted, two queries a page."""
    rows = Signatory.objects.filter(status__in=PUBLIC_STATUSES)
    if status in PUBLIC_STATUSES:
        rows = rows.filter(status=status)
    if compact is not None:
        rows = rows.filter(compact=compact)
    if sector:
        rows = rows.filter(organisation__sector=sector)
    if kind:
        rows = rows.filter(organisation__kind=kind)
    if search:
        number = search.replace(" ", "")
        rows = rows.filter(
            Q(organisation__name__icontains=search)
            | Q(organisation__charity_number=number)
            | Q(organisation__company_number=number.upper())
        )
    rows = rows.annotate(
        champion_count=Count("champions", filter=Q(champions__stepped_down_at__isnull=True))
    )
    return rows.select_related("organisation", "compact", "version").order_by(
        *DIRECTORY_SORTS.get(sort, DIRECTORY_SORTS["name"])
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
