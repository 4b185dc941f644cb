"""The sign-up journey: an application saved at every step, then submitted."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.models import Compact
from commitments.selectors import published_version
from core.exceptions import ApplicationError
from outbox.services import email_queue

from ..models import (
    Organisation,
    Signatory,
    SignUpApplication,
)
from ..permissions import can_manage_organisation
from .organisations import (
    organisation_clean_details,
    organisation_create,
    organisation_refuse_taken_number,
)
from .signatures import DECLARATION_FIELDS, _email_applicant, signatory_create

# The sign-up journey -----------------------------------------------------------------------


def application_start(*, actor, compact: Compact | None = None) -> SignUpApplication:
    """The person's unfinished application, or a new one: so that coming back resumes it."""
    application = SignUpApplication.objects.filter(user=actor, submitted_at__isnull=True).first()
    if application is None:
        application = SignUpApplication.objects.create(user=actor)
    if compact is not None and application.compact_id is None:
        application.compact = compact
        application.compact_from_link = True
        application.save(update_fields=["compact", "compact_from_link", "updated_at"])
    return application


@transaction.atomic
def application_save_organisation(
    *,
    actor,
    application: SignUpApplication,
    organisation: Organisation | None = None,
    details: dict | None = None,
) -> SignUpApplication:
    """Step 1: sign for an organisation the person administers, or describe a new one.

    A new one may not carry the charity or company number of an organisation already here
    (RegisteredNumberTaken, which names it so the person can ask to join it instead)."""
    _check_open(actor, application)
    if organisation is not None:
        if not can_manage_organisation(actor, organisation):
            raise ApplicationError("You can only sign for organisations you administer")
        application.organisation = organisation
        application.organisation_details = {}
        application.duplicates_checked = True
        # A compact it has already signed cannot be chosen: ask again at the compact step.
        if (
            application.compact_id
            and organisation.signatures.filter(
                compact=application.compact_id, status__in=Signatory.OPEN_STATUSES
            ).exists()
        ):
            application.compact = None
            application.compact_from_link = False
    else:
        cleaned = organisation_clean_details(details or {})
        organisation_refuse_taken_number(cleaned)
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
    application.compact_from_link = False
    application.save(update_fields=["compact", "compact_from_link", "updated_at"])
    return application


def application_save_declaration(
    *, actor, application: SignUpApplication, declaration: dict
) -> SignUpApplication:
    """Step 3: who signs, and the three promises of the sign-up form."""
    _check_open(actor, application)
    application.declaration = {field: declaration.get(field) for field in DECLARATION_FIELDS}
    application.save(update_fields=["declaration", "updated_at"])
    return application


def application_steps(application: SignUpApplication, *, showing: str = "") -> list[str]:
    """The steps this person's journey counts, in order, so "step n of m" runs 1, 2, 3...

    The compact step is left out when the compact came with the compact's own "Sign up"
    link, unless the person is `showing` it (they chose to change the compact).
    """
    steps = ["organisation", "compact", "declaration", "check"]
    if application.compact_from_link and showing != "compact":
        steps.remove("compact")
    return steps


def application_step_number(application: SignUpApplication, step: str) -> tuple[int, int]:
    """(n, m) for the caption "step n of m" of `step` (the matches page is part of step 1)."""
    step = "organisation" if step == "duplicates" else step
    steps = application_steps(application, showing=step)
    return steps.index(step) + 1, len(steps)


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
    email_queue(
        to=admins or [application.compact.contact_email],
        template="signatories_new_application",
        context={
            "signatory": signatory,
            "path": reverse("signatories:application", args=[signatory.pk]),
        },
    )
    return signatory


def _check_open(actor, application: SignUpApplication) -> None:
    if application.user_id != actor.pk:
        raise ApplicationError("This application belongs to someone else")
    if application.submitted_at is not None:
        raise ApplicationError("This application has already been sent")
