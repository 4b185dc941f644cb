"""What this app shows on other apps' organisation pages (see core.panels)."""

from django.db.models import Count, Exists, Q

from signatories.models import Membership, Organisation

from . import selectors
from .models import Consultation, FundingChange

DASHBOARD_LIMIT = 10


def dashboard_context(organisation: Organisation, user) -> dict | None:
    """For the organisation's own people: changes affecting it or logged by it, consultations
    it follows, and the changes still waiting for its response.

    Two queries: membership is checked inside each (a non-member gets empty lists), because
    the dashboard carries several apps' panels within one query budget.
    """
    if user is None or not user.is_authenticated:
        return None
    is_member = Exists(Membership.objects.filter(user_id=user.pk, organisation=organisation))
    responded = Count("responses", filter=Q(responses__organisation=organisation))
    changes = list(
        FundingChange.objects.filter(is_member)
        .filter(Q(recipient=organisation) | Q(funding_body=organisation))
        .select_related("funding_body", "recipient", "compact")
        .annotate(responded=responded)[: DASHBOARD_LIMIT * 2]
    )
    affecting = [c for c in changes if c.recipient_id == organisation.pk][:DASHBOARD_LIMIT]
    logged = [c for c in changes if c.funding_body_id == organisation.pk][:DASHBOARD_LIMIT]
    followed = list(
        Consultation.objects.filter(is_member, follows__organisation=organisation)
        .select_related("organisation")
        .order_by("closes_on")[:DASHBOARD_LIMIT]
    )
    needs_response = [
        change for change in affecting if not change.responded and change.takes_responses
    ]
    return {
        "affecting": affecting,
        "logged": logged,
        "followed": followed,
        "needs_response": needs_response,
    }


def public_context(organisation: Organisation, user) -> dict | None:
    """A statutory body's record, for anyone. Two queries."""
    if organisation.sector != Organisation.Sector.STATUTORY:
        return None
    return {"record": selectors.body_record(organisation)}
