"""What the reviews app adds to other apps' pages (see core.panels)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from signatories.models import Membership, Signatory

from .models import ActionPlan, ActionPlanEntry
from .services import current_year


def dashboard_panel(organisation, user) -> dict | None:
    """This year's plan for each compact the organisation has signed, for its own people.

    One query: membership is checked inside it (a non-member gets nothing), because the
    dashboard carries several apps' panels within one query budget.
    """
    if user is None or not user.is_authenticated:
        return None
    year = current_year()
    plans = ActionPlan.objects.filter(
        compact=OuterRef("compact"), organisation=organisation, year=year
    )
    need_help = (
        ActionPlanEntry.objects.filter(
            plan__compact=OuterRef("compact"),
            plan__organisation=organisation,
            plan__year=year,
            status=ActionPlanEntry.Status.NEED_HELP,
        )
        .values("plan__compact")
        .annotate(number=Count("id"))
        .values("number")
    )
    signatures = list(
        Signatory.objects.active()
        .filter(
            Exists(Membership.objects.filter(user_id=user.pk, organisation=organisation)),
            organisation=organisation,
        )
        .select_related("compact")
        .annotate(
            plan_id=Subquery(plans.values("id")[:1]),
            need_help=Coalesce(Subquery(need_help, output_field=IntegerField()), 0),
        )
        .order_by("compact__name")
    )
    if not signatures:
        return None
    return {
        "year": year,
        "rows": [(s.compact, s.plan_id, s.need_help) for s in signatures],
    }
