"""Writes about people: erasing a person's personal data on request."""

import datetime

from django.db import transaction

from core.exceptions import ApplicationError
from core.personal_data import FORMER_MEMBER, erase_from_every_app

from .models import ErasureRecord, User

# The account records that must outlive a person point at. `.invalid` can never receive
# mail (RFC 2606), and the account has no password, so nobody can sign in as it.
FORMER_MEMBER_EMAIL = "former-member@portal.invalid"


def former_member() -> User:
    """The one "A former member" account, created the first time a person is erased."""
    account, created = User.objects.get_or_create(
        email=FORMER_MEMBER_EMAIL,
        defaults={"full_name": FORMER_MEMBER, "is_active": False},
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


def is_former_member(user) -> bool:
    return getattr(user, "email", None) == FORMER_MEMBER_EMAIL


@transaction.atomic
def person_erase(
    *, actor, person: User, requested_by: str, request_received_on: datetime.date
) -> ErasureRecord:
    """Erase `person` at their request: every app's erasure handler removes or reassigns
    what it holds (core.personal_data), then the account itself is deleted. Leaves an
    `ErasureRecord` naming who asked, who erased and when. The caller checks permission
    (accounts.permissions.can_erase)."""
    if is_former_member(person):
        raise ApplicationError("This account stands for people already erased.")
    if actor is not None and actor.pk == person.pk:
        raise ApplicationError("You cannot erase your own account here: ask the steering group.")
    person = User.objects.select_for_update().get(pk=person.pk)
    placeholder = former_member()
    erase_from_every_app(person=person, former_member=placeholder)
    former_account_id = person.pk
    person.delete()
    return ErasureRecord.objects.create(
        former_account_id=former_account_id,
        requested_by=requested_by,
        request_received_on=request_received_on,
        erased_by=actor,
    )
