"""Reads of funding changes, consultations and each body's record, depending on who looks.

`body_record(organisation)` and `compact_record(compact, year=...)` are the one place the
figures are counted; pages, panels, reminders and reports call them.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from commitments.models import Compact
from commitments.permissions import steering_compact_ids
from core.disclosure import is_small, public_count, public_share
from signatories.models import Organisation, Signatory

from . import rules
from .models import CalendarFeed, Consultation, ExceptionalRequest, FundingChange


def officer_signatures(*, user) -> QuerySet[Signatory]:
    """The active signatures of statutory bodies `user` works for: where they may log changes."""
    if not user.is_authenticated:
        return Signatory.objects.none()
    return (
        Signatory.objects.filter(
            status=Signatory.Status.ACTIVE,
            organisation__sector=Organisation.Sector.STATUTORY,
            organisation__memberships__user=user,
        )
        .select_related("organisation", "compact")
        .order_by("organisation__name", "compact__name")
    )


def _funding_changes() -> QuerySet[FundingChange]:
    return FundingChange.objects.select_related("compact", "funding_body", "recipient")


def funding_changes_visible_to(*, user) -> QuerySet[FundingChange]:
    """Changes whose funding body or recipient `user` belongs to, or whose compact they steer."""
    if not user.is_authenticated:
        return FundingChange.objects.none()
    own = Q(funding_body__memberships__user=user) | Q(recipient__memberships__user=user)
    steering = Q(compact_id__in=steering_compact_ids(user))
    ids = FundingChange.objects.filter(own | steering).values("id")
    return _funding_changes().filter(id__in=ids)


def funding_change_with_history(*, pk: int) -> FundingChange:
    """One change with its amendments and responses (and their authors) fetched up front."""
    return (
        _funding_changes()
        .select_related("logged_by", "withdrawn_by")
        .prefetch_related(
            "amendments__amended_by",
            "responses__author",
            "responses__organisation",
            "exceptional_requests__requested_by",
            "exceptional_requests__decided_by",
        )
        .get(pk=pk)
    )


def compacts_of(changes: QuerySet[FundingChange]) -> list[Compact]:
    """The compacts a list of changes spans, by name: the choices of its compact filter."""
    return list(Compact.objects.filter(id__in=changes.values("compact_id")).order_by("name"))


def exceptional_requests_waiting(*, user) -> QuerySet[ExceptionalRequest]:
    """Requests to accept shorter notice as exceptional that wait for a steering group `user`
    sits on, oldest first; requests about withdrawn changes no longer wait."""
    return (
        ExceptionalRequest.objects.filter(
            status=ExceptionalRequest.Status.PENDING,
            funding_change__compact_id__in=steering_compact_ids(user),
        )
        .exclude(funding_change__status=FundingChange.Status.WITHDRAWN)
        .select_related(
            "requested_by",
            "funding_change__compact",
            "funding_change__funding_body",
            "funding_change__recipient",
        )
        .order_by("requested_at", "id")
    )


def exceptional_request_detail(*, pk: int) -> ExceptionalRequest:
    return ExceptionalRequest.objects.select_related(
        "requested_by",
        "decided_by",
        "funding_change__compact",
        "funding_change__funding_body",
        "funding_change__recipient",
    ).get(pk=pk)


def changes_affecting(*, organisation: Organisation) -> QuerySet[FundingChange]:
    return _funding_changes().filter(recipient=organisation)


def changes_made_by(*, organisation: Organisation) -> QuerySet[FundingChange]:
    return _funding_changes().filter(funding_body=organisation)


def recipient_choices(*, compact_ids) -> QuerySet[Organisation]:
    """Organisations that may be picked as recipients: active signatories of those compacts."""
    return (
        Organisation.objects.filter(
            signatures__compact_id__in=compact_ids, signatures__status=Signatory.Status.ACTIVE
        )
        .exclude(sector=Organisation.Sector.STATUTORY)
        .distinct()
        .order_by("name")
    )


# Consultations

PUBLIC_SECTIONS = (
    (rules.Stage.OPEN, "Open now"),
    (rules.Stage.CLOSING_SOON, "Closing soon"),
    (rules.Stage.NOT_YET_OPEN, "Opening later"),
    (rules.Stage.AWAITING_FEEDBACK, "Closed, waiting for feedback"),
    (rules.Stage.WITH_FEEDBACK, "Closed, with feedback"),
)


CONSULTATIONS_PER_PAGE = 50
_STAGE_ORDER = [stage for stage, _ in PUBLIC_SECTIONS]


def consultation_stage_in_database(today: datetime.date) -> Case:
    """`rules.consultation_stage` as SQL, so a list can filter, count and sort by stage
    without reading every row (tests/accountability/test_consultation_list.py holds them equal)."""
    return Case(
        When(opens_on__gt=today, then=Value(rules.Stage.NOT_YET_OPEN)),
        When(
            closes_on__gte=today,
            closes_on__lt=today + datetime.timedelta(days=rules.CLOSING_SOON_DAYS),
            then=Value(rules.Stage.CLOSING_SOON),
        ),
        When(closes_on__gte=today, then=Value(rules.Stage.OPEN)),
        When(feedback_published_on__isnull=True, then=Value(rules.Stage.AWAITING_FEEDBACK)),
        default=Value(rules.Stage.WITH_FEEDBACK),
        output_field=CharField(),
    )


@dataclass
class ConsultationList:
    page: Page
    stage_counts: list[dict]  # {"stage", "title", "count"} in the order of PUBLIC_SECTIONS


def consultation_list(
    *,
    compact: Compact | None = None,
    body: Organisation | None = None,
    stage: str = "",
    page_number=None,
    today: datetime.date | None = None,
) -> ConsultationList:
    """The public list of consultations, a page at a time, with how many are at each stage.

    Open ones come first, closing soonest first; then those opening later; then closed
    ones, most recently closed first. The stage is worked out by the database, so the cost
    follows the page shown, not the number of consultations.
    """
    today = today or timezone.localdate()
    consultations = Consultation.objects.annotate(
        current_stage=consultation_stage_in_database(today)
    )
    if compact is not None:
        consultations = consultations.filter(compact=compact)
    if body is not None:
        consultations = consultations.filter(organisation=body)
    counts = dict(
        consultations.order_by()
        .values_list("current_stage")
        .annotate(count=Count("id"))
        .values_list("current_stage", "count")
    )
    if stage in _STAGE_ORDER:
        consultations = consultations.filter(current_stage=stage)
    rank = Case(
        *(When(current_stage=value, then=Value(n)) for n, value in enumerate(_STAGE_ORDER)),
        output_field=IntegerField(),
    )
    closed = [rules.Stage.AWAITING_FEEDBACK, rules.Stage.WITH_FEEDBACK]
    ordered = consultations.select_related("organisation", "compact").order_by(
        rank,
        Case(When(~Q(current_stage__in=closed), then=F("closes_on"))).asc(),
        Case(When(current_stage__in=closed, then=F("closes_on"))).desc(),
        "id",
    )
    page = Paginator(ordered, CONSULTATIONS_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    for consultation in page.object_list:
        consultation.is_feedback_overdue = consultation.feedback_overdue(today)
    stage_counts = [
        {"stage": value, "title": title, "count": counts.get(value, 0)}
        for value, title in PUBLIC_SECTIONS
    ]
    return ConsultationList(page=page, stage_counts=stage_counts)


def consultation_bodies(*, compact: Compact) -> list[Organisation]:
    """The bodies that have run consultations under `compact`: the choices of the list's
    body filter (a compact has a handful, where the country has thousands)."""
    return list(
        Organisation.objects.filter(consultations__compact=compact).distinct().order_by("name")
    )


def compacts_with_consultations() -> list[Compact]:
    """The compacts the public list of consultations spans: the choices of its filter."""
    return list(
        Compact.objects.filter(id__in=Consultation.objects.values("compact_id")).order_by("name")
    )


def consultation_detail(*, pk: int) -> Consultation:
    return Consultation.objects.select_related("organisation", "compact", "logged_by").get(pk=pk)


def followable_organisations(*, user, consultation: Consultation) -> list[Organisation]:
    """`user`'s VCS organisations that are active signatories of the consultation's compact."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            sector=Organisation.Sector.VCS,
            memberships__user=user,
            signatures__compact_id=consultation.compact_id,
            signatures__status=Signatory.Status.ACTIVE,
        )
        .distinct()
        .order_by("name")
    )


