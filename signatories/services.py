"""Every write about organisations, their people, their signatures and their champions."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from commitments.models import Compact, CompactVersion
from commitments.permissions import is_steering_group_member
from commitments.selectors import published_version
from core.emails import send_portal_email
from core.exceptions import ApplicationError

from . import validators
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
from .permissions import can_manage_organisation

INVITATION_DAYS = 14
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
    normalisers = {
        "charity_number": validators.normalise_charity_number,
        "company_number": validators.normalise_company_number,
        "postcode": validators.normalise_postcode,
        "register_code": validators.normalise_register_code,
    }
    for field, normalise in normalisers.items():
        if cleaned[field]:
            try:
                cleaned[field] = normalise(cleaned[field])
            except ValidationError as error:
                raise ApplicationError(error.messages[0], field=field) from error
    return cleaned


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

    Callers should first offer `organisations_matching` so that one body keeps one record.
    """
    cleaned = organisation_clean_details(details)
    organisation = Organisation.objects.create(slug=_unique_slug(cleaned["name"]), **cleaned)
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
            from_status=signature.status,
            to_status=signature.status,
            actor=actor,
            organisation_name=predecessor.name,
            reason=note,
        )
        signature.organisation = successor
        signature.save(update_fields=["organisation"])
    return predecessor


# People ------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, actor, organisation: Organisation, email: str, role: str = Membership.Role.MEMBER
) -> Invitation:
    """Invite a colleague by e-mail; the link works for INVITATION_DAYS days."""
    if not can_manage_organisation(actor, organisation):
        raise ApplicationError("Only the organisation's administrators can invite people")
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ApplicationError(f"{email} already belongs to {organisation.name}", field="email")
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=actor,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    transaction.on_commit(
        lambda: send_portal_email(
            to=[email],
            template="signatories_invitation",
            context={
                "invitation": invitation,
                "organisation": organisation,
                "inviter": actor,
                "path": reverse("signatories:invitation_accept", args=[invitation.token]),
            },
        )
    )
    return invitation


@transaction.atomic
def invitation_accept(*, actor, token: str) -> Membership:
    """Join the organisation an invitation is for, unless it has expired or was used."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token=token)
        .first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ApplicationError("This invitation has already been used or does not exist")
    if invitation.expires_at < timezone.now():
        raise ApplicationError(
            "This invitation has expired. Ask the organisation's administrator to send a new one"
        )
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=actor, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def join_request_create(*, actor, organisation: Organisation) -> JoinRequest:
    """Ask an organisation's administrators to let `actor` join; they are told by e-mail."""
    if organisation.memberships.filter(user=actor).exists():
        raise ApplicationError(f"You already belong to {organisation.name}")
    existing = organisation.join_requests.filter(user=actor, status=JoinRequest.Status.PENDING)
    if existing.exists():
        return existing.get()
    join_request = JoinRequest.objects.create(organisation=organisation, user=actor)
    admins = list(
        organisation.memberships.filter(role=Membership.Role.ADMINISTRATOR).values_list(
            "user__email", flat=True
        )
    ) or [organisation.email]
    transaction.on_commit(
        lambda: send_portal_email(
            to=admins,
            template="signatories_join_request",
            context={
                "organisation": organisation,
                "person": actor,
                "path": reverse("signatories:dashboard", args=[organisation.slug]),
            },
        )
    )
    return join_request


@transaction.atomic
def join_request_decide(*, actor, join_request: JoinRequest, accept: bool) -> JoinRequest:
    """An administrator lets the person in (as a member) or declines."""
    if not can_manage_organisation(actor, join_request.organisation):
        raise ApplicationError("Only the organisation's administrators can decide this")
    if join_request.status != JoinRequest.Status.PENDING:
        raise ApplicationError("This request has already been decided")
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if accept:
        Membership.objects.get_or_create(
            organisation=join_request.organisation, user=join_request.user
        )
    return join_request


# The sign-up journey -----------------------------------------------------------------------


