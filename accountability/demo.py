"""Demo funding changes and consultations for the demo compacts (safe to run again).

Writes through the models, not the services, because demo history lies in the past (notice
given months ago) and no e-mail should go out. Skips quietly until the demo compacts and
their signatories exist.

Some dates fall due straight away (`_load_due_now`), so the worker's first reminders sweep
after `make run` has something to send and a newcomer sees reminders, with their
unsubscribe links, on the console and in "Your reminders".
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from commitments.models import Compact
from commitments.selectors import published_version
from signatories.models import Membership, Organisation, Signatory

from .models import Consultation, ConsultationFollow, FundingChange


def _signatories(compact, sector):
    return [
        s.organisation
        for s in Signatory.objects.filter(
            compact=compact, status=Signatory.Status.ACTIVE, organisation__sector=sector
        ).select_related("organisation")
    ]


def load(stdout) -> None:
    today = timezone.localdate()
    made = 0
    due_now_loaded = False
    for compact in Compact.objects.order_by("name"):
        version = published_version(compact)
        bodies = _signatories(compact, Organisation.Sector.STATUTORY)
        groups = _signatories(compact, Organisation.Sector.VCS)
        if version is None or not bodies or not groups:
            continue
        body = bodies[0]
        membership = Membership.objects.filter(organisation=body).select_related("user").first()
        if membership is None:
            continue
        officer = membership.user
        months = version.minimum_notice_months
        changes = [
            ("Youth club evenings", FundingChange.Kind.REDUCTION, 90, 90 + 31 * (months + 1), ""),
            ("Lunch club transport", FundingChange.Kind.ENDING, 20, 60,
             "The regional transport grant ended at a month's notice."),
            ("Advice line", FundingChange.Kind.CHANGE_OF_TERMS, None, 31 * (months + 2), ""),
            ("Holiday play scheme", FundingChange.Kind.REDUCTION, 15, 45, ""),  # a breach
        ]  # fmt: skip
        for index, (programme, kind, notice_days_ago, effect_in_days, exceptional) in enumerate(
            changes
        ):
            recipient = groups[index % len(groups)]
            notice_on = (
                today - datetime.timedelta(days=notice_days_ago) if notice_days_ago else None
            )
            _, created = FundingChange.objects.get_or_create(
                compact=compact,
                funding_body=body,
                programme=programme,
                defaults={
                    "recipient": recipient,
                    "kind": kind,
                    "current_annual_amount": Decimal("18000"),
                    "new_annual_amount": Decimal("0")
                    if kind == FundingChange.Kind.ENDING
                    else Decimal("12000"),
                    "decided_on": notice_on,
                    "notice_given_on": notice_on,
                    "takes_effect_on": (notice_on or today)
                    + datetime.timedelta(days=effect_in_days),
                    "rationale": "The service budget for next year was reduced.",
                    "impact_assessment": "Fewer sessions for about forty young people.",
                    "exceptional_circumstances": bool(exceptional),
                    "exceptional_reason": exceptional,
                    "minimum_notice_months": months,
                    "status": FundingChange.Status.NOTIFIED
                    if notice_on
                    else FundingChange.Status.PLANNED,
                    "logged_by": officer,
                },
            )
            made += created
        consultations = [
            ("Library opening hours", -20, 7 * version.minimum_consultation_weeks - 20, None),
            ("Community centre lettings", -120, -30, None),
            ("Parks and open spaces plan", -200, -110, today - datetime.timedelta(days=60)),
        ]
        for title, opens_in, closes_in, feedback_on in consultations:
            _, created = Consultation.objects.get_or_create(
                compact=compact,
                organisation=body,
                title=title,
                defaults={
                    "summary": "Tell us how the service should change.",
                    "link": "https://www.example.gov.uk/consultations",
                    "audience": "Residents, community groups and charities",
                    "opens_on": today + datetime.timedelta(days=opens_in),
                    "closes_on": today + datetime.timedelta(days=closes_in),
                    "minimum_weeks": version.minimum_consultation_weeks,
                    "shorter_reason": "Needed before the budget meeting."
                    if closes_in - opens_in < 7 * version.minimum_consultation_weeks
                    else "",
                    "feedback_we_asked": "How the parks should be looked after."
                    if feedback_on
                    else "",
                    "feedback_you_said": "More benches and longer opening." if feedback_on else "",
                    "feedback_we_did": "Ten benches added; gates close at dusk."
                    if feedback_on
                    else "",
                    "feedback_published_on": feedback_on,
                    "logged_by": officer,
                },
            )
            made += created
        if not due_now_loaded:  # under one compact only, or each person is told twice
            made += _load_due_now(compact, version, body, groups, officer, today)
            due_now_loaded = True
    if made:
        stdout.write(f"Accountability: {made} demo funding changes and consultations.")
    else:
        stdout.write("Accountability: nothing to add (demo signatories missing or already loaded).")


def _load_due_now(compact, version, body, groups, officer, today) -> int:
    """Dates whose reminders are already due on the day the demo is loaded: a change taking
    effect in ten days (told to the VCS group funded), the last day to give notice of a
    planned change in five days (the funding body), and a consultation closing in two days
    (the body and the group following it). The group is one whose people can sign in."""
    group = (
        Organisation.objects.filter(pk__in=[g.pk for g in groups], memberships__isnull=False)
        .order_by("name")
        .first()
    ) or groups[0]
    months = version.minimum_notice_months
    takes_effect_soon = today + datetime.timedelta(days=10)
    planned_effect = today + datetime.timedelta(days=5) + relativedelta(months=months)
    common = {
        "recipient": group,
        "kind": FundingChange.Kind.REDUCTION,
        "current_annual_amount": Decimal("24000"),
        "new_annual_amount": Decimal("16000"),
        "rationale": "Fewer referrals came through the council's own services this year.",
        "impact_assessment": "About sixty households a month would wait longer for help.",
        "minimum_notice_months": months,
        "logged_by": officer,
    }
    made = 0
    for programme, details in [
        (
            "Food parcel deliveries",
            {
                "decided_on": takes_effect_soon - relativedelta(months=months, days=10),
                "notice_given_on": takes_effect_soon - relativedelta(months=months, days=10),
                "takes_effect_on": takes_effect_soon,
                "status": FundingChange.Status.NOTIFIED,
            },
        ),
        (
            "Befriending service",
            {"takes_effect_on": planned_effect, "status": FundingChange.Status.PLANNED},
        ),
    ]:
        _, created = FundingChange.objects.get_or_create(
            compact=compact,
            funding_body=body,
            programme=programme,
            defaults={**common, **details},
        )
        made += created

    closes_on = today + datetime.timedelta(days=2)
    consultation, created = Consultation.objects.get_or_create(
        compact=compact,
        organisation=body,
        title="Cost of living support",
        defaults={
            "summary": "How should next winter's hardship fund be shared out?",
            "link": "https://www.example.gov.uk/consultations/cost-of-living",
            "audience": "Residents, advice services and community groups",
            "opens_on": closes_on - datetime.timedelta(weeks=version.minimum_consultation_weeks),
            "closes_on": closes_on,
            "minimum_weeks": version.minimum_consultation_weeks,
            "logged_by": officer,
        },
    )
    made += created
    follower = group.memberships.select_related("user").first()
    if follower is not None:
        ConsultationFollow.objects.get_or_create(
            consultation=consultation,
            organisation=group,
            defaults={"followed_by": follower.user},
        )
    return made
