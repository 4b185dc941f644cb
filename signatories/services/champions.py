"""Compact Champions: appointing, replacing, stepping down."""

from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed

from ..models import (
    Champion,
    Signatory,
)
from ..permissions import can_manage_organisation

# Champions ---------------------------------------------------------------------------------

CHAMPION_FIELDS = (
    "kind",
    "name",
    "email",
    "telephone",
    "department",
    "deputy_name",
    "deputy_email",
    "senior_contact_name",
    "senior_contact_role",
)


@transaction.atomic
def champion_appoint(
    *, actor, signatory: Signatory, details: dict, replacing: Champion | None = None
) -> Champion:
    """Appoint a Compact Champion to an active signature.

    A lead champion names a deputy, so the role survives a departure; a departmental champion
    names their department. There is one current lead: appointing another replaces the first.
    """
    if not can_manage_organisation(actor, signatory.organisation):
        raise ApplicationError("Only the organisation's administrators can appoint champions")
    if signatory.status != Signatory.Status.ACTIVE:
        raise ApplicationError("Champions are appointed once the signature is active")
    data = {field: (details.get(field) or "").strip() for field in CHAMPION_FIELDS}
    if data["kind"] == Champion.Kind.LEAD and not data["deputy_name"]:
        raise ApplicationError("Name the lead champion's deputy", field="deputy_name")
    if data["kind"] == Champion.Kind.DEPARTMENTAL and not data["department"]:
        raise ApplicationError("Enter the champion's department", field="department")
    current = signatory.champions.filter(stepped_down_at__isnull=True)
    if data["kind"] == Champion.Kind.LEAD:
        current.filter(kind=Champion.Kind.LEAD).update(stepped_down_at=timezone.now())
    if replacing is not None:
        champion_step_down(actor=actor, champion=replacing)
    public_pages_changed(compacts=[signatory.compact])
    return Champion.objects.create(signatory=signatory, appointed_by=actor, **data)


@transaction.atomic
def champion_step_down(*, actor, champion: Champion) -> Champion:
    """The champion leaves the role; the record stays as history."""
    if not can_manage_organisation(actor, champion.signatory.organisation):
        raise ApplicationError("Only the organisation's administrators can change champions")
    if champion.stepped_down_at is None:
        champion.stepped_down_at = timezone.now()
        champion.save(update_fields=["stepped_down_at"])
        public_pages_changed(compacts=[champion.signatory.compact])
    return champion
