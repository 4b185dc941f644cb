"""Every write to a case. Each function checks who is acting, validates, and appends to the
timeline; nothing here edits or deletes a timeline entry.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commitments.models import Principle, SteeringGroupMember, Undertaking
from commitments.selectors import published_version
from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed
from outbox.services import email_queue
from signatories.models import Membership, Organisation, Signatory

from . import permissions, stages
from .attachments import check_upload, check_uploads
from .models import Attachment, Case, DisputeSettings, MediationPanelMember, Stage, TimelineEntry
from .stages import Role

_SIDE_ORDER = (Role.RAISER, Role.RESPONDENT, Role.MEDIATOR, Role.STEERING)


def _side_of(actor, case: Case) -> str:
    roles = permissions.roles_for(actor, case)
    return next((str(role) for role in _SIDE_ORDER if role in roles), "")


def _append(case: Case, *, actor, kind: str, **fields) -> TimelineEntry:
    return TimelineEntry.objects.create(
        case=case, kind=kind, author=actor, author_side=_side_of(actor, case), **fields
    )


def _store_attachment(*, actor, case: Case, upload) -> Attachment:
    extension, content_type = check_upload(upload)
    attachment = Attachment(
        case=case,
        original_name=upload.name[-200:],
        extension=extension,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


# --- Raising a concern ---------------------------------------------------------------


@transaction.atomic
def case_save(
    *,
    actor,
    case: Case | None = None,
    raised_by_organisation: Organisation,
    compact,
    about_organisation: Organisation,
    title: str,
    what_happened: str,
    happened_on: datetime.date | None = None,
    what_has_been_tried: str = "",
    outcome_wanted: str = "",
    principles: Iterable[Principle] = (),
    undertakings: Iterable[Undertaking] = (),
    withhold_raiser_name: bool = False,
    on_behalf_of_group: str = "",
    funding_change=None,
    consultation=None,
    attachments: Iterable = (),
    submit: bool = False,
) -> Case:
    """Create or update a draft concern, and submit it when `submit` is true.

    The actor must belong to `raised_by_organisation`, which must have signed the
    compact; principles and undertakings must come from the compact's published text.
    """
    if case is not None and not permissions.can_edit_draft(actor, case):
        raise ApplicationError("Only a draft can be changed, by the organisation writing it.")
    if not permissions.can_raise_for(actor, raised_by_organisation, compact):
        raise ApplicationError(
            "You can raise a concern only for an organisation you belong to that has "
            "signed this compact.",
            field="raised_by_organisation",
        )
    if about_organisation.pk == raised_by_organisation.pk:
        raise ApplicationError(
            "Choose the organisation the concern is about, not your own.",
            field="about_organisation",
        )
    if not Signatory.objects.filter(
        organisation=about_organisation, compact=compact, status=Signatory.Status.ACTIVE
    ).exists():
        raise ApplicationError(
            f"{about_organisation.name} has not signed this compact.", field="about_organisation"
        )
    version = published_version(compact)
    if version is None:
        raise ApplicationError("This compact has no published text to raise a concern under.")
    principles = list(principles)
    undertakings = list(undertakings)
    if any(p.version_id != version.pk for p in principles):
        raise ApplicationError(
            "Choose principles from this compact's current text.", field="principles"
        )
    principle_ids = {p.pk for p in principles}
    if any(u.principle_id not in principle_ids for u in undertakings):
        raise ApplicationError(
            "Each undertaking you choose must belong to a principle you have chosen.",
            field="undertakings",
        )
    # Definitions and other lists that are not promises cannot be broken.
    chosen = {u.pk for u in undertakings}
    if chosen and Undertaking.objects.filter(pk__in=chosen).commitments().count() != len(chosen):
        raise ApplicationError(
            "Choose undertakings that are commitments, not items of a list such as definitions.",
            field="undertakings",
        )
    if submit and not principles:
        raise ApplicationError(
            "Choose at least one principle you believe was not kept.", field="principles"
        )
    if funding_change is not None and (
        funding_change.compact_id != compact.pk
        or about_organisation.pk
        not in (funding_change.funding_body_id, funding_change.recipient_id)
    ):
        raise ApplicationError(
            "Choose a funding change under this compact that involves the organisation the "
            "concern is about.",
            field="funding_change",
        )
    if consultation is not None and (
        consultation.compact_id != compact.pk
        or consultation.organisation_id != about_organisation.pk
    ):
        raise ApplicationError(
            "Choose a consultation under this compact run by the organisation the concern "
            "is about.",
            field="consultation",
        )
    uploads = check_uploads(attachments)

    case = case or Case(raised_by=actor, stage=Stage.DRAFT)
    case.compact = compact
    case.version = version
    case.raised_by_organisation = raised_by_organisation
    case.about_organisation = about_organisation
    case.title = title
    case.what_happened = what_happened
    case.happened_on = happened_on
    case.what_has_been_tried = what_has_been_tried
    case.outcome_wanted = outcome_wanted
    case.withhold_raiser_name = withhold_raiser_name
    case.on_behalf_of_group = on_behalf_of_group.strip()
    case.funding_change = funding_change
    case.consultation = consultation
    case.save()
    case.principles.set(principles)
    case.undertakings.set(undertakings)
    for upload in uploads:
        attachment = _store_attachment(actor=actor, case=case, upload=upload)
        _append(
            case,
            actor=actor,
            kind=TimelineEntry.Kind.DOCUMENT,
            attachment=attachment,
            body=f"Attached {attachment.original_name}",
        )
    if submit:
        case = case_move(actor=actor, case=case, target=Stage.SUBMITTED)
    return case


# --- Moving through the stages -------------------------------------------------------------


@transaction.atomic
def case_move(
    *,
    actor,
    case: Case,
    target: str,
    outcome: str = "",
    message: str = "",
    outcome_summary: str = "",
    lessons: str = "",
) -> Case:
    """Move `case` to `target` if disputes.stages allows `actor`'s roles to; else refuse.

    A refusal raises ApplicationError and changes nothing. Closing records the
    outcome (and the steering group's lessons); every move is on the timeline and
    e-mailed to both parties and the steering group.
    """
    case = Case.objects.select_for_update().select_related("compact").get(pk=case.pk)
    roles = permissions.roles_for(actor, case)
    if not roles:
        raise ApplicationError("You are not part of this case.")
    reason = stages.refusal(
        stage=case.stage,
        target=target,
        roles=roles,
        outcome=outcome,
        has_mediator=case.mediator_id is not None,
    )
    if reason:
        raise ApplicationError(reason, field="target")
    if target == Stage.SUBMITTED and not case.principles.exists():
        raise ApplicationError(
            "Choose at least one principle you believe was not kept.", field="principles"
        )
    now = timezone.now()
    from_stage = case.stage
    case.stage = target
    case.stage_entered_at = now
    if target == Stage.SUBMITTED:
        case.submitted_at = now
    if target == Stage.IN_MEDIATION and case.reached_mediation_at is None:
        case.reached_mediation_at = now
    if target == Stage.CLOSED:
        case.outcome = outcome
        case.outcome_summary = outcome_summary.strip()
        if Role.STEERING in roles:
            case.lessons = lessons.strip()
        case.closed_at = now
    case.save()
    _append(
        case,
        actor=actor,
        kind=TimelineEntry.Kind.STAGE_CHANGE,
        from_stage=from_stage,
        to_stage=target,
        body=message.strip() or outcome_summary.strip(),
    )
    notify_case_update(case.pk, event="stage")
    # The compact's annual report counts cases by stage and outcome.
    public_pages_changed(compacts=[case.compact])
    return case


# --- The conversation -----------------------------------------------------------------------


@transaction.atomic
def case_post_message(*, actor, case: Case, body: str, attachments: Iterable = ()) -> TimelineEntry:
    """A message every party to the case sees, with any documents it carries."""
    if not permissions.can_post_message(actor, case):
        raise ApplicationError("You cannot add to this case.")
    if not body.strip():
        raise ApplicationError("Write your message.", field="body")
    uploads = check_uploads(attachments)
    entry = _append(case, actor=actor, kind=TimelineEntry.Kind.MESSAGE, body=body.strip())
    for upload in uploads:
        attachment = _store_attachment(actor=actor, case=case, upload=upload)
        _append(
            case,
            actor=actor,
            kind=TimelineEntry.Kind.DOCUMENT,
            attachment=attachment,
            body=f"Attached {attachment.original_name}",
        )
    notify_case_update(case.pk, event="message")
    return entry


@transaction.atomic
def case_add_note(*, actor, case: Case, body: str) -> TimelineEntry:
    """A note only the steering group and the mediator see."""
    if not permissions.can_add_note(actor, case):
        raise ApplicationError("Only the steering group and the mediator can add notes.")
    if not body.strip():
        raise ApplicationError("Write the note.", field="body")
    return _append(
        case, actor=actor, kind=TimelineEntry.Kind.NOTE, body=body.strip(), is_private=True
    )


@transaction.atomic
def case_record_session(
    *, actor, case: Case, held_on: datetime.date, body: str, is_private: bool = False
) -> TimelineEntry:
    """The mediator (or the steering group) records a mediation session and what came of it."""
    if not permissions.can_record_session(actor, case):
        raise ApplicationError("Only the case's mediator can record sessions, during mediation.")
    if held_on > timezone.localdate():
        raise ApplicationError("The session date cannot be in the future.", field="held_on")
    if not body.strip():
        raise ApplicationError("Write what happened at the session.", field="body")
    entry = _append(
        case,
        actor=actor,
        kind=TimelineEntry.Kind.MEETING,
        held_on=held_on,
        body=body.strip(),
        is_private=is_private,
    )
    if not is_private:
        notify_case_update(case.pk, event="session")
    return entry


@transaction.atomic
def case_correct(*, actor, case: Case, entry: TimelineEntry, body: str) -> TimelineEntry:
    """Follow an entry with a correction; the original stays as it was."""
    if entry.case_id != case.pk or not permissions.can_correct(actor, case):
        raise ApplicationError("You cannot correct this entry.")
    if entry.author_id != actor.pk and Role.STEERING not in permissions.roles_for(actor, case):
        raise ApplicationError(
            "Only the person who wrote an entry, or the steering group, can correct it."
        )
    if not body.strip():
        raise ApplicationError("Write the correction.", field="body")
    return _append(
        case,
        actor=actor,
        kind=TimelineEntry.Kind.CORRECTION,
        corrects=entry,
        body=body.strip(),
        is_private=entry.is_private,
    )


@transaction.atomic
def case_share_name(*, actor, case: Case) -> Case:
    """The raiser lets the other party see its name, or the small group it speaks for."""
    if not permissions.can_share_name(actor, case):
        raise ApplicationError("There is no name being withheld that you can share.")
    if permissions.raiser_name_withheld(case):
        case.withhold_raiser_name = False
        body = "The organisation that raised the concern agreed to be named."
    else:
        case.group_agrees_to_be_named = True
        body = "The group the concern was raised for agreed to be named."
    case.save(update_fields=["withhold_raiser_name", "group_agrees_to_be_named"])
    _append(case, actor=actor, kind=TimelineEntry.Kind.CONFIDENTIALITY, body=body)
    return case


# --- Mediation -------------------------------------------------------------------------


@transaction.atomic
def case_assign_mediator(*, actor, case: Case, mediator) -> Case:
    """The steering group assigns a mediator from the compact's panel, independent of both sides."""
    if not permissions.can_assign_mediator(actor, case):
        raise ApplicationError("Only the steering group can assign a mediator to an open case.")
    if not MediationPanelMember.objects.filter(compact=case.compact, user=mediator).exists():
        raise ApplicationError("Choose a mediator from this compact's panel.", field="mediator")
    if Membership.objects.filter(
        user=mediator,
        organisation_id__in=[case.raised_by_organisation_id, case.about_organisation_id],
    ).exists():
        raise ApplicationError(
            "A mediator must be independent: this person belongs to one of the organisations.",
            field="mediator",
        )
    case.mediator = mediator
    case.save(update_fields=["mediator"])
    case.__dict__.pop("_roles_cache", None)
    _append(
        case,
        actor=actor,
        kind=TimelineEntry.Kind.MEDIATOR,
        body=f"{mediator.full_name or 'A mediator'} was assigned as mediator.",
    )
    notify_case_update(case.pk, event="mediator")
    return case


@transaction.atomic
def panel_member_add(*, actor, compact, email: str, about: str = "") -> MediationPanelMember:
    """Put a person with a portal account on the compact's mediation panel."""
    if not permissions.can_manage_compact_disputes(actor, compact):
        raise ApplicationError("Only the steering group keeps the mediation panel.")
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ApplicationError(
            "Nobody with that e-mail address has an account. Ask them to register first.",
            field="email",
        )
    if MediationPanelMember.objects.filter(compact=compact, user=user).exists():
        raise ApplicationError("That person is already on the panel.", field="email")
    return MediationPanelMember.objects.create(
        compact=compact, user=user, about=about.strip(), added_by=actor
    )


@transaction.atomic
def panel_member_remove(*, actor, member: MediationPanelMember) -> None:
    """Take someone off the panel; cases already assigned to them keep them."""
    if not permissions.can_manage_compact_disputes(actor, member.compact):
        raise ApplicationError("Only the steering group keeps the mediation panel.")
    member.delete()


@transaction.atomic
def dispute_settings_update(*, actor, compact, **limits: int) -> DisputeSettings:
    """Change the compact's time limits (working days); each must be at least one day."""
    if not permissions.can_manage_compact_disputes(actor, compact):
        raise ApplicationError("Only the steering group sets the time limits.")
    settings, _ = DisputeSettings.objects.get_or_create(compact=compact)
    for field, value in limits.items():
        if field == "retention_years" and (value is None or value < 1):
            message = "Years to keep a closed concern must be at least 1."
            raise ApplicationError(message, field=field)
        if value is None or value < 1:
            raise ApplicationError("Each time limit must be at least one working day.", field=field)
        setattr(settings, field, value)
    settings.save()
    return settings


# --- Successions (called through core.succession) ---------------------------------------


def cases_hand_over(*, actor, predecessor: Organisation, successor: Organisation) -> int:
    """Cases not yet closed with `predecessor` as a party continue with `successor`.

    Runs inside the succession's transaction. Each moved case says so on its timeline;
    where the raiser's name is still withheld, only the steering group and mediator see
    that entry. A case whose other party is the successor itself is left for the steering
    group to decide, with a note. Returns how many cases moved.
    """
    moved = 0
    cases = (
        Case.objects.exclude(stage=Stage.CLOSED)
        .filter(Q(raised_by_organisation=predecessor) | Q(about_organisation=predecessor))
        .select_for_update()
    )
    for case in cases:
        is_raiser = case.raised_by_organisation_id == predecessor.pk
        other_id = case.about_organisation_id if is_raiser else case.raised_by_organisation_id
        entry = {"case": case, "author": actor, "author_side": str(Role.STEERING)}
        if other_id == successor.pk:
            TimelineEntry.objects.create(
                **entry,
                kind=TimelineEntry.Kind.NOTE,
                is_private=True,
                body=f"{successor.name} took over from {predecessor.name}, the other party to "
                "this case. The steering group should decide how the case continues.",
            )
            continue
        if is_raiser:
            case.raised_by_organisation = successor
        else:
            case.about_organisation = successor
        case.save(update_fields=["raised_by_organisation", "about_organisation"])
        TimelineEntry.objects.create(
            **entry,
            kind=TimelineEntry.Kind.SUCCESSION,
            is_private=is_raiser and permissions.raiser_name_withheld(case),
            body=f"{successor.name} took over from {predecessor.name}; the case continues "
            f"with {successor.name}.",
        )
        moved += 1
    return moved


# --- E-mail --------------------------------------------------------------------------------


def notify_case_update(case_id: int, *, event: str) -> int:
    """E-mail both parties, the mediator and the steering group about what just happened.

    The organisation the concern is about gets a version without names that are
    still withheld from it. Called inside the change's transaction: the messages
    are queued in the outbox with it. Returns the number of messages queued.
    """
    case = Case.objects.select_related(
        "compact", "raised_by_organisation", "about_organisation", "mediator"
    ).get(pk=case_id)
    raiser_emails = set(
        Membership.objects.filter(organisation=case.raised_by_organisation).values_list(
            "user__email", flat=True
        )
    )
    respondent_emails = (
        set(
            Membership.objects.filter(organisation=case.about_organisation).values_list(
                "user__email", flat=True
            )
        )
        - raiser_emails
    )
    steering_emails = set(
        SteeringGroupMember.objects.filter(compact=case.compact).values_list(
            "user__email", flat=True
        )
    )
    if case.mediator:
        steering_emails.add(case.mediator.email)
    # Only the reference, the stage and a link: the detail stays behind the sign-in.
    context = {"case": case, "event": event}
    to_raiser_side = email_queue(
        to=sorted(raiser_emails | steering_emails),
        template="disputes_case_update",
        context={**context, "raiser_label": case.raised_by_organisation.name},
    )
    withheld = permissions.raiser_name_withheld(case)
    to_respondent = email_queue(
        to=sorted(respondent_emails - steering_emails),
        template="disputes_case_update",
        context={
            **context,
            "raiser_label": "An organisation (name withheld until mediation)"
            if withheld
            else case.raised_by_organisation.name,
        },
    )
    return (to_raiser_side is not None) + (to_respondent is not None)
