from django.db.models import QuerySet

from .models import Membership, Organisation, Signatory


def organisations_of(*, user) -> QuerySet[Organisation]:
    """The organisations `user` belongs to, in any role."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def active_signatories(*, compact) -> QuerySet[Signatory]:
    """A compact's signatories in good standing, with their organisations."""
    return Signatory.objects.filter(compact=compact, status=Signatory.Status.ACTIVE).select_related(
        "organisation"
    )


def membership_of(*, user, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()
