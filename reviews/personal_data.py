"""What reviews holds about a person (core.personal_data), and erasing it. Plans,
self-assessments and offers of help are an organisation's or a steering group's: they
stay, by "A former member"."""

from core.personal_data import Section, reassign, row

from .models import ActionPlan, HelpOffer, SelfAssessment

REASSIGNED = {
    SelfAssessment: ("updated_by",),
    ActionPlan: ("created_by", "updated_by"),
    HelpOffer: ("offered_by",),
}


def personal_data(person) -> list[Section]:
    offers = HelpOffer.objects.filter(offered_by=person).select_related("organisation")
    plans = ActionPlan.objects.filter(created_by=person).select_related("organisation")
    return [
        Section("help_offers", "Help you offered", [
            row({"For": o.organisation.name, "Year": o.year, "Offer": o.get_kind_display(),
                 "Message": o.message, "Offered": o.offered_at})
            for o in offers
        ]),
        Section("action_plans", "Action plans you started", [
            row({"Organisation": p.organisation.name, "Year": p.year, "Started": p.created_at})
            for p in plans
        ]),
    ]  # fmt: skip


def erase(*, person, former_member) -> None:
    reassign(REASSIGNED, person=person, former_member=former_member)
