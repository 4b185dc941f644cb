"""People in organisations: invitations by e-mail and requests to join."""

import datetime
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ApplicationError
from outbox.services import email_queue

from ..models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
)
from ..permissions import can_manage_organisation, is_invitation_for

INVITATION_DAYS = 14

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
    email_queue(
        to=[email],
        template="signatories_invitation",
        context={
            "invitation": invitation,
            "organisation": organisation,
            "inviter": actor,
            "path": reverse("signatories:invitation_accept", args=[invitation.token]),
        },
    )
    return invitation


@transaction.atomic
def invitation_accept(*, actor, token: str) -> Membership:
    """Join the organisation an invitation is for, unless it has expired or was used, or
    `actor` is not signed in with the address it was sent to (whoever holds a link must not
    join with it)."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token=token)
        .first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ApplicationError("This invitation has already been used or does not exist")
    if not is_invitation_for(actor, invitation):
        raise ApplicationError(
            f"This invitation was sent to {invitation.email}. Sign in with that address to "
            "accept it, or create an account with it."
        )
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
    email_queue(
        to=admins,
        template="signatories_join_request",
        context={
            "organisation": organisation,
            "person": actor,
            "path": reverse("signatories:dashboard", args=[organisation.slug]),
        },
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
