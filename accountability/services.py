"""Every write to funding changes, consultations and calendar feeds.

Each service checks who is acting, validates against the compact's rules (raising
ApplicationError beside the field at fault) and appends history rather than overwriting it.
E-mails go after commit, so nobody is told of something that did not land.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commitments.models import Compact, SteeringGroupMember
from commitments.selectors import published_version
from core.exceptions import ApplicationError
from core.page_cache import public_pages_changed
from outbox.services import email_queue
from signatories.models import Membership, Organisation
from signatories.services import organisation_create

from . import permissions, rules
from .models import (
    CalendarFeed,
    Consultation,
    ConsultationFollow,
    ExceptionalRequest,
    FundingChange,
    FundingChangeAmendment,
    FundingChangeResponse,
    new_calendar_token,
)

# The fields an officer types; amendments compare exactly these.
FUNDING_CHANGE_FIELDS = (
    "recipient", "programme", "kind", "current_annual_amount", "new_annual_amount", "decided_on",
    "notice_given_on", "takes_effect_on", "rationale", "impact_assessment", "response_invited",
    "response_invited_on", "exceptional_circumstances", "exceptional_reason",
    "final_decision_on", "responses_considered",
)  # fmt: skip


def _member_emails(organisation_id: int) -> list[str]:
    return list(
        Membership.objects.filter(organisation_id=organisation_id).values_list(
            "user__email", flat=True
        )
    )


def _tell_recipient(change: FundingChange, template: str, **context) -> None:
    change_id = change.pk

    def send():
        fresh = FundingChange.objects.select_related("funding_body", "recipient").get(pk=change_id)
        email_queue(
            to=_member_emails(fresh.recipient_id),
            template=template,
            context={"change": fresh, **context},
        )

    send()


def _check_amounts(change: FundingChange) -> None:
    for name in ("current_annual_amount", "new_annual_amount"):
        value = getattr(change, name)
        if value is not None and not isinstance(value, Decimal):
            setattr(change, name, Decimal(str(value)))
    current, new = change.current_annual_amount, change.new_annual_amount
    kind = FundingChange.Kind
    if change.kind in (kind.REDUCTION, kind.INCREASED_AWARD, kind.ENDING) and current is None:
        raise ApplicationError(
            "Enter the current annual amount, the funding the organisation gets now",
            field="current_annual_amount",
        )
    if change.kind in (kind.REDUCTION, kind.INCREASED_AWARD, kind.NEW_AWARD) and new is None:
        raise ApplicationError(
            "Enter the new annual amount, the funding after the change", field="new_annual_amount"
        )
    if change.kind == kind.REDUCTION and new >= current:
        raise ApplicationError(
            "For a reduction the new amount must be less than the current amount. "
            "If the funding goes up, choose ‘Increased award’",
            field="new_annual_amount",
        )
    if change.kind == kind.INCREASED_AWARD and new <= current:
        raise ApplicationError(
            "For an increased award the new amount must be more than the current amount. "
            "If the funding goes down, choose ‘Reduction’",
            field="new_annual_amount",
        )
    if change.kind == kind.ENDING:
        if new not in (None, Decimal(0)):
            raise ApplicationError(
                "When funding ends the new amount is £0. Leave it empty, or choose ‘Reduction’",
                field="new_annual_amount",
            )
        change.new_annual_amount = Decimal(0)
    if change.kind == kind.NEW_AWARD and current not in (None, Decimal(0)):
        raise ApplicationError(
            "A new award has no current funding. Leave the current amount empty, "
            "or choose ‘Increased award’",
            field="current_annual_amount",
        )


def _check_dates(change: FundingChange, today: datetime.date) -> None:
    if change.notice_given_on and change.notice_given_on > today:
        raise ApplicationError(
            "The date notice was given cannot be in the future. If you have not given notice "
            "yet, leave it empty and the portal will show the last day to give it",
            field="notice_given_on",
        )
    if change.notice_given_on and change.takes_effect_on < change.notice_given_on:
        raise ApplicationError(
            "The change cannot take effect before notice was given. Check both dates",
            field="takes_effect_on",
        )
    if change.decided_on and change.decided_on > today:
        raise ApplicationError(
            "The date of the decision cannot be in the future", field="decided_on"
        )
    if change.response_invited and change.response_invited_on is None:
        raise ApplicationError(
            "Enter the date the organisation was invited to respond", field="response_invited_on"
        )
    if not change.response_invited and change.response_invited_on is not None:
        raise ApplicationError(
            "You gave a date the organisation was invited to respond: tick that it was, "
            "or clear the date",
            field="response_invited",
        )
    if change.final_decision_on and change.final_decision_on > today:
        raise ApplicationError(
            "The date of the final decision cannot be in the future", field="final_decision_on"
        )


def _check_funding_change(change: FundingChange, *, today: datetime.date) -> None:
    """Refuse impossible or incomplete input; shape what follows from the kind and the dates."""
    if change.recipient_id == change.funding_body_id:
        raise ApplicationError(
            "The organisation funded must be a different organisation from the funding body",
            field="recipient",
        )
    if not change.programme.strip():
        raise ApplicationError("Enter the programme or service funded", field="programme")
    if not change.rationale.strip():
        raise ApplicationError(
            "Enter the reasons for the change: the compact asks for a clear rationale",
            field="rationale",
        )
    _check_amounts(change)
    _check_dates(change, today)
    if change.exceptional_circumstances and not change.exceptional_reason.strip():
        raise ApplicationError(
            "Explain the exceptional circumstances that justify shorter notice",
            field="exceptional_reason",
        )
    if not change.exceptional_circumstances:
        change.exceptional_reason = ""
    change.status = (
        FundingChange.Status.PLANNED
        if change.notice_given_on is None
        else FundingChange.Status.NOTIFIED
    )


@transaction.atomic
def funding_change_log(
    *,
    actor,
    compact: Compact,
    funding_body: Organisation,
    details: dict,
    new_recipient: dict | None = None,
    today: datetime.date | None = None,
) -> FundingChange:
    """Record a funding change by `funding_body` under `compact`; `details` holds
    FUNDING_CHANGE_FIELDS. With `new_recipient` (name, kind, postcode), the organisation
    funded is added to the directory on the spot, only if the change itself is accepted.
    The minimum notice is taken from the compact's published version.
    Tells the recipient's people by e-mail."""
    if not permissions.is_officer_of(actor, funding_body, compact):
        raise ApplicationError(
            "Only officers of a statutory body that has signed this compact can log its "
            "funding changes",
            field="funding_body",
        )
    version = published_version(compact)
    if version is None:
        raise ApplicationError("This compact has no published version yet", field="compact")
    unknown = set(details) - set(FUNDING_CHANGE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown funding change fields: {sorted(unknown)}")
    if new_recipient is not None:
        details = {**details, "recipient": recipient_organisation_add(actor=actor, **new_recipient)}
    if details.get("recipient") is None:
        raise ApplicationError("Choose the organisation funded", field="recipient")
    change = FundingChange(
        compact=compact,
        funding_body=funding_body,
        logged_by=actor,
        minimum_notice_months=version.minimum_notice_months,
        notice_set_by_compact=version.notice_set_by_compact,
        **{"impact_assessment": "", "exceptional_reason": "", **details},
    )
    today = today or timezone.localdate()
    _check_funding_change(change, today=today)
    late_reason = ""
    if change.exceptional_circumstances and _exceptional_needs_agreement(change, today):
        # Logged after notice or effect: the claim waits for the steering group, and the
        # change counts as a breach until it agrees.
        late_reason = change.exceptional_reason
        change.exceptional_circumstances = False
        change.exceptional_reason = ""
    change.save()
    if late_reason:
        exceptional_request_make(actor=actor, change=change, reason=late_reason, today=today)
    _tell_recipient(change, "accountability_funding_change_logged")
    public_pages_changed(compacts=[change.compact])
    return change


def _display(change: FundingChange, name: str) -> str:
    value = getattr(change, name)
    if name == "recipient":
        return str(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return "Not given"
    if name == "kind":
        return change.get_kind_display()
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    return str(value)


@transaction.atomic
def funding_change_amend(
    *,
    actor,
    change: FundingChange,
    details: dict,
    reason: str,
    today: datetime.date | None = None,
) -> FundingChangeAmendment:
    """Change some of FUNDING_CHANGE_FIELDS, keeping an amendment with the old and new values."""
    if not permissions.can_change_funding_change(actor, change):
        raise ApplicationError("Only the funding body can amend this change, while it stands")
    if not reason.strip():
        raise ApplicationError("Say why you are amending the record", field="reason")
    today = today or timezone.localdate()
    change = FundingChange.objects.select_for_update().get(pk=change.pk)
    before = {name: _display(change, name) for name in FUNDING_CHANGE_FIELDS}
    was_late = _exceptional_needs_agreement(change, today)
    was_exceptional = (change.exceptional_circumstances, change.exceptional_reason)
    for name, value in details.items():
        if name not in FUNDING_CHANGE_FIELDS:
            raise ValueError(f"Unknown funding change field: {name}")
        setattr(change, name, value)
    _check_funding_change(change, today=today)
    claims_exceptional = change.exceptional_circumstances and was_exceptional != (
        True,
        change.exceptional_reason,
    )
    if claims_exceptional and (was_late or _exceptional_needs_agreement(change, today)):
        raise ApplicationError(
            "Notice has been given or the change has taken effect, so only the steering group "
            "can accept shorter notice as exceptional. Leave this as it was, and use ‘Ask the "
            "steering group to accept exceptional circumstances’ on the record",
            field="exceptional_circumstances",
        )
    differences = {}
    for name in FUNDING_CHANGE_FIELDS:
        after = _display(change, name)
        if after != before[name]:
            label = str(FundingChange._meta.get_field(name).verbose_name)
            differences[label[:1].upper() + label[1:]] = {"from": before[name], "to": after}
    if not differences:
        raise ApplicationError("Nothing has changed: edit a field, or go back to the record")
    change.save()
    amendment = FundingChangeAmendment.objects.create(
        funding_change=change, amended_by=actor, reason=reason.strip(), changes=differences
    )
    _tell_recipient(change, "accountability_funding_change_amended", amendment=amendment)
    public_pages_changed(compacts=[change.compact])
    return amendment


def _exceptional_needs_agreement(change: FundingChange, today: datetime.date) -> bool:
    return rules.exceptional_needs_agreement(
        notice_given_on=change.notice_given_on, takes_effect_on=change.takes_effect_on, today=today
    )


def funding_change_mark_exceptional(
    *, actor, change: FundingChange, reason: str, today: datetime.date | None = None
) -> FundingChangeAmendment | ExceptionalRequest:
    """Record that shorter notice is given in exceptional circumstances, and why.

    Before notice is given and before the change takes effect, the funding body's word is
    recorded at once (an amendment). After either, it becomes a request the steering group
    agrees or refuses (`exceptional_request_decide`); until then the change is a breach.
    """
    today = today or timezone.localdate()
    if not reason.strip():
        raise ApplicationError(
            "Explain the exceptional circumstances that justify shorter notice",
            field="exceptional_reason",
        )
    if _exceptional_needs_agreement(change, today):
        return exceptional_request_make(actor=actor, change=change, reason=reason, today=today)
    return funding_change_amend(
        actor=actor,
        change=change,
        details={"exceptional_circumstances": True, "exceptional_reason": reason.strip()},
        reason="Marked as exceptional circumstances",
        today=today,
    )


@transaction.atomic
def exceptional_request_make(
    *, actor, change: FundingChange, reason: str, today: datetime.date | None = None
) -> ExceptionalRequest:
    """Ask the compact's steering group to accept shorter notice as exceptional, once notice
    was given or the change took effect. One request waits at a time; the steering group's
    members are told by e-mail."""
    today = today or timezone.localdate()
    if not permissions.can_change_funding_change(actor, change):
        raise ApplicationError("Only the funding body can ask about this change, while it stands")
    if not reason.strip():
        raise ApplicationError(
            "Explain the exceptional circumstances that justify shorter notice",
            field="exceptional_reason",
        )
    change = FundingChange.objects.select_for_update().get(pk=change.pk)
    if not _exceptional_needs_agreement(change, today):
        raise ApplicationError(
            "Notice has not been given yet: record the exceptional circumstances on the change "
            "itself"
        )
    if change.notice_kept:
        raise ApplicationError(
            "Notice of at least the compact's minimum was given, so there is nothing "
            "exceptional to accept. Untick ‘Shorter notice because of exceptional "
            "circumstances’",
            field="exceptional_circumstances",
        )
    if change.exceptional_circumstances:
        raise ApplicationError("Exceptional circumstances are already recorded for this change")
    if change.exceptional_requests.filter(status=ExceptionalRequest.Status.PENDING).exists():
        raise ApplicationError(
            "A request about this change is already waiting for the steering group"
        )
    request = ExceptionalRequest.objects.create(
        funding_change=change, reason=reason.strip(), requested_by=actor
    )
    request_id = request.pk

    def send():
        fresh = ExceptionalRequest.objects.select_related(
            "requested_by", "funding_change__funding_body", "funding_change__compact"
        ).get(pk=request_id)
        emails = SteeringGroupMember.objects.filter(
            compact_id=fresh.funding_change.compact_id
        ).values_list("user__email", flat=True)
        email_queue(
            to=sorted(set(emails)),
            template="accountability_exceptional_requested",
            context={"request": fresh, "change": fresh.funding_change},
        )

    send()
    return request


@transaction.atomic
def exceptional_request_decide(
    *, actor, request: ExceptionalRequest, agree: bool, reason: str
) -> ExceptionalRequest:
    """The steering group agrees or refuses a request, with a reason. Agreeing marks the
    change exceptional and appends an amendment naming who asked and who agreed; refusing
    leaves it a breach. The funding body's people are told by e-mail."""
    request = ExceptionalRequest.objects.select_for_update().get(pk=request.pk)
    change = FundingChange.objects.select_for_update().get(pk=request.funding_change_id)
    if not permissions.can_decide_exceptional(actor, change):
        raise ApplicationError("Only the compact's steering group can decide this request")
    if not request.is_pending:
        raise ApplicationError("This request has already been decided")
    if change.is_withdrawn:
        raise ApplicationError("The change was withdrawn, so there is nothing to decide")
    if not reason.strip():
        raise ApplicationError(
            "Give the steering group's reason for agreeing or refusing", field="decision_reason"
        )
    request.status = (
        ExceptionalRequest.Status.AGREED if agree else ExceptionalRequest.Status.REFUSED
    )
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = reason.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    if agree:
        before = {name: _display(change, name) for name in ("exceptional_circumstances",
                                                            "exceptional_reason")}  # fmt: skip
        change.exceptional_circumstances = True
        change.exceptional_reason = request.reason
        change.save(update_fields=["exceptional_circumstances", "exceptional_reason"])
        differences = {}
        for name, was in before.items():
            label = str(FundingChange._meta.get_field(name).verbose_name)
            if _display(change, name) != was:
                differences[label[:1].upper() + label[1:]] = {
                    "from": was, "to": _display(change, name),
                }  # fmt: skip
        asked_by = request.requested_by.full_name or request.requested_by.email
        agreed_by = actor.full_name or actor.email
        FundingChangeAmendment.objects.create(
            funding_change=change,
            amended_by=actor,
            reason=(
                f"Exceptional circumstances agreed by the steering group: asked by {asked_by}, "
                f"agreed by {agreed_by}. {request.decision_reason}"
            ),
            changes=differences,
        )
        public_pages_changed(compacts=[change.compact])
    request_id = request.pk

    def send():
        fresh = ExceptionalRequest.objects.select_related(
            "decided_by", "funding_change__funding_body", "funding_change__recipient"
        ).get(pk=request_id)
        email_queue(
            to=_member_emails(fresh.funding_change.funding_body_id),
            template="accountability_exceptional_decided",
            context={"request": fresh, "change": fresh.funding_change},
        )

    send()
    return request


def funding_change_record_decision(
    *,
    actor,
    change: FundingChange,
    final_decision_on: datetime.date,
    responses_considered: bool,
    today: datetime.date | None = None,
) -> FundingChangeAmendment:
    """Record the final decision and whether the organisation's responses were considered."""
    return funding_change_amend(
        actor=actor,
        change=change,
        details={
            "final_decision_on": final_decision_on,
            "responses_considered": responses_considered,
        },
        reason="Final decision recorded",
        today=today,
    )


@transaction.atomic
def funding_change_withdraw(*, actor, change: FundingChange, reason: str) -> FundingChange:
    """Withdraw a change: it stays on record, marked withdrawn, with who, when and why."""
    if not permissions.can_change_funding_change(actor, change):
        raise ApplicationError("Only the funding body can withdraw this change, while it stands")
    if not reason.strip():
        raise ApplicationError("Say why the change is withdrawn", field="reason")
    change = FundingChange.objects.select_for_update().get(pk=change.pk)
    change.status = FundingChange.Status.WITHDRAWN
    change.withdrawn_at = timezone.now()
    change.withdrawn_by = actor
    change.withdrawal_reason = reason.strip()
    change.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    _tell_recipient(change, "accountability_funding_change_withdrawn")
    public_pages_changed(compacts=[change.compact])
    return change


@transaction.atomic
def funding_change_respond(*, actor, change: FundingChange, text: str) -> FundingChangeResponse:
    """The funded organisation's response; the funding body's people are told by e-mail."""
    if not permissions.can_respond_to_funding_change(actor, change):
        raise ApplicationError("Only the organisation funded can respond to this change")
    change = FundingChange.objects.select_for_update().get(pk=change.pk)
    if not change.takes_responses:
        decided_on = change.final_decision_on
        raise ApplicationError(
            f"The funding body recorded its final decision on {decided_on.day} "
            f"{decided_on:%B %Y}, so this change no longer takes responses. What you wrote "
            "has not been sent",
            field="text",
        )
    if not text.strip():
        raise ApplicationError("Enter your response", field="text")
    response = FundingChangeResponse.objects.create(
        funding_change=change, organisation=change.recipient, author=actor, text=text.strip()
    )
    response_id = response.pk

    def send():
        fresh = FundingChangeResponse.objects.select_related(
            "funding_change__funding_body", "organisation"
        ).get(pk=response_id)
        email_queue(
            to=_member_emails(fresh.funding_change.funding_body_id),
            template="accountability_funding_change_response",
            context={"change": fresh.funding_change, "response": fresh},
        )

    send()
    return response


@transaction.atomic
def recipient_organisation_add(
    *, actor, name: str, kind: str, postcode: str = "", email: str = ""
) -> Organisation:
    """An organisation funded that is not yet in the directory, added by an officer on the spot.

    It joins the directory through the signatories app's own checks, as a voluntary and
    community organisation with no signature; the officer does not become its administrator.
    """
    if not permissions.is_officer(actor):
        raise ApplicationError("Only officers of statutory signatories can add organisations")
    details = {
        "name": " ".join(name.split()),
        "sector": Organisation.Sector.VCS,
        "kind": kind,
        "postcode": postcode,
        "email": email,
    }
    try:
        return organisation_create(actor=actor, details=details, make_actor_administrator=False)
    except ApplicationError as error:
        # Shown beside the "organisation to add" fields of the funding change form.
        raise ApplicationError(error.message, field=f"new_recipient_{error.field}") from error


# Consultations


@transaction.atomic
def consultation_log(
    *,
    actor,
    compact: Compact,
    organisation: Organisation,
    title: str,
    summary: str,
    link: str,
    audience: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    shorter_reason: str = "",
) -> Consultation:
    """Record a consultation run by `organisation`. A consultation shorter than the compact's
    minimum needs a reason."""
    if not permissions.is_officer_of(actor, organisation, compact):
        raise ApplicationError(
            "Only officers of a statutory body that has signed this compact can log its "
            "consultations",
            field="organisation",
        )
    version = published_version(compact)
    if version is None:
        raise ApplicationError("This compact has no published version yet", field="compact")
    if closes_on <= opens_on:
        raise ApplicationError("The closing date must be after the opening date", field="closes_on")
    if rules.consultation_is_too_long(opens_on=opens_on, closes_on=closes_on):
        raise ApplicationError(
            f"Date it closes must be within {rules.MAXIMUM_CONSULTATION_YEARS} years of the "
            "date it opens",
            field="closes_on",
        )
    long_enough = rules.consultation_is_long_enough(
        opens_on=opens_on, closes_on=closes_on, minimum_weeks=version.minimum_consultation_weeks
    )
    if not long_enough and not shorter_reason.strip():
        length = rules.weeks_and_days(
            rules.consultation_length_days(opens_on=opens_on, closes_on=closes_on)
        )
        raise ApplicationError(
            f"This consultation runs for {length}, less than the compact's "
            f"{version.minimum_consultation_weeks} weeks. Explain why it is shorter",
            field="shorter_reason",
        )
    public_pages_changed(compacts=[compact])
    return Consultation.objects.create(
        compact=compact,
        organisation=organisation,
        title=title.strip(),
        summary=summary.strip(),
        link=link,
        audience=audience.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        minimum_weeks=version.minimum_consultation_weeks,
        shorter_reason="" if long_enough else shorter_reason.strip(),
        logged_by=actor,
    )


@transaction.atomic
def consultation_publish_feedback(
    *,
    actor,
    consultation: Consultation,
    we_asked: str,
    you_said: str,
    we_did: str,
    today: datetime.date | None = None,
) -> Consultation:
    """Publish "we asked, you said, we did" once the consultation has closed; dated today.
    Followers are told by e-mail."""
    today = today or timezone.localdate()
    if not permissions.can_manage_consultation(actor, consultation):
        raise ApplicationError("Only the body running the consultation can publish its feedback")
    if today <= consultation.closes_on:
        raise ApplicationError(
            "Feedback can be published once the consultation has closed, after "
            f"{consultation.closes_on.day} {consultation.closes_on:%B %Y}"
        )
    for name, value in (("we_asked", we_asked), ("you_said", you_said), ("we_did", we_did)):
        if not value.strip():
            label = name.replace("_", " ")
            raise ApplicationError(f"Enter what {label}", field=name)
    consultation.feedback_we_asked = we_asked.strip()
    consultation.feedback_you_said = you_said.strip()
    consultation.feedback_we_did = we_did.strip()
    consultation.feedback_published_on = consultation.feedback_published_on or today
    consultation.save()
    public_pages_changed(compacts=[consultation.compact])
    consultation_id = consultation.pk

    def send():
        fresh = Consultation.objects.select_related("organisation").get(pk=consultation_id)
        emails = Membership.objects.filter(
            organisation__consultations_followed__consultation=fresh
        ).values_list("user__email", flat=True)
        email_queue(
            to=list(emails), template="accountability_consultation_feedback",
            context={"consultation": fresh},
        )  # fmt: skip

    send()
    return consultation


@transaction.atomic
def consultation_follow(
    *, actor, consultation: Consultation, organisation: Organisation
) -> ConsultationFollow:
    if not permissions.can_follow_for(actor, organisation, consultation.compact):
        raise ApplicationError(
            "Only voluntary and community organisations that have signed this compact can "
            "follow its consultations"
        )
    follow, _ = ConsultationFollow.objects.get_or_create(
        consultation=consultation, organisation=organisation, defaults={"followed_by": actor}
    )
    return follow


@transaction.atomic
def consultation_unfollow(*, actor, consultation: Consultation, organisation: Organisation) -> None:
    if not permissions.can_follow_for(actor, organisation, consultation.compact):
        raise ApplicationError("You cannot change what this organisation follows")
    ConsultationFollow.objects.filter(consultation=consultation, organisation=organisation).delete()


@transaction.atomic
def calendar_feed_reset(*, actor, organisation: Organisation) -> CalendarFeed:
    """Give the organisation's calendar a new secret address; the old one stops working."""
    if not permissions.can_manage_calendar(actor, organisation):
        raise ApplicationError("Only the organisation's people can reset its calendar address")
    feed, created = CalendarFeed.objects.get_or_create(organisation=organisation)
    if not created:
        feed.token = new_calendar_token()
        feed.reset_at = timezone.now()
        feed.save(update_fields=["token", "reset_at"])
    return feed


def open_matters_hand_over(*, actor, predecessor: Organisation, successor: Organisation) -> None:
    """A successor body takes over funding changes still to take effect and open consultations.

    Called through core.succession when the steering group records a succession. Each
    funding change moved gains an amendment naming both bodies; past changes stay
    with the predecessor, whose record they are.
    """
    today = timezone.localdate()
    reason = f"{successor.name} took over from {predecessor.name}"
    open_changes = FundingChange.objects.select_for_update().filter(
        takes_effect_on__gte=today,
        status__in=[FundingChange.Status.PLANNED, FundingChange.Status.NOTIFIED],
    )
    for role, label in (("funding_body", "Funding body"), ("recipient", "Organisation funded")):
        for change in open_changes.filter(**{role: predecessor}):
            setattr(change, role, successor)
            change.save(update_fields=[role])
            FundingChangeAmendment.objects.create(
                funding_change=change,
                amended_by=actor,
                reason=reason,
                changes={label: {"from": predecessor.name, "to": successor.name}},
            )
    Consultation.objects.filter(organisation=predecessor, closes_on__gte=today).update(
        organisation=successor
    )
    already_followed = ConsultationFollow.objects.filter(organisation=successor).values(
        "consultation_id"
    )
    ConsultationFollow.objects.filter(organisation=predecessor).exclude(
        consultation_id__in=already_followed
    ).update(organisation=successor)
