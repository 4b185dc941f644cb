"""What commitments adds to a person's home (their seats on steering groups, see core.roles) and
to the portal's front page (the compacts on the portal, core.panels slot "portal_home")."""

from core.roles import STEERING, Role, role_rows

from .models import Compact, SteeringGroupMember
from .selectors import published_compacts

ROLE_KINDS = ("steering_seat", "portal_administrator")
_SEAT_NAMES = dict(SteeringGroupMember.Role.choices)


def role_rows_of(user):
    """A row per compact whose steering group `user` sits on. The portal's superusers act as
    every steering group (commitments.permissions says so)."""
    if user.is_superuser:
        return role_rows(Compact.objects.all(), kind="portal_administrator", name="name",
                         compact="pk")  # fmt: skip
    return role_rows(
        SteeringGroupMember.objects.filter(user=user),
        kind="steering_seat", name="compact__name", compact="compact_id", detail="role",
    )  # fmt: skip


def roles(row) -> list[Role]:
    if row.kind == "portal_administrator":
        return [Role(STEERING, f"Portal administrator for {row.name}", compact_id=row.compact_id)]
    seat = _SEAT_NAMES.get(row.detail, "Member")
    return [Role(STEERING, f"{seat} of the {row.name} steering group", compact_id=row.compact_id)]


def front_page_compacts(organisation, user):
    """The "portal_home" panel: a "Find your compact" search and how many compacts there are
    (one query: the front page no longer lists every compact)."""
    count = published_compacts().count()
    return {"compact_count": count} if count else None
