"""A person with a row behind every foreign key to the user model, for the subject access
and erasure tests. `FILLED` names each (model label, field) filled here: the erasure test
fails when a foreign key to the user appears that this does not fill."""

import datetime
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accountability.models import (
    ConsultationFollow,
    ExceptionalRequest,
    FundingChangeAmendment,
    FundingChangeResponse,
)
from accounts.models import ErasureRecord
from commitments.models import CompactDocument, CompactDocumentVersion
from disputes.models import Attachment, MediationPanelMember, Stage, TimelineEntry
from outbox.models import Message
from reminders.models import Deadline, Kind, Reminder, ReminderPreference
from reviews.models import HelpOffer, SelfAssessment
from signatories.models import JoinRequest, SignatoryStatusChange, SignUpApplication
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.disputes.factories import CaseFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)
from tests.reviews.factories import ActionPlanFactory
from tests.signatories.factories import ChampionFactory, InvitationFactory

FILLED = {
    ("admin.LogEntry", "user"),
    ("account.EmailAddress", "user"),
    ("mfa.Authenticator", "user"),
    ("accounts.ErasureRecord", "erased_by"),
    ("commitments.SteeringGroupMember", "user"),
    ("commitments.CompactDocumentVersion", "added_by"),
    ("signatories.Membership", "user"),
    ("signatories.Signatory", "submitted_by"),
    ("signatories.SignatoryStatusChange", "actor"),
    ("signatories.Invitation", "invited_by"),
    ("signatories.Invitation", "accepted_by"),
    ("signatories.JoinRequest", "user"),
    ("signatories.JoinRequest", "decided_by"),
    ("signatories.Champion", "appointed_by"),
    ("signatories.SignUpApplication", "user"),
    ("accountability.FundingChange", "logged_by"),
    ("accountability.FundingChange", "withdrawn_by"),
    ("accountability.FundingChangeAmendment", "amended_by"),
    ("accountability.ExceptionalRequest", "requested_by"),
    ("accountability.ExceptionalRequest", "decided_by"),
    ("accountability.FundingChangeResponse", "author"),
    ("accountability.Consultation", "logged_by"),
    ("accountability.ConsultationFollow", "followed_by"),
    ("disputes.MediationPanelMember", "user"),
    ("disputes.MediationPanelMember", "added_by"),
    ("disputes.Case", "raised_by"),
    ("disputes.Case", "mediator"),
    ("disputes.Attachment", "uploaded_by"),
    ("disputes.TimelineEntry", "author"),
    ("reminders.Reminder", "recipient"),
    ("reminders.ReminderPreference", "user"),
    ("reviews.SelfAssessment", "updated_by"),
    ("reviews.ActionPlan", "created_by"),
    ("reviews.ActionPlan", "updated_by"),
    ("reviews.HelpOffer", "offered_by"),
}


@dataclass
class World:
    person: object
    words: str  # text only this person wrote, in every free-text place
    case: object
    champion: object
    organisation: object