def application_start(*, actor, compact: Compact | None = None) -> SignUpApplication:
    """The person's unfinished application, or a new one: so that coming back resumes it."""
    application = SignUpApplication.objects.filter(user=actor, submitted_at__isnull=True).first()
    if application is None:
        application = SignUpApplication.objects.create(user=actor)
    if compact is not None and application.compact_id is None:
        application.compact = compact
        application.save(update_fields=["compact", "updated_at"])
    return application


@transaction.atomic
def application_save_organisation(
    *,
    actor,
    application: SignUpApplication,
    organisation: Organisation | None = None,
    details: dict | None = None,
) -> SignUpApplication:
    """Step 1: sign for an organisation the person administers, or describe a new one."""
    _check_open(actor, application)
    if organisation is not None:
        if not can_manage_organisation(actor, organisation):
            raise ApplicationError("You can only sign for organisations you administer")
        application.organisation = organisation
        application.organisation_details = {}
        application.duplicates_checked = True
    else:
        cleaned = organisation_clean_details(details or {})
        if cleaned != application.organisation_details:
            application.duplicates_checked = False
        application.organisation = None
        application.organisation_details = cleaned
    application.save()
    return application


def application_confirm_new_organisation(
    *, actor, application: SignUpApplication
) -> SignUpApplication:
    """The person looked at the possible duplicates and says theirs is a different body."""
    _check_open(actor, application)
    application.duplicates_checked = True
    application.save(update_fields=["duplicates_checked", "updated_at"])
    return application


def application_save_compact(
    *, actor, application: SignUpApplication, compact: Compact
) -> SignUpApplication:
    """Step 2: the compact to sign. It must be published and not already signed."""
    _check_open(actor, application)
    if published_version(compact) is None:
        raise ApplicationError("This compact cannot be signed yet", field="compact")
    if (
        application.organisation_id
        and Signatory.objects.filter(
            organisation=application.organisation_id,
            compact=compact,
            status__in=Signatory.OPEN_STATUSES,
        ).exists()
    ):
        raise ApplicationError(
            f"{application.organisation.name} has already signed or applied to sign {compact.name}",
            field="compact",
        )
    application.compact = compact
    application.save(update_fields=["compact", "updated_at"])
    return application


DECLARATION_FIELDS = (
    "signed_by_name",
    "signed_by_role",
    "has_read_and_discussed",
    "will_appoint_champion",
    "will_promote",
)


def application_save_declaration(
    *, actor, application: SignUpApplication, declaration: dict
) -> SignUpApplication:
    """Step 3: who signs, and the three promises of the sign-up form."""
    _check_open(actor, application)
    application.declaration = {field: declaration.get(field) for field in DECLARATION_FIELDS}
    application.save(update_fields=["declaration", "updated_at"])
    return application


def application_next_step(application: SignUpApplication) -> str:
    """The first step still to do: organisation, duplicates, compact, declaration or check."""
    if not application.organisation_id and not application.organisation_details:
        return "organisation"
    if not application.duplicates_checked:
        return "duplicates"
    if not application.compact_id:
        return "compact"
    declaration = application.declaration
    if not (
        declaration.get("signed_by_name")
        and declaration.get("signed_by_role")
        and declaration.get("has_read_and_discussed")
        and declaration.get("will_appoint_champion")
        and declaration.get("will_promote")
    ):
        return "declaration"
    return "check"


@transaction.atomic
def application_submit(*, actor, application: SignUpApplication) -> Signatory:
    """Create the organisation (if new) and the pending signature; tell applicant and steering."""
    _check_open(actor, application)
    step = application_next_step(application)
    if step != "check":
        raise ApplicationError("Some answers are missing. Complete every step before you submit")
    organisation = application.organisation or organisation_create(
        actor=actor, details=application.organisation_details
    )
    signatory = signatory_create(
        actor=actor,
        organisation=organisation,
        compact=application.compact,
        declaration=application.declaration,
    )
    application.organisation = organisation
    application.signatory = signatory
    application.submitted_at = timezone.now()
    application.save()
    _email_applicant(signatory, "signatories_submitted")
    admins = list(application.compact.steering_group.values_list("user__email", flat=True))
    transaction.on_commit(
        lambda: send_portal_email(
            to=admins or [application.compact.contact_email],
            template="signatories_new_application",
            context={
                "signatory": signatory,
                "path": reverse("signatories:application", args=[signatory.pk]),
            },
        )
    )
    return signatory


