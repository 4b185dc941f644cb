"""Handing an organisation's open matters to the body that succeeded it.

When a council merges or an NHS body is replaced, signatories records the
succession and moves the signatures; each other app moves its own open matters
(funding changes still to take effect, open cases) through a handler it
registers in AppConfig.ready(). Handlers run inside the succession's transaction
and keep their own history of what moved.
"""

from collections.abc import Callable

_handlers: list[Callable] = []


def register_succession_handler(handler: Callable) -> None:
    """`handler(*, actor, predecessor, successor)` moves one app's open matters."""
    if handler not in _handlers:
        _handlers.append(handler)


def hand_over_open_matters(*, actor, predecessor, successor) -> None:
    for handler in _handlers:
        handler(actor=actor, predecessor=predecessor, successor=successor)
