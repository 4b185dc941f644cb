"""Signatures: creation, the steering group's decisions, withdrawal, lapsing, history."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commitments.models import Compact, CompactVersion
from commitments.permissions import is_steering_group_member
from commitments.selectors import published_version
from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed
from outbox.services import email_queue

from ..models import (
    Membership,
    Organisation,
    Signatory,
    SignatoryStatusChange,
)
from ..permissions import can_manage_organisation

DECLARATION_FIELDS = (
    "signed_by_name",
    "signed_by_role",
    "has_read_and_discussed",
    "will_appoint_champion",
    "will_promote",
)


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
        compact_id=signatory.compact_id,
        from_status="",
        to_status=status,
        actor=actor,
        organisation_name=organisation.name,
        reason=reason,
    )
    public_pages_changed(compacts=[compact])
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
        compact_id=signatory.compact_id,
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
    public_pages_changed(compacts=[signatory.compact])
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
    email_queue(to=recipients, template=template, context=context)


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
    email_queue(
        to=admins or [signatory.compact.contact_email],
        template="signatories_new_application",
        context={
            "signatory": signatory,
            "path": reverse("signatories:application", args=[signatory.pk]),
        },
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
            compact_id=signatory.compact_id,
            from_status=signatory.status,
            to_status=Signatory.Status.LAPSED,
            actor=actor,
            organisation_name=signatory.organisation.name,
            reason=f"The compact was refreshed as version {new_version.label}",
        )
    Signatory.objects.filter(pk__in=[s.pk for s in lapsing]).update(status=Signatory.Status.LAPSED)
    public_pages_changed(compacts=[compact])
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
        signatory,
        Signatory.Status.ACTIVE,
        actor=actor,
        reason=(
            # The record is reused, so the history keeps what the earlier signature said.
            f"Signed version {version.label}; version {signatory.version.label} had been "
            f"signed by {signatory.signed_by_name}, {signatory.signed_by_role}, "
            f"on {signatory.signed_on:%-d %B %Y}"
        ),
    )
    signatory.version = version
    signatory.signed_by_name = declaration["signed_by_name"]
    signatory.signed_by_role = declaration["signed_by_role"]
    signatory.signed_on = timezone.localdate()
    signatory.save(update_fields=["version", "signed_by_name", "signed_by_role", "signed_on"])
    return signatory
