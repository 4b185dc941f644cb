"""What other apps do when a compact publishes a new version, without commitments importing them.

signatories builds on commitments, so when a version is put in force commitments calls the
handlers that higher apps registered in AppConfig.ready() (signatories lapses the
signatures of the older text). Handlers run inside the publishing transaction.
"""

from collections.abc import Callable

_handlers: list[Callable] = []


def register_new_version_handler(handler: Callable) -> None:
    """`handler(*, compact, new_version, actor)` does one app's part when a version is published."""
    if handler not in _handlers:
        _handlers.append(handler)


def new_version_published(*, compact, new_version, actor=None) -> None:
    for handler in _handlers:
        handler(compact=compact, new_version=new_version, actor=actor)
