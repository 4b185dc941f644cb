"""What signatories holds about a person (core.personal_data), erasing it, and which
people a steering group's administrators may erase (the people of their compact's
signatories)."""

from django.db.models import Q
from django.utils import timezone

from commitments.personal_data import administered_compact_ids
from core.personal_data import FORMER_MEMBER, Section, row

from .models import (
    Champion,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    Signatory,
    SignatoryStatusChange,
    SignUpApplication,
)


def administrators_may_erase(actor, person) -> bool:
    """A steering group's administrators may erase the members of any organisation that
    has signed (or asked to sign) their compact."""
    if person is None:
        return False  # commitments answers whether the actor may erase anyone at all
    compact_ids = administered_compact_ids(actor)
    return (
        bool(compact_ids)
        and Membership.objects.filter(
            user=person, organisation__signatures__compact_id__in=compact_ids
        ).exists()
    )


def _as_champion(person):
    return Champion.objects.filter(
        Q(email__iexact=person.email) | Q(deputy_email__iexact=person.email)
    ).select_related("signatory__organisation", "signatory__compact")


def personal_data(person) -> list[Section]:
    memberships = Membership.objects.filter(user=person).select_related("organisation")
    join_requests = JoinRequest.objects.filter(user=person).select_related("organisation")
    invitations = Invitation.objects.filter(email__iexact=person.email).select_related(
        "organisation"
    )
    applications = SignUpApplication.objects.filter(user=person).select_related("organisation")
    signed = Signatory.objects.filter(submitted_by=person).select_related("organisation", "compact")
    return [
        Section("memberships", "Your organisations", [
            row({"Organisation": m.organisation.name, "Role": m.get_role_display(),
                 "Joined": m.joined_at})
            for m in memberships
        ]),
        Section("champion_roles", "Your Compact Champion roles", [
            row({"Organisation": c.signatory.organisation.name,
                 "Compact": c.signatory.compact.name,
                 "Role": c.get_kind_display() if c.email.lower() == person.email.lower()
                 else f"Deputy to {c.name}",
                 "Name given": c.name if c.email.lower() == person.email.lower()
                 else c.deputy_name,
                 "Telephone": c.telephone if c.email.lower() == person.email.lower() else "",
                 "Department": c.department,
                 "Appointed": c.appointed_at, "Stepped down": c.stepped_down_at})
            for c in _as_champion(person)
        ]),
        Section("join_requests", "Your requests to join an organisation", [
            row({"Organisation": r.organisation.name, "Status": r.get_status_display(),
                 "Asked": r.created_at, "Decided": r.decided_at})
            for r in join_requests
        ]),
        Section("invitations", "Invitations sent to you", [
            row({"Organisation": i.organisation.name, "Role": i.get_role_display(),
                 "Sent": i.created_at, "Accepted": i.accepted_at})
            for i in invitations
        ]),
        Section("sign_up_applications", "Your applications to sign a compact", [
            row({"Organisation": a.organisation_name, "Started": a.created_at,
                 "Sent": a.submitted_at})
            for a in applications
        ]),
        Section("signatures", "Signatures you sent", [
            row({"Organisation": s.organisation.name, "Compact": s.compact.name,
                 "Signed by": s.signed_by_name, "Role or job title": s.signed_by_role,
                 "Date signed": s.signed_on, "Status": s.get_status_display()})
            for s in signed
        ]),
    ]  # fmt: skip


def erase(*, person, former_member) -> None:
    """Memberships, join requests and sign-up applications go with the account (they
    cascade); invitations to the person's address are deleted. Signatures, status
    history, champions' records and decisions stay, by "A former member"; a champion's
    name and contacts are replaced and a current champion steps down."""
    email = person.email
    Invitation.objects.filter(email__iexact=email).delete()
    Invitation.objects.filter(invited_by=person).update(invited_by=former_member)
    Invitation.objects.filter(accepted_by=person).update(accepted_by=former_member)
    JoinRequest.objects.filter(decided_by=person).update(decided_by=former_member)
    SignatoryStatusChange.objects.filter(actor=person).update(actor=former_member)
    if person.full_name:
        Signatory.objects.filter(
            submitted_by=person, signed_by_name__iexact=person.full_name
        ).update(signed_by_name=FORMER_MEMBER)
    Signatory.objects.filter(submitted_by=person).update(submitted_by=former_member)
    Champion.objects.filter(email__iexact=email, stepped_down_at__isnull=True).update(
        stepped_down_at=timezone.now()
    )
    Champion.objects.filter(email__iexact=email).update(name=FORMER_MEMBER, email="", telephone="")
    Champion.objects.filter(deputy_email__iexact=email).update(deputy_name="", deputy_email="")
    Champion.objects.filter(appointed_by=person).update(appointed_by=former_member)
    Organisation.objects.filter(email__iexact=email).update(email="")
