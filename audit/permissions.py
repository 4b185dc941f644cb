from commitments.permissions import is_steering_group_member


def can_read_history(user, compact) -> bool:
    """The database's history of a compact's records is for its steering group (and the
    portal's administrators, whom commitments counts as every steering group)."""
    return is_steering_group_member(user, compact)
