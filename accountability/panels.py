"""What this app shows on other apps' organisation pages (see core.panels)."""

from django.db.models import Count, Q

from signatories.models import Membership, Organisation

from . import selectors
from .models import FundingChange

DASHBOARD_LIMIT = 10


def dashboard_context(organisation: Organisation, user) -> dict | None:
    """For the organisation's own people: changes affecting it or logged by it, consultations
    it follows, and the changes still waiting for its response. Five queries."""
    if (
        user is None
        or not Membership.objects.filter(
            user_id=getattr(user, "pk", None), organisation=organisation
        ).exists()
    ):
        return None
    responded = Count("responses", filter=Q(responses__organisation=organisation))
    affecting = list(
        selectors.changes_affecting(organisation=organisation).annotate(responded=responded)[
            :DASHBOARD_LIMIT
        ]
    )
    logged = list(selectors.changes_made_by(organisation=organisation)[:DASHBOARD_LIMIT])
    followed = list(selectors.followed_consultations(organisation=organisation)[:DASHBOARD_LIMIT])
    needs_response = [
        change for change in affecting if not change.responded and not change.is_withdrawn
    ]
    return {
        "affecting": affecting,
        "logged": logged,
        "followed": followed,
        "needs_response": needs_response,
        "statuses": FundingChange.Status,
    }


def public_context(organisation: Organisation, user) -> dict | None:
    """A statutory body's record, for anyone. Two queries."""
    if organisation.sector != Organisation.Sector.STATUTORY:
        return None
    return {"record": selectors.body_record(organisation)}