def _check_open(actor, application: SignUpApplication) -> None:
    if application.user_id != actor.pk:
        raise ApplicationError("This application belongs to someone else")
    if application.submitted_at is not None:
        raise ApplicationError("This application has already been sent")


# Signatures --------------------------------------------------------------------------------


def signatory_create(
    *,
    actor,
    organisation: Organisation,
    compact: Compact,
    declaration: dict,
    status: str = Signatory.Status.PENDING,
    signed_on: datetime.date | None = None,
    recorded_on_behalf: bool = False,
    reason: str = "Applied to sign",
) -> Signatory:
    """A new signature of the compact's published version, with its first history entry."""
    version = published_version(compact)
    if version is None:
        raise ApplicationError("This compact cannot be signed yet", field="compact")
    for field in DECLARATION_FIELDS[2:]:
        if not declaration.get(field):
            raise ApplicationError("Confirm each statement of the declaration", field=field)
    try:
        with transaction.atomic():
            signatory = Signatory.objects.create(
                organisation=organisation,
                compact=compact,
                version=version,
                status=status,
                signed_by_name=declaration["signed_by_name"].strip(),
                signed_by_role=declaration["signed_by_role"].strip(),
                has_read_and_discussed=True,
                will_appoint_champion=True,
                will_promote=True,
                signed_on=signed_on or timezone.localdate(),
                submitted_by=actor,
                recorded_on_behalf=recorded_on_behalf,
                approved_on=timezone.localdate() if status == Signatory.Status.ACTIVE else None,
                verification_code=_new_code() if status == Signatory.Status.ACTIVE else None,
            )
    except IntegrityError as error:
        raise ApplicationError(
            f"{organisation.name} has already signed or applied to sign {compact.name}",
            field="compact",
        ) from error
    SignatoryStatusChange.objects.create(
        signatory=signatory,
        from_status="",
        to_status=status,
        actor=actor,
        organisation_name=organisation.name,
        reason=reason,
    )
    return signatory


@transaction.atomic
def signatory_record_on_behalf(
    *,
    actor,
    compact: Compact,
    organisation: Organisation,
    declaration: dict,
    signed_on: datetime.date,
) -> Signatory:
    """The steering group types in a paper form: the signature is active at once."""
    if not is_steering_group_member(actor, compact):
        raise ApplicationError("Only the compact's steering group can record a paper form")
    signatory = signatory_create(
        actor=actor,
        organisation=organisation,
        compact=compact,
        declaration=declaration,
        status=Signatory.Status.ACTIVE,
        signed_on=signed_on,
        recorded_on_behalf=True,
        reason="Recorded by the steering group from a paper form",
    )
    _email_applicant(signatory, "signatories_approved")
    return signatory


def _new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


_ALLOWED = {
    # Lapsed → active only by signing the new version (signatory_resign).
    Signatory.Status.ACTIVE: {
        Signatory.Status.PENDING,
        Signatory.Status.INFORMATION_REQUESTED,
        Signatory.Status.LAPSED,
    },
    Signatory.Status.REJECTED: {Signatory.Status.PENDING, Signatory.Status.INFORMATION_REQUESTED},
    Signatory.Status.INFORMATION_REQUESTED: {Signatory.Status.PENDING},
    Signatory.Status.PENDING: {Signatory.Status.INFORMATION_REQUESTED},
    Signatory.Status.WITHDRAWN: {
        Signatory.Status.PENDING,
        Signatory.Status.ACTIVE,
        Signatory.Status.INFORMATION_REQUESTED,
        Signatory.Status.LAPSED,
    },
    Signatory.Status.LAPSED: {Signatory.Status.ACTIVE},
}


