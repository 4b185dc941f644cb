from commitments.models import CompactVersion, SteeringGroupMember
from signatories.models import Membership, Signatory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    published_compact,
)


def compact_with_steering_group():
    """A published compact with an administrator and an ordinary member of its steering group."""
    compact = published_compact()
    administrator = SteeringGroupMemberFactory(
        compact=compact, role=SteeringGroupMember.Role.ADMINISTRATOR
    ).user
    member = SteeringGroupMemberFactory(compact=compact, role=SteeringGroupMember.Role.MEMBER).user
    return compact, administrator, member


def signed_organisation(compact, *, status=Signatory.Status.ACTIVE, approved_on=None):
    """An organisation that signed `compact`, with an administrator and an ordinary member."""
    organisation = OrganisationFactory()
    administrator = MembershipFactory(
        organisation=organisation, role=Membership.Role.ADMINISTRATOR
    ).user
    member = MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user
    signatory = SignatoryFactory(
        organisation=organisation,
        compact=compact,
        status=status,
        approved_on=approved_on,
    )
    return signatory, administrator, member


def publish_new_version(compact, *, published_at):
    old = compact.versions.get(status=CompactVersion.Status.PUBLISHED)
    old.status = CompactVersion.Status.ARCHIVED
    old.save()
    return CompactVersion.objects.create(
        compact=compact,
        number=old.number + 1,
        label="2027",
        adopted_on=published_at.date(),
        status=CompactVersion.Status.PUBLISHED,
        published_at=published_at,
        minimum_notice_months=old.minimum_notice_months,
    )
