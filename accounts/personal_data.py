"""What accounts holds about a person (core.personal_data): the account, its e-mail
addresses and second factors; and, on erasure, the admin's log of their actions."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from core.personal_data import FORMER_MEMBER, Section, row

from .models import ErasureRecord, User


def personal_data(person) -> list[Section]:
    account = Section(
        "account",
        "Your account",
        [
            row(
                {
                    "Full name": person.full_name,
                    "E-mail address": person.email,
                    "Account opened": person.date_joined,
                    "Last signed in": person.last_login,
                    "Portal staff": person.is_staff,
                }
            )
        ],
    )
    addresses = Section(
        "email_addresses",
        "Your e-mail addresses",
        [
            row({"E-mail address": address.email, "Confirmed": address.verified,
                 "Main address": address.primary})
            for address in EmailAddress.objects.filter(user=person).order_by("email")
        ],
    )  # fmt: skip
    second_factors = Section(
        "second_factors",
        "Your second factors",
        [
            # What kind and when, never the secret itself.
            row({"Kind": authenticator.get_type_display(), "Set up": authenticator.created_at,
                 "Last used": authenticator.last_used_at})
            for authenticator in Authenticator.objects.filter(user=person).order_by("created_at")
        ],
    )  # fmt: skip
    return [account, addresses, second_factors]


def erase(*, person, former_member) -> None:
    """E-mail addresses and second factors go with the account (they cascade). The
    admin's log keeps what was done, by "A former member", and forgets the name it
    recorded for the person's own account."""
    LogEntry.objects.filter(user=person).update(user=former_member)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    ).update(object_repr=FORMER_MEMBER, change_message="")
    ErasureRecord.objects.filter(erased_by=person).update(erased_by=former_member)
