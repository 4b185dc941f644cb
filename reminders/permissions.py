from commitments.permissions import is_steering_group_member


def can_manage_reminders(user, compact) -> bool:
    """Whether `user` may change `compact`'s reminder timings and resend failed reminders."""
    return is_steering_group_member(user, compact)
