"""Who may see and do what with organisations, signatures and champions' contacts."""

from commitments.permissions import is_steering_group_member

from .models import Membership, Organisation, Signatory


def is_member(user, organisation: Organisation) -> bool:
    """Whether `user` belongs to `organisation` in any role."""
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def is_organisation_administrator(user, organisation: Organisation) -> bool:
    """Whether `user` may manage `organisation`'s people, details and signatures."""
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation=organisation, role=Membership.Role.ADMINISTRATOR
        ).exists()
    )


def can_manage_organisation(user, organisation: Organisation) -> bool:
    """Administrators run their organisation: people, signatures, champions."""
    return is_organisation_administrator(user, organisation)


def can_view_organisation_dashboard(user, organisation: Organisation) -> bool:
    return is_member(user, organisation)


def can_decide_applications(user, compact) -> bool:
    """The compact's steering group approves, rejects and questions applications."""
    return is_steering_group_member(user, compact)


def can_view_champion_contacts(user, compact) -> bool:
    """Champions' names and e-mails: for signed-in members of the compact's active signatory
    organisations, and for its steering group. The public sees only that there is a champion."""
    if not user.is_authenticated:
        return False
    if is_steering_group_member(user, compact):
        return True
    return Signatory.objects.filter(
        compact=compact, status=Signatory.Status.ACTIVE, organisation__memberships__user=user
    ).exists()


def has_signed(organisation: Organisation, compact=None) -> bool:
    """Whether `organisation` has a signature in force (of `compact`, or of any compact).
    Other apps ask this before offering what only signatories do."""
    signatures = Signatory.objects.active().filter(organisation=organisation)
    if compact is not None:
        signatures = signatures.filter(compact=compact)
    return signatures.exists()


def is_invitation_for(user, invitation) -> bool:
    """An invitation is for the address it was sent to: the person must be signed in with
    it (their login, or another address of theirs that they have confirmed)."""
    if not user.is_authenticated:
        return False
    address = invitation.email.strip().lower()
    if user.email.lower() == address:
        return True
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=address, verified=True).exists()
