def can_watch_outbox(user) -> bool:
    """The portal's administrators (staff): e-mail goes to every compact, not one group's."""
    return bool(user.is_authenticated and user.is_staff)
