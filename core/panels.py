"""Panels that one app contributes to another app's pages, without either importing the other.

Slots used so far:
- "organisation_dashboard": an organisation's dashboard, for its own people.
  Context functions take (organisation, user).
- "organisation_public": an organisation's public page in the directory.
  Context functions take (organisation, user) too; the user may be anonymous.
- "portal_home": the portal's front page (core:home); organisation is None.

An app registers its panels in AppConfig.ready(). A context function returns the
panel's context, or None when it has nothing to show, and makes a fixed number of
queries whatever the organisation holds. Pages render a slot with
`{% load portal %}{% panels "organisation_dashboard" organisation %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    slot: str
    template_name: str
    context: Callable  # (organisation, user) -> dict | None


_panels: list[Panel] = []


def register_panel(slot: str, template_name: str, context: Callable) -> None:
    if any(p.slot == slot and p.template_name == template_name for p in _panels):
        return
    _panels.append(Panel(slot, template_name, context))


def panels_for(slot: str, organisation, user) -> list[tuple[str, dict]]:
    """The panels of `slot` with something to show, as (template name, context) pairs."""
    shown = []
    for panel in _panels:
        if panel.slot != slot:
            continue
        context = panel.context(organisation, user)
        if context is not None:
            shown.append((panel.template_name, context))
    return shown