def person_with_everything(*, name: str, email: str) -> World:
    """A person behind every foreign key to the user, writing `words` wherever they write."""
    person = UserFactory(full_name=name, email=email)
    words = f"Words only {name} wrote"
    compact = published_compact()
    organisation = OrganisationFactory(email=email)
    body = StatutoryBodyFactory()
    MembershipFactory(user=person, organisation=organisation)
    SteeringGroupMemberFactory(user=person, compact=compact)
    code = CompactDocument.objects.create(compact=compact, title="Funding code", kind="funding")
    CompactDocumentVersion.objects.create(
        document=code, number=1, adopted_on=datetime.date(2025, 4, 1),
        link="https://example.org/code", added_by=person,
    )  # fmt: skip
    signatory = SignatoryFactory(
        organisation=organisation, compact=compact, submitted_by=person, signed_by_name=name
    )
    SignatoryFactory(organisation=body, compact=compact)
    SignatoryStatusChange.objects.create(
        signatory=signatory,
        to_status="active",
        actor=person,
        organisation_name=organisation.name,
        compact=compact,
    )
    InvitationFactory(organisation=organisation, invited_by=person, accepted_by=person)
    InvitationFactory(organisation=body, email=email)  # an invitation to them
    JoinRequest.objects.create(organisation=body, user=person)
    # Rows that must stay are not also the person's own (those go with the account).
    JoinRequest.objects.create(
        organisation=organisation, user=UserFactory(), decided_by=person, status="declined",
        decided_at=timezone.now(),
    )  # fmt: skip
    champion = ChampionFactory(signatory=signatory, appointed_by=person, name=name, email=email)
    SignUpApplication.objects.create(user=person, organisation_details={"name": words})
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    LogEntry.objects.create(
        user=person, content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk), object_repr=name, action_flag=ADDITION,
    )  # fmt: skip
    ErasureRecord.objects.create(
        former_account_id=0, requested_by="The person", erased_by=person,
        request_received_on=datetime.date(2026, 1, 5),
    )  # fmt: skip

    change = FundingChangeFactory(
        compact=compact, funding_body=body, recipient=organisation, logged_by=person,
        withdrawn_by=person,
    )  # fmt: skip
    FundingChangeAmendment.objects.create(funding_change=change, amended_by=person, reason=words)
    ExceptionalRequest.objects.create(
        funding_change=change, reason=words, requested_by=person, decided_by=person,
        status="agreed", decided_at=timezone.now(),
    )  # fmt: skip
    FundingChangeResponse.objects.create(
        funding_change=change, organisation=organisation, author=person, text=words
    )
    consultation = ConsultationFactory(compact=compact, organisation=body, logged_by=person)
    ConsultationFollow.objects.create(
        consultation=consultation, organisation=organisation, followed_by=person
    )

    MediationPanelMember.objects.create(compact=compact, user=person)
    MediationPanelMember.objects.create(compact=compact, user=UserFactory(), added_by=person)
    case = CaseFactory(
        compact=compact, version=compact.versions.get(status="published"),
        raised_by_organisation=organisation, about_organisation=body, raised_by=person,
        mediator=person, stage=Stage.SUBMITTED,
    )  # fmt: skip
    attachment = Attachment.objects.create(
        case=case, file=f"cases/{case.pk}/x.pdf", original_name="letter.pdf",
        extension=".pdf", content_type="application/pdf", size=10, uploaded_by=person,
    )  # fmt: skip
    TimelineEntry.objects.create(
        case=case, kind=TimelineEntry.Kind.MESSAGE, author=person, body=words
    )
    TimelineEntry.objects.create(
        case=case, kind=TimelineEntry.Kind.DOCUMENT, author=person, attachment=attachment
    )

    deadline = Deadline.objects.create(
        kind=Kind.FUNDING_TAKES_EFFECT, content_type=ContentType.objects.get_for_model(change),
        object_id=change.pk, compact=compact, title="Takes effect", url="/",
        due_on=datetime.date(2027, 1, 1),
    )  # fmt: skip
    Reminder.objects.create(
        deadline=deadline, kind=deadline.kind, recipient=person, due_on=deadline.due_on,
        offset_days=7, message=f"Reminder for {name}",
    )  # fmt: skip
    ReminderPreference.objects.create(user=person, kind=Kind.FUNDING_TAKES_EFFECT)

    SelfAssessment.objects.create(compact=compact, year=2026, updated_by=person)
    ActionPlanFactory(
        compact=compact, organisation=organisation, created_by=person, updated_by=person
    )
    HelpOffer.objects.create(
        compact=compact, organisation=organisation, year=2026, kind="training",
        message=words, offered_by=person,
    )  # fmt: skip

    Message.objects.create(template="some_email", to=[email], subject=f"Hello {name}", text=words)
    Message.objects.create(
        template="core_feedback", to=["team@example.org"], reply_to=[email],
        subject="Feedback", text=words,
    )  # fmt: skip
    return World(person, words, case, champion, organisation)