def _change_status(signatory: Signatory, to_status: str, *, actor, reason: str) -> Signatory:
    if signatory.status not in _ALLOWED[to_status]:
        raise ApplicationError(
            f"A signature that is {signatory.get_status_display().lower()} "
            "cannot be changed this way"
        )
    SignatoryStatusChange.objects.create(
        signatory=signatory,
        from_status=signatory.status,
        to_status=to_status,
        actor=actor,
        organisation_name=signatory.organisation.name,
        reason=reason,
    )
    signatory.status = to_status
    fields = ["status"]
    if to_status == Signatory.Status.ACTIVE:
        signatory.approved_on = timezone.localdate()
        signatory.verification_code = signatory.verification_code or _new_code()
        fields += ["approved_on", "verification_code"]
    signatory.save(update_fields=fields)
    return signatory


def _email_applicant(signatory: Signatory, template: str, reason: str = "") -> None:
    recipients = list(
        signatory.organisation.memberships.filter(role=Membership.Role.ADMINISTRATOR).values_list(
            "user__email", flat=True
        )
    )
    if signatory.submitted_by_id and signatory.submitted_by.email not in recipients:
        recipients.append(signatory.submitted_by.email)
    recipients = recipients or [signatory.organisation.email]
    context = {
        "signatory": signatory,
        "reason": reason,
        "path": reverse("signatories:dashboard", args=[signatory.organisation.slug]),
    }
    transaction.on_commit(
        lambda: send_portal_email(to=recipients, template=template, context=context)
    )


def _require_steering(actor, signatory: Signatory) -> None:
    if not is_steering_group_member(actor, signatory.compact):
        raise ApplicationError("Only the compact's steering group can decide applications")


@transaction.atomic
def signatory_approve(*, actor, signatory: Signatory) -> Signatory:
    """The steering group accepts the application; it becomes active and gets a certificate code."""
    _require_steering(actor, signatory)
    if signatory.status == Signatory.Status.LAPSED:
        raise ApplicationError("A lapsed signature becomes active when the new version is signed")
    _change_status(signatory, Signatory.Status.ACTIVE, actor=actor, reason="Approved")
    _email_applicant(signatory, "signatories_approved")
    return signatory


@transaction.atomic
def signatory_reject(*, actor, signatory: Signatory, reason: str) -> Signatory:
    """The steering group turns the application down, saying why."""
    _require_steering(actor, signatory)
    if not reason.strip():
        raise ApplicationError("Say why the application is rejected", field="reason")
    _change_status(signatory, Signatory.Status.REJECTED, actor=actor, reason=reason.strip())
    _email_applicant(signatory, "signatories_rejected", reason.strip())
    return signatory


@transaction.atomic
def signatory_request_information(*, actor, signatory: Signatory, question: str) -> Signatory:
    """The steering group asks the applicant for more before deciding."""
    _require_steering(actor, signatory)
    if not question.strip():
        raise ApplicationError("Say what information you need", field="reason")
    _change_status(
        signatory, Signatory.Status.INFORMATION_REQUESTED, actor=actor, reason=question.strip()
    )
    _email_applicant(signatory, "signatories_information_requested", question.strip())
    return signatory


@transaction.atomic
def signatory_provide_information(*, actor, signatory: Signatory, answer: str) -> Signatory:
    """The applicant answers; the application goes back to the steering group's queue."""
    if not can_manage_organisation(actor, signatory.organisation):
        raise ApplicationError("Only the organisation's administrators can answer")
    if not answer.strip():
        raise ApplicationError("Enter your answer", field="answer")
    _change_status(signatory, Signatory.Status.PENDING, actor=actor, reason=answer.strip())
    admins = list(signatory.compact.steering_group.values_list("user__email", flat=True))
    transaction.on_commit(
        lambda: send_portal_email(
            to=admins or [signatory.compact.contact_email],
            template="signatories_new_application",
            context={
                "signatory": signatory,
                "path": reverse("signatories:application", args=[signatory.pk]),
            },
        )
    )
    return signatory


@transaction.atomic
def signatory_withdraw(*, actor, signatory: Signatory, reason: str) -> Signatory:
    """The organisation leaves the compact, saying why. It may sign again later."""
    if not can_manage_organisation(actor, signatory.organisation):
        raise ApplicationError("Only the organisation's administrators can withdraw")
    if not reason.strip():
        raise ApplicationError("Say why the organisation is withdrawing", field="reason")
    _change_status(signatory, Signatory.Status.WITHDRAWN, actor=actor, reason=reason.strip())
    signatory.champions.filter(stepped_down_at__isnull=True).update(stepped_down_at=timezone.now())
    _email_applicant(signatory, "signatories_withdrawn", reason.strip())
    return signatory


