"""What commitments adds to a person's home: their seats on steering groups (see core.roles)."""

from core.roles import STEERING, Role

from .models import Compact, SteeringGroupMember


def roles(user) -> list[Role]:
    """A role per compact whose steering group `user` sits on. One query.

    The portal's superusers act as every steering group (commitments.permissions says so).
    """
    if user.is_superuser:
        return [
            Role(STEERING, f"Portal administrator for {name}", compact_id=pk)
            for pk, name in Compact.objects.order_by("name").values_list("pk", "name")
        ]
    seats = SteeringGroupMember.objects.filter(user=user).select_related("compact")
    return [
        Role(
            STEERING,
            f"{seat.get_role_display()} of the {seat.compact.name} steering group",
            compact_id=seat.compact_id,
        )
        for seat in seats.order_by("compact__name")
    ]
