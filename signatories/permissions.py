from .models import Membership, Organisation


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