@transaction.atomic
def signatories_lapse_for_new_version(
    *, compact: Compact, new_version: CompactVersion, actor=None
) -> int:
    """A compact was refreshed: active signatures of older versions lapse until re-signed.

    Returns how many lapsed. Called by the import/refresh of a compact after publishing.
    """
    lapsing = list(
        Signatory.objects.select_related("organisation")
        .filter(compact=compact, status=Signatory.Status.ACTIVE)
        .exclude(version=new_version)
    )
    for signatory in lapsing:
        SignatoryStatusChange.objects.create(
            signatory=signatory,
            from_status=signatory.status,
            to_status=Signatory.Status.LAPSED,
            actor=actor,
            organisation_name=signatory.organisation.name,
            reason=f"The compact was refreshed as version {new_version.label}",
        )
    Signatory.objects.filter(pk__in=[s.pk for s in lapsing]).update(status=Signatory.Status.LAPSED)
    return len(lapsing)


@transaction.atomic
def signatory_resign(*, actor, signatory: Signatory, declaration: dict) -> Signatory:
    """A lapsed signatory signs the compact's current version; it is active again at once."""
    if not can_manage_organisation(actor, signatory.organisation):
        raise ApplicationError("Only the organisation's administrators can sign")
    version = published_version(signatory.compact)
    if signatory.status != Signatory.Status.LAPSED or version is None:
        raise ApplicationError("Only a lapsed signature can sign the compact's new version")
    _change_status(
        signatory, Signatory.Status.ACTIVE, actor=actor, reason=f"Signed version {version.label}"
    )
    signatory.version = version
    signatory.signed_by_name = declaration["signed_by_name"]
    signatory.signed_by_role = declaration["signed_by_role"]
    signatory.signed_on = timezone.localdate()
    signatory.save(update_fields=["version", "signed_by_name", "signed_by_role", "signed_on"])
    return signatory


# Champions ---------------------------------------------------------------------------------

CHAMPION_FIELDS = (
    "kind",
    "name",
    "email",
    "telephone",
    "department",
    "deputy_name",
    "deputy_email",
    "senior_contact_name",
    "senior_contact_role",
)


@transaction.atomic
def champion_appoint(
    *, actor, signatory: Signatory, details: dict, replacing: Champion | None = None
) -> Champion:
    """Appoint a Compact Champion to an active signature.

    A lead champion names a deputy, so the role survives a departure; a departmental champion
    names their department. There is one current lead: appointing another replaces the first.
    """
    if not can_manage_organisation(actor, signatory.organisation):
        raise ApplicationError("Only the organisation's administrators can appoint champions")
    if signatory.status != Signatory.Status.ACTIVE:
        raise ApplicationError("Champions are appointed once the signature is active")
    data = {field: (details.get(field) or "").strip() for field in CHAMPION_FIELDS}
    if data["kind"] == Champion.Kind.LEAD and not data["deputy_name"]:
        raise ApplicationError("Name the lead champion's deputy", field="deputy_name")
    if data["kind"] == Champion.Kind.DEPARTMENTAL and not data["department"]:
        raise ApplicationError("Enter the champion's department", field="department")
    current = signatory.champions.filter(stepped_down_at__isnull=True)
    if data["kind"] == Champion.Kind.LEAD:
        current.filter(kind=Champion.Kind.LEAD).update(stepped_down_at=timezone.now())
    if replacing is not None:
        champion_step_down(actor=actor, champion=replacing)
    return Champion.objects.create(signatory=signatory, appointed_by=actor, **data)


@transaction.atomic
def champion_step_down(*, actor, champion: Champion) -> Champion:
    """The champion leaves the role; the record stays as history."""
    if not can_manage_organisation(actor, champion.signatory.organisation):
        raise ApplicationError("Only the organisation's administrators can change champions")
    if champion.stepped_down_at is None:
        champion.stepped_down_at = timezone.now()
        champion.save(update_fields=["stepped_down_at"])
    return champion


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
