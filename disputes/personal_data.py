"""What disputes holds about a person (core.personal_data), and erasing it.

A case and its timeline must stay (the parties and the steering group rely on them), so
what the person did is kept by "A former member". The messages they wrote are their own
words to other people: the text goes, the entry (who, when, what kind) stays."""

from django.db.models import Q

from core.personal_data import WORDS_REMOVED, Section, reassign, row

from .models import Attachment, Case, MediationPanelMember, TimelineEntry

REASSIGNED = {
    Case: ("raised_by", "mediator"),
    Attachment: ("uploaded_by",),
    TimelineEntry: ("author",),
    MediationPanelMember: ("added_by",),
}


def personal_data(person) -> list[Section]:
    cases = (
        Case.objects.filter(Q(raised_by=person) | Q(mediator=person))
        .select_related("compact", "raised_by_organisation", "about_organisation")
        .order_by("created_at", "pk")
    )
    entries = TimelineEntry.objects.filter(author=person).select_related("case")
    panels = MediationPanelMember.objects.filter(user=person).select_related("compact")
    return [
        Section("cases", "Concerns you raised or mediate", [
            row({"Case": c.reference, "Title": c.title, "Compact": c.compact.name,
                 "Raised by": c.raised_by_organisation.name,
                 "About": c.about_organisation.name,
                 "You": "Raised it" if c.raised_by_id == person.pk else "Mediator",
                 "Stage": c.get_stage_display(), "What happened": c.what_happened})
            for c in cases
        ]),
        Section("case_timeline", "What you wrote on concerns", [
            row({"Case": e.case.reference, "Kind": e.get_kind_display(),
                 "Written": e.created_at, "Text": e.body})
            for e in entries
        ]),
        Section("mediation_panels", "Mediation panels you are on", [
            row({"Compact": p.compact.name}) for p in panels
        ]),
    ]  # fmt: skip


def erase(*, person, former_member) -> None:
    """A place on a mediation panel goes with the account (it cascades)."""
    TimelineEntry.objects.filter(author=person, kind=TimelineEntry.Kind.MESSAGE).update(
        body=WORDS_REMOVED
    )
    reassign(REASSIGNED, person=person, former_member=former_member)
