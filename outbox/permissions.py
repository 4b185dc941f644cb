from core.roles import STEERING, roles_of


def can_watch_outbox(user) -> bool:
    """The portal's administrators (staff), and steering groups for their own compact's e-mail."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or roles_of(user).compact_ids(STEERING))


def can_send_again(user, message) -> bool:
    """Staff for any e-mail; a steering-group member for one of their compact's."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return message.compact_id is not None and message.compact_id in roles_of(user).compact_ids(
        STEERING
    )
