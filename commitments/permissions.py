from core.roles import roles_of

from .models import Compact, SteeringGroupMember


def is_steering_group_member(user, compact: Compact) -> bool:
    """Whether `user` sits on the steering group (or is an administrator) of `compact`."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return SteeringGroupMember.objects.filter(compact=compact, user=user).exists()


def steering_compact_ids(user) -> set[int]:
    """Ids of the compacts whose steering group `user` sits on."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Compact.objects.values_list("id", flat=True))
    return set(SteeringGroupMember.objects.filter(user=user).values_list("compact_id", flat=True))


def steering_group_two_factor_reason(user) -> str | None:
    """The two-factor rule commitments registers with core.two_factor: steering-group
    members see confidential cases. Read from the person's roles, which the navigation
    reads on the same request, so the rule costs no query of its own."""
    if roles_of(user).is_steering:
        return "You are on a compact's steering group, so you see confidential cases."
    return None
