"""What accountability holds about a person (core.personal_data), and erasing it.

Funding changes, their amendments, responses and consultations are an organisation's
record: they stay, by "A former member". Their words stay too, since they were written
for the organisation, not about the person."""

from core.personal_data import Section, reassign, row

from .models import (
    Consultation,
    ConsultationFollow,
    ExceptionalRequest,
    FundingChange,
    FundingChangeAmendment,
    FundingChangeResponse,
)

# Every foreign key to the person in this app, by model: all kept, all reassigned.
REASSIGNED = {
    FundingChange: ("logged_by", "withdrawn_by"),
    FundingChangeAmendment: ("amended_by",),
    ExceptionalRequest: ("requested_by", "decided_by"),
    FundingChangeResponse: ("author",),
    Consultation: ("logged_by",),
    ConsultationFollow: ("followed_by",),
}


def personal_data(person) -> list[Section]:
    logged = FundingChange.objects.filter(logged_by=person).select_related(
        "funding_body", "recipient"
    )
    responses = FundingChangeResponse.objects.filter(author=person).select_related(
        "funding_change__funding_body", "organisation"
    )
    consultations = Consultation.objects.filter(logged_by=person).select_related("organisation")
    requests = ExceptionalRequest.objects.filter(requested_by=person).select_related(
        "funding_change__funding_body"
    )
    return [
        Section("funding_changes_logged", "Funding changes you logged", [
            row({"Funding body": c.funding_body.name, "Recipient": c.recipient.name,
                 "Programme": c.programme, "Logged": c.created_at})
            for c in logged
        ]),
        Section("funding_change_responses", "Your responses to funding changes", [
            row({"For": r.organisation.name, "Funding body": r.funding_change.funding_body.name,
                 "Programme": r.funding_change.programme, "Written": r.created_at,
                 "Response": r.text})
            for r in responses
        ]),
        Section("exceptional_requests", "Your requests to accept shorter notice", [
            row({"Funding body": r.funding_change.funding_body.name,
                 "Programme": r.funding_change.programme, "Asked": r.requested_at,
                 "Reason": r.reason, "Status": r.get_status_display()})
            for r in requests
        ]),
        Section("consultations_logged", "Consultations you logged", [
            row({"Body": c.organisation.name, "Title": c.title, "Logged": c.created_at})
            for c in consultations
        ]),
    ]  # fmt: skip


def erase(*, person, former_member) -> None:
    reassign(REASSIGNED, person=person, former_member=former_member)
