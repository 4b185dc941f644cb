"""Panels on an organisation's dashboard, contributed by each app.

An app registers a panel in its AppConfig.ready(): a template and a function that
returns the panel's context for one organisation, or None when it has nothing to
show. The dashboard view renders them in order of registration; each function must
make a fixed number of queries, whatever the organisation holds.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: Callable  # (organisation, user) -> dict | None


_panels: list[Panel] = []


def register_panel(template_name: str, context: Callable) -> None:
    if any(panel.template_name == template_name for panel in _panels):
        return
    _panels.append(Panel(template_name, context))


def panels_for(organisation, user) -> list[tuple[str, dict]]:
    """The panels with something to show, as (template name, context) pairs."""
    shown = []
    for panel in _panels:
        context = panel.context(organisation, user)
        if context is not None:
            shown.append((panel.template_name, context))
    return shown
