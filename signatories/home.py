"""What signatories adds to a person's home (see core.roles and core.todo): the organisations
they belong to, and the tasks of steering groups and organisation administrators."""

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from core.roles import ADMINISTRATOR, MEMBER, STEERING, Role, role_rows
from core.todo import Task, counted

from .models import Champion, JoinRequest, Membership, Signatory

WAITING_FOR_DECISION = (Signatory.Status.PENDING, Signatory.Status.INFORMATION_REQUESTED)


ROLE_KINDS = ("membership",)
_MEMBERSHIP_NAMES = dict(Membership.Role.choices)


def role_rows_of(user):
    """A row per organisation `user` belongs to, with their role in it."""
    return role_rows(
        Membership.objects.filter(user=user),
        kind="membership", name="organisation__name", organisation="organisation_id",
        detail="role",
    )  # fmt: skip


def roles(row) -> list[Role]:
    """Each organisation is a membership; running it makes an administrator too."""
    found = [
        Role(MEMBER, f"{_MEMBERSHIP_NAMES.get(row.detail, 'Member')}, {row.name}",
             organisation_id=row.organisation_id)
    ]  # fmt: skip
    if row.detail == Membership.Role.ADMINISTRATOR:
        found.append(
            Role(ADMINISTRATOR, f"Organisation administrator, {row.name}",
                 organisation_id=row.organisation_id)
        )  # fmt: skip
    return found


def tasks(user, roles, today) -> list[Task]:
    """Applications waiting for the person's steering groups; for organisation
    administrators, questions to answer, champions to appoint and people asking to join.
    At most three queries."""
    found = _applications_waiting(roles.compact_ids(STEERING))
    administered = roles.organisation_ids(ADMINISTRATOR)
    if administered:
        found += _signature_tasks(administered)
        found += _join_requests(administered)
    return found


def _applications_waiting(compact_ids) -> list[Task]:
    if not compact_ids:
        return []
    waiting = (
        Signatory.objects.filter(compact_id__in=compact_ids, status__in=WAITING_FOR_DECISION)
        .values("compact__name")
        .annotate(number=Count("id"), oldest=Min("created_at"))
        .order_by("compact__name")
    )
    return [
        Task(
            title=f"Decide {counted(row['number'], 'application')} to sign {row['compact__name']}",
            url=reverse("signatories:queue"),
            count=row["number"],
            detail=f"Waiting for your steering group since "
            f"{timezone.localdate(row['oldest']):%-d %B %Y}",
        )
        for row in waiting
    ]


def _signature_tasks(organisation_ids) -> list[Task]:
    serving = Champion.objects.filter(signatory=OuterRef("pk"), stepped_down_at__isnull=True)
    signatures = (
        Signatory.objects.filter(organisation_id__in=organisation_ids)
        .filter(
            Q(status=Signatory.Status.INFORMATION_REQUESTED)
            | Q(Q(status=Signatory.Status.ACTIVE) & ~Exists(serving))
        )
        .select_related("organisation", "compact")
        .order_by("organisation__name", "compact__name")
    )
    found = []
    for signature in signatures:
        where = {"slug": signature.organisation.slug, "pk": signature.pk}
        if signature.status == Signatory.Status.INFORMATION_REQUESTED:
            found.append(
                Task(
                    title=f"Answer the steering group's questions about "
                    f"{signature.organisation.name}'s signature of {signature.compact.name}",
                    url=reverse("signatories:answer", kwargs=where),
                    detail="The steering group cannot decide until you answer",
                )
            )
        else:
            found.append(
                Task(
                    title=f"Appoint a compact champion for {signature.organisation.name} "
                    f"under {signature.compact.name}",
                    url=reverse("signatories:champions", kwargs=where),
                    detail="Every signatory names a champion when it signs",
                )
            )
    return found


def _join_requests(organisation_ids) -> list[Task]:
    waiting = (
        JoinRequest.objects.filter(
            organisation_id__in=organisation_ids, status=JoinRequest.Status.PENDING
        )
        .values("organisation__name", "organisation__slug")
        .annotate(number=Count("id"))
        .order_by("organisation__name")
    )
    return [
        Task(
            title=f"{counted(row['number'], 'person', 'people')} asking to join "
            f"{row['organisation__name']}",
            url=reverse("signatories:dashboard", kwargs={"slug": row["organisation__slug"]}),
            count=row["number"],
        )
        for row in waiting
    ]