def followed_consultations(*, organisation: Organisation) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(follows__organisation=organisation)
        .select_related("organisation", "compact")
        .order_by("closes_on")
    )


def calendar_feed_for(*, organisation: Organisation) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(organisation=organisation)
    return feed


# The record of each statutory body


@dataclass
class BodyRecord:
    """How a statutory body kept the compact: the public figures, never the individual changes."""

    organisation: Organisation | None
    funding_changes: int = 0
    notice_kept: int = 0
    exceptional: int = 0
    breaches: int = 0
    consultations: int = 0
    consultations_long_enough: int = 0
    feedback_due: int = 0
    feedback_on_time: int = 0
    feedback_overdue: int = 0

    @staticmethod
    def _percent(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def notice_kept_percent(self):
        return self._percent(self.notice_kept, self.funding_changes)

    @property
    def long_enough_percent(self):
        return self._percent(self.consultations_long_enough, self.consultations)

    @property
    def feedback_on_time_percent(self):
        return self._percent(self.feedback_on_time, self.feedback_due)

    @property
    def has_activity(self) -> bool:
        return bool(self.funding_changes or self.consultations)

    @property
    def bars(self) -> list[dict]:
        """The three measures for the public chart: label, share (0–100 or None), the
        figures as text, and whether they were too few to publish (core.disclosure)."""
        measures = [
            ("Funding changes with the minimum notice", self.notice_kept, self.funding_changes,
             self.notice_kept_percent),
            ("Consultations of at least the minimum length", self.consultations_long_enough,
             self.consultations, self.long_enough_percent),
            ("Consultation feedback published on time", self.feedback_on_time,
             self.feedback_due, self.feedback_on_time_percent),
        ]  # fmt: skip
        return [
            {
                "label": label,
                "percent": public_share(percent, base=whole),
                "text": f"{public_count(part)} of {public_count(whole)}",
                "suppressed": is_small(whole),
            }
            for label, part, whole, percent in measures
        ]

    def add(self, other: "BodyRecord") -> None:
        for name in (
            "funding_changes", "notice_kept", "exceptional", "breaches", "consultations",
            "consultations_long_enough", "feedback_due", "feedback_on_time", "feedback_overdue",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CompactRecord:
    compact: Compact
    year: int | None
    bodies: list[BodyRecord] = field(default_factory=list)
    total: BodyRecord = field(default_factory=lambda: BodyRecord(None))


def _records(*, organisation_ids, compact=None, year=None, today=None) -> dict[int, BodyRecord]:
    """Count the figures for many bodies in two queries, with the rules in `rules`.

    A funding change counts once notice is given, if it is of a kind that needs notice and
    has not been withdrawn; a year selects changes by the day they take effect and
    consultations by the day they close. Feedback is due once its due day has passed or it
    has been published.
    """
    today = today or timezone.localdate()
    records = {org_id: BodyRecord(None) for org_id in organisation_ids}
    changes = FundingChange.objects.filter(
        funding_body_id__in=organisation_ids,
        kind__in=FundingChange.NOTICE_KINDS,
        notice_given_on__isnull=False,
    ).exclude(status=FundingChange.Status.WITHDRAWN)
    consultations = Consultation.objects.filter(organisation_id__in=organisation_ids)
    if compact is not None:
        changes = changes.filter(compact=compact)
        consultations = consultations.filter(compact=compact)
    if year is not None:
        changes = changes.filter(takes_effect_on__year=year)
        consultations = consultations.filter(closes_on__year=year)
    for body_id, notice_on, effect_on, months, exceptional in changes.values_list(
        "funding_body_id", "notice_given_on", "takes_effect_on", "minimum_notice_months",
        "exceptional_circumstances",
    ):  # fmt: skip
        record = records[body_id]
        record.funding_changes += 1
        if rules.notice_is_kept(
            notice_given_on=notice_on, takes_effect_on=effect_on, minimum_notice_months=months
        ):
            record.notice_kept += 1
        elif exceptional:
            record.exceptional += 1
        else:
            record.breaches += 1
    for body_id, opens_on, closes_on, minimum_weeks, published_on, due_weeks in (
        consultations.values_list(
            "organisation_id", "opens_on", "closes_on", "minimum_weeks",
            "feedback_published_on", "compact__feedback_due_weeks",
        )
    ):  # fmt: skip
        record = records[body_id]
        record.consultations += 1
        if rules.consultation_is_long_enough(
            opens_on=opens_on, closes_on=closes_on, minimum_weeks=minimum_weeks
        ):
            record.consultations_long_enough += 1
        due_on = rules.feedback_due_on(closes_on=closes_on, feedback_due_weeks=due_weeks)
        if published_on is None and today <= due_on:
            continue  # not yet due: neither on time nor late
        record.feedback_due += 1
        if rules.feedback_is_overdue(
            closes_on=closes_on, feedback_due_weeks=due_weeks,
            feedback_published_on=published_on, today=today,
        ):  # fmt: skip
            record.feedback_overdue += 1
        else:
            record.feedback_on_time += 1
    return records


def body_record(
    organisation: Organisation, *, compact: Compact | None = None, year: int | None = None,
    today: datetime.date | None = None,
) -> BodyRecord:  # fmt: skip
    """A statutory body's figures (across all its compacts unless `compact` is given)."""
    record = _records(organisation_ids=[organisation.id], compact=compact, year=year, today=today)[
        organisation.id
    ]
    record.organisation = organisation
    return record


def compact_record(
    compact: Compact, year: int | None = None, *, today: datetime.date | None = None
) -> CompactRecord:
    """Each statutory signatory's figures within `compact` (optionally for one year), and totals."""
    bodies = list(
        Organisation.objects.filter(
            sector=Organisation.Sector.STATUTORY,
            signatures__compact=compact,
            signatures__status=Signatory.Status.ACTIVE,
        )
        .distinct()
        .order_by("name")
    )
    records = _records(
        organisation_ids=[body.id for body in bodies], compact=compact, year=year, today=today
    )
    result = CompactRecord(compact=compact, year=year)
    for body in bodies:
        record = records[body.id]
        record.organisation = body
        result.bodies.append(record)
        result.total.add(record)
    return result
