"""Organisations: one record per body, checked details, successions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from commitments.models import Compact
from commitments.permissions import is_steering_group_member
from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed
from core.succession import hand_over_open_matters

from .. import validators
from ..models import (
    Membership,
    Organisation,
    Signatory,
    SignatoryStatusChange,
)
from .signatures import _change_status

ORGANISATION_FIELDS = (
    "name",
    "sector",
    "kind",
    "charity_number",
    "company_number",
    "register_code",
    "address",
    "postcode",
    "telephone",
    "email",
    "website",
)


# Organisations -----------------------------------------------------------------------------


def organisation_clean_details(details: dict) -> dict:
    """Check and tidy an organisation's details; raises ApplicationError on the first bad field."""
    cleaned = {field: (details.get(field) or "").strip() for field in ORGANISATION_FIELDS}
    if not cleaned["name"]:
        raise ApplicationError("Enter the organisation's name", field="name")
    if cleaned["sector"] not in Organisation.Sector.values:
        raise ApplicationError("Choose the organisation's sector", field="sector")
    if cleaned["kind"] not in Organisation.Kind.values:
        raise ApplicationError("Choose the type of organisation", field="kind")
    try:
        validators.check_sector_and_kind(
            sector=cleaned["sector"],
            kind=cleaned["kind"],
            sector_label=Organisation.Sector(cleaned["sector"]).label,
            kind_label=Organisation.Kind(cleaned["kind"]).label,
        )
    except ValidationError as error:
        raise ApplicationError(error.messages[0], field="kind") from error
    normalisers = {
        "charity_number": validators.normalise_charity_number,
        "company_number": validators.normalise_company_number,
        "postcode": validators.normalise_postcode,
        "register_code": validators.normalise_register_code,
        "telephone": validators.normalise_telephone,
    }
    for field, normalise in normalisers.items():
        if cleaned[field]:
            try:
                cleaned[field] = normalise(cleaned[field])
            except ValidationError as error:
                raise ApplicationError(error.messages[0], field=field) from error
    if len(cleaned["email"]) > validators.EMAIL_MAX_LENGTH:
        raise ApplicationError(EMAIL_TOO_LONG, field="email")
    return cleaned


EMAIL_TOO_LONG = (
    f"The organisation's e-mail address must be {validators.EMAIL_MAX_LENGTH} characters or fewer"
)
NUMBER_LABELS = {"charity_number": "registered charity number", "company_number": "company number"}


class RegisteredNumberTaken(ApplicationError):
    """Another organisation on the portal already holds this charity or company number."""

    def __init__(self, *, field: str, organisation: Organisation):
        super().__init__(
            f"{organisation.name} is already on the portal with this {NUMBER_LABELS[field]}. "
            f"Ask to join {organisation.name}, or check the number",
            field=field,
        )
        self.organisation = organisation
        self.number = getattr(organisation, field)


def organisation_holding_number(
    *, charity_number: str = "", company_number: str = "", exclude: Organisation | None = None
) -> tuple[str, Organisation] | None:
    """The field and the organisation that already hold one of these registered numbers."""
    for field, number in (("charity_number", charity_number), ("company_number", company_number)):
        if not number:
            continue
        holders = Organisation.objects.filter(**{field: number})
        if exclude is not None:
            holders = holders.exclude(pk=exclude.pk)
        holder = holders.first()
        if holder is not None:
            return field, holder
    return None


def organisation_refuse_taken_number(details: dict, *, exclude: Organisation | None = None):
    """Raise RegisteredNumberTaken when cleaned `details` carry another organisation's number:
    one body, one record, so the person asks to join the one already here."""
    taken = organisation_holding_number(
        charity_number=details.get("charity_number", ""),
        company_number=details.get("company_number", ""),
        exclude=exclude,
    )
    if taken is not None:
        field, holder = taken
        raise RegisteredNumberTaken(field=field, organisation=holder)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organisation_create(
    *, actor, details: dict, make_actor_administrator: bool = True
) -> Organisation:
    """Create an organisation from checked details; its creator becomes its administrator.

    Callers should first offer `organisations_matching` so that one body keeps one record;
    a charity or company number another organisation holds is refused (RegisteredNumberTaken).
    """
    cleaned = organisation_clean_details(details)
    organisation_refuse_taken_number(cleaned)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                slug=_unique_slug(cleaned["name"]), **cleaned
            )
    except IntegrityError:
        # Another request took the number between the check and the insert.
        organisation_refuse_taken_number(cleaned)
        raise
    if actor is not None and make_actor_administrator:
        Membership.objects.create(
            organisation=organisation, user=actor, role=Membership.Role.ADMINISTRATOR
        )
    return organisation


@transaction.atomic
def organisation_record_successor(
    *, actor, predecessor: Organisation, successor: Organisation, reason: str = ""
) -> Organisation:
    """Record that `successor` took over from `predecessor` (a merger, a replaced NHS body).

    The successor takes over the predecessor's open signatures (with their champions); where it
    already has its own signature of the same compact, the predecessor's is withdrawn instead.
    Other apps hand over their open matters through core.succession.
    Status history keeps the predecessor's name. Only a steering group of a compact the
    predecessor signed may do this.
    """
    compacts = Compact.objects.filter(signatories__organisation=predecessor).distinct()
    if not (
        getattr(actor, "is_superuser", False)
        or any(is_steering_group_member(actor, c) for c in compacts)
    ):
        raise ApplicationError("Only the steering group of a compact it signed can record this")
    if predecessor.pk == successor.pk or successor.succeeded_by_id == predecessor.pk:
        raise ApplicationError(
            "Choose a different organisation as the successor", field="successor"
        )
    predecessor.succeeded_by = successor
    predecessor.save(update_fields=["succeeded_by"])
    note = f"{successor.name} took over from {predecessor.name}. {reason}".strip()
    for signature in predecessor.signatures.filter(status__in=Signatory.OPEN_STATUSES):
        if successor.signatures.filter(
            compact=signature.compact_id, status__in=Signatory.OPEN_STATUSES
        ).exists():
            _change_status(signature, Signatory.Status.WITHDRAWN, actor=actor, reason=note)
            continue
        SignatoryStatusChange.objects.create(
            signatory=signature,
            compact_id=signature.compact_id,
            from_status=signature.status,
            to_status=signature.status,
            actor=actor,
            organisation_name=predecessor.name,
            reason=note,
        )
        signature.organisation = successor
        signature.save(update_fields=["organisation"])
    hand_over_open_matters(actor=actor, predecessor=predecessor, successor=successor)
    # Both organisations' pages, and every compact either signed.
    public_pages_changed()
    return predecessor


def organisations_matching(*, name: str, charity_number: str = "", company_number: str = ""):
    """Organisations that may be the same body: same number, or a name that matches closely."""
    query = Q(name__iexact=name.strip())
    if charity_number:
        query |= Q(charity_number=charity_number)
    if company_number:
        query |= Q(company_number=company_number)
    words = [w for w in slugify(name).split("-") if w not in {"the", "of", "and", "ltd", "limited"}]
    if words:
        query |= Q(slug__startswith="-".join(words))
    return Organisation.objects.filter(query).order_by("name")[:10]
