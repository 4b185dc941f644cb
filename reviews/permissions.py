from commitments.permissions import is_steering_group_member
from signatories.permissions import is_member


def can_run_reviews(user, compact) -> bool:
    """Whether `user` may answer the self-assessment, see all plans collated and offer help."""
    return is_steering_group_member(user, compact)


def can_keep_action_plan(user, organisation) -> bool:
    """Whether `user` may see and edit `organisation`'s action plans: its own people only."""
    return is_member(user, organisation)
