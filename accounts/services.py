"""Writes about people: erasing a person's personal data on request."""

import datetime

from django.db import transaction

from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed
from core.personal_data import FORMER_MEMBER, erase_from_every_app

from .models import FORMER_MEMBER_EMAIL, ErasureRecord, User
from .permissions import can_erase


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


@transaction.atomic
def person_erase(
    *, actor, person: User, requested_by: str, request_received_on: datetime.date
) -> ErasureRecord:
    """Erase `person` at their request: every app's erasure handler removes or reassigns
    what it holds (core.personal_data), then the account itself is deleted. Leaves an
    `ErasureRecord` naming who asked, who erased and when. Only staff and a steering
    group's administrators of the person's compact may (accounts.permissions.can_erase)."""
    if person.is_former_member:
        raise ApplicationError("This account stands for people already erased.")
    if actor.pk == person.pk:
        raise ApplicationError("You cannot erase your own account here: ask the steering group.")
    if not can_erase(actor, person):
        raise ApplicationError("You cannot erase this person's data.")
    person = User.objects.select_for_update().get(pk=person.pk)
    placeholder = former_member()
    erase_from_every_app(person=person, former_member=placeholder)
    former_account_id = person.pk
    person.delete()
    # A champion's name, a signer's name or an organisation's address may have changed.
    public_pages_changed()
    return ErasureRecord.objects.create(
        former_account_id=former_account_id,
        requested_by=requested_by,
        request_received_on=request_received_on,
        erased_by=actor,
    )
