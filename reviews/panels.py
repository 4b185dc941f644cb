"""What the reviews app adds to other apps' pages (see core.panels)."""

from .permissions import can_keep_action_plan
from .selectors import need_help_counts, plan_signatory_compacts, plans_of_organisation
from .services import current_year


def dashboard_panel(organisation, user) -> dict | None:
    """This year's plan for each compact the organisation signed, for its own people only.

    Four queries whatever the organisation holds.
    """
    if not can_keep_action_plan(user, organisation):
        return None
    signatures = plan_signatory_compacts(organisation)
    if not signatures:
        return None
    year = current_year()
    plans = plans_of_organisation(organisation, [year])
    need_help = need_help_counts(plans.values())
    rows = []
    for signature in signatures:
        plan = plans.get((signature.compact_id, year))
        rows.append((signature.compact, plan, need_help.get(plan.id, 0) if plan else 0))
    return {"year": year, "rows": rows}
