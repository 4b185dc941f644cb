"""Who may see and change funding changes and consultations: views, templates, services."""

from commitments.permissions import is_steering_group_member
from signatories.models import Membership, Organisation, Signatory


def is_officer_of(user, organisation: Organisation, compact) -> bool:
    """Whether `user` belongs to `organisation`, a statutory active signatory of `compact`."""
    return (
        user.is_authenticated
        and organisation.sector == Organisation.Sector.STATUTORY
        and Membership.objects.filter(user=user, organisation=organisation).exists()
        and Signatory.objects.filter(
            organisation=organisation, compact=compact, status=Signatory.Status.ACTIVE
        ).exists()
    )


def is_officer(user) -> bool:
    """Whether `user` is an officer of any statutory signatory (may log changes at all)."""
    return (
        user.is_authenticated
        and Signatory.objects.filter(
            status=Signatory.Status.ACTIVE,
            organisation__sector=Organisation.Sector.STATUTORY,
            organisation__memberships__user=user,
        ).exists()
    )


def can_view_funding_change(user, change) -> bool:
    """The funding body, the recipient and the compact's steering group; nobody else."""
    if not user.is_authenticated:
        return False
    if Membership.objects.filter(
        user=user, organisation_id__in=[change.funding_body_id, change.recipient_id]
    ).exists():
        return True
    return is_steering_group_member(user, change.compact)


def can_change_funding_change(user, change) -> bool:
    """Only the funding body's own people amend, withdraw or decide, and not once withdrawn."""
    return (
        not change.is_withdrawn
        and user.is_authenticated
        and Membership.objects.filter(user=user, organisation_id=change.funding_body_id).exists()
    )


def can_decide_exceptional(user, change) -> bool:
    """The compact's steering group agrees or refuses a late claim of exceptional circumstances."""
    return is_steering_group_member(user, change.compact)


def can_respond_to_funding_change(user, change) -> bool:
    """The funded organisation's people may respond while the change stands. Whether it
    still takes responses (no final decision yet) is `FundingChange.takes_responses`."""
    return (
        not change.is_withdrawn
        and user.is_authenticated
        and Membership.objects.filter(user=user, organisation_id=change.recipient_id).exists()
    )


def can_manage_consultation(user, consultation) -> bool:
    """People of the body running it publish its feedback."""
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation_id=consultation.organisation_id
        ).exists()
    )


def can_follow_for(user, organisation: Organisation, compact) -> bool:
    """A member of a VCS organisation that is an active signatory of the consultation's compact."""
    return (
        user.is_authenticated
        and organisation.sector == Organisation.Sector.VCS
        and Membership.objects.filter(user=user, organisation=organisation).exists()
        and Signatory.objects.filter(
            organisation=organisation, compact=compact, status=Signatory.Status.ACTIVE
        ).exists()
    )


def can_manage_calendar(user, organisation: Organisation) -> bool:
    """Members of an organisation see and reset its calendar address."""
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation=organisation).exists()
    )
