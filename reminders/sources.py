"""Where deadlines come from, and who is told: one section per source app.

Each kind has
- a recipients function (registered in `register()`), called by the sweep with a
  batch of due deadlines: it re-reads the source objects, says who to tell, and
  returns None for deadlines that no longer hold, so a reminder never goes out
  for something already done, whoever forgot to close it;
- a way its deadlines get scheduled. Source apps call
  `reminders.services.deadline_schedule/deadline_close` from their services;
  kinds whose source has no service to hook (signatures, whose state moves in
  issue 3's services and the admin) are recomputed by a `*_refresh` function
  here, run for the objects that changed or by the daily reconcile task.
"""

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import kinds
from .models import Deadline, Kind

# -- Shared lookups (one query each, whatever the batch) -----------------------------


def steering_administrators(compact_ids) -> dict[int, list[int]]:
    """User ids of each compact's chair and administrators, who decide applications."""
    from commitments.models import SteeringGroupMember

    people = defaultdict(list)
    for compact_id, user_id in SteeringGroupMember.objects.filter(
        compact_id__in=set(compact_ids),
        role__in=[SteeringGroupMember.Role.CHAIR, SteeringGroupMember.Role.ADMINISTRATOR],
    ).values_list("compact_id", "user_id"):
        people[compact_id].append(user_id)
    return people


def steering_group(compact_ids) -> dict[int, list[int]]:
    """User ids of everyone on each compact's steering group."""
    from commitments.models import SteeringGroupMember

    people = defaultdict(list)
    for compact_id, user_id in SteeringGroupMember.objects.filter(
        compact_id__in=set(compact_ids)
    ).values_list("compact_id", "user_id"):
        people[compact_id].append(user_id)
    return people


def organisation_people(organisation_ids, roles) -> dict[int, list[int]]:
    """User ids of each organisation's members holding one of `roles`."""
    from signatories.models import Membership

    people = defaultdict(list)
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in=set(organisation_ids), role__in=roles
    ).values_list("organisation_id", "user_id"):
        people[organisation_id].append(user_id)
    return people


def _link(name: str, *args, fallback: str = "/") -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


# -- Signatories: applications waiting, no champion, compact refreshed ---------------


WAITING_STATUSES = ("pending", "information_requested")
# A refresh lapses the signatures of the older text (signatories_lapse_for_new_version);
# an active one still on it (signed before lapsing existed) is told too.
REFRESH_STATUSES = ("lapsed", "active")


def _signatories_by_id(deadlines):
    from signatories.models import Signatory

    return {
        signatory.pk: signatory
        for signatory in Signatory.objects.filter(
            pk__in=[deadline.object_id for deadline in deadlines]
        ).only("id", "status", "organisation_id", "compact_id", "version_id")
    }


def recipients_application_waiting(deadlines) -> kinds.Recipients:
    signatories = _signatories_by_id(deadlines)
    administrators = steering_administrators(deadline.compact_id for deadline in deadlines)
    result = {}
    for deadline in deadlines:
        signatory = signatories.get(deadline.object_id)
        if signatory is None or signatory.status not in WAITING_STATUSES:
            result[deadline.id] = None
        else:
            result[deadline.id] = [(uid, None) for uid in administrators[deadline.compact_id]]
    return result


def signatories_with_champion(signatory_ids) -> set[int]:
    """Signatures with a serving Compact Champion."""
    from signatories.models import Champion

    return set(
        Champion.objects.filter(
            signatory_id__in=set(signatory_ids), stepped_down_at__isnull=True
        ).values_list("signatory_id", flat=True)
    )


def recipients_no_champion(deadlines) -> kinds.Recipients:
    from signatories.models import Membership

    signatories = _signatories_by_id(deadlines)
    organisation_ids = [s.organisation_id for s in signatories.values()]
    championed = signatories_with_champion(signatories)
    administrators = organisation_people(organisation_ids, [Membership.Role.ADMINISTRATOR])
    result = {}
    for deadline in deadlines:
        signatory = signatories.get(deadline.object_id)
        if signatory is None or signatory.status != "active" or signatory.pk in championed:
            result[deadline.id] = None
        else:
            org = signatory.organisation_id
            result[deadline.id] = [(uid, org) for uid in administrators[org]]
    return result


def published_version_ids(compact_ids) -> dict[int, int]:
    from commitments.models import CompactVersion

    return dict(
        CompactVersion.objects.filter(
            compact_id__in=set(compact_ids), status=CompactVersion.Status.PUBLISHED
        ).values_list("compact_id", "id")
    )


def recipients_compact_refreshed(deadlines) -> kinds.Recipients:
    from signatories.models import Membership

    signatories = _signatories_by_id(deadlines)
    published = published_version_ids(deadline.compact_id for deadline in deadlines)
    organisation_ids = [s.organisation_id for s in signatories.values()]
    administrators = organisation_people(organisation_ids, [Membership.Role.ADMINISTRATOR])
    result = {}
    for deadline in deadlines:
        signatory = signatories.get(deadline.object_id)
        if (
            signatory is None
            or signatory.status not in REFRESH_STATUSES
            or published.get(signatory.compact_id) in (None, signatory.version_id)
        ):
            result[deadline.id] = None
        else:
            org = signatory.organisation_id
            result[deadline.id] = [(uid, org) for uid in administrators[org]]
    return result


def signatory_deadlines_refresh(*, signatories, now: datetime.datetime | None = None) -> None:
    """Bring the three signatory kinds' deadlines in line with these signatures.

    Call it with the signatures a service has just changed (issue 3's approve,
    withdraw, champion and sign-again services), or with all of them from the
    daily reconcile. Idempotent: nothing is sent twice however often it runs.
    """
    from commitments.models import CompactVersion
    from signatories.models import Signatory

    from .services import deadline_close, deadline_schedule

    signatories = list(signatories)
    if not signatories:
        return
    compact_ids = {s.compact_id for s in signatories}
    published = {
        version.compact_id: version
        for version in CompactVersion.objects.filter(
            compact_id__in=compact_ids, status=CompactVersion.Status.PUBLISHED
        )
    }
    championed = signatories_with_champion(s.pk for s in signatories)
    for signatory in Signatory.objects.filter(pk__in=[s.pk for s in signatories]).select_related(
        "organisation", "compact", "version"
    ):
        compact, organisation = signatory.compact, signatory.organisation
        link = _link("commitments:detail", compact.slug, fallback=compact.get_absolute_url())
        if signatory.status in WAITING_STATUSES:
            deadline_schedule(
                kind=Kind.APPLICATION_WAITING,
                obj=signatory,
                compact=compact,
                organisation=organisation,
                due_on=timezone.localdate(signatory.created_at),
                title=organisation.name,
                url=_link("signatories:application", signatory.pk, fallback=link),
                now=now,
                remind_now=False,
            )
        else:
            deadline_close(kind=Kind.APPLICATION_WAITING, obj=signatory)

        active = signatory.status == Signatory.Status.ACTIVE
        if active and signatory.pk not in championed:
            deadline_schedule(
                kind=Kind.NO_CHAMPION,
                obj=signatory,
                compact=compact,
                organisation=organisation,
                due_on=signatory.approved_on or signatory.signed_on,
                title=organisation.name,
                url=_link("signatories:champions", organisation.slug, signatory.pk, fallback=link),
                now=now,
                remind_now=False,
            )
        else:
            deadline_close(kind=Kind.NO_CHAMPION, obj=signatory)

        version = published.get(signatory.compact_id)
        # A newer version supersedes the reminder about an older one.
        deadline_close(kind=Kind.COMPACT_REFRESHED, obj=signatory)
        on_old_text = version is not None and version.pk != signatory.version_id
        if signatory.status in REFRESH_STATUSES and on_old_text:
            published_on = (
                timezone.localdate(version.published_at)
                if version.published_at
                else version.adopted_on
            )
            deadline_schedule(
                kind=Kind.COMPACT_REFRESHED,
                obj=signatory,
                key=str(version.pk),
                compact=compact,
                organisation=organisation,
                due_on=published_on,
                title=compact.name,
                url=_changes_link(compact, signatory, version, fallback=link),
                now=now,
                remind_now=False,
            )


def _changes_link(compact, signatory, version, *, fallback: str) -> str:
    """What changed since the version the organisation signed, with the way to sign again."""
    changes = _link(
        "commitments:changes",
        compact.slug,
        signatory.version.number,
        version.number,
        fallback=fallback,
    )
    query = urlencode({"organisation": signatory.organisation.slug, "signature": signatory.pk})
    return f"{changes}?{query}"


def reconcile_all(*, now: datetime.datetime | None = None) -> int:
    """The daily safety net over every source; returns the objects looked at."""
    return (
        signatories_reconcile(now=now)
        + accountability_reconcile(now=now)
        + disputes_reconcile(now=now)
    )


def signatories_reconcile(*, now: datetime.datetime | None = None) -> int:
    """The daily safety net: recompute the signatory deadlines of every open signature.

    Runs apart from the sweep (whose cost must not grow with what is stored);
    returns the number of signatures looked at.
    """
    from signatories.models import Signatory

    open_signatures = Signatory.objects.filter(
        status__in=[*WAITING_STATUSES, *REFRESH_STATUSES]
    ).only("id", "compact_id", "organisation_id")
    # Signatures no longer open may still have deadlines: close those too.
    stale = Deadline.objects.filter(
        closed_at__isnull=True,
        kind__in=[Kind.APPLICATION_WAITING, Kind.NO_CHAMPION, Kind.COMPACT_REFRESHED],
    ).exclude(Q(object_id__in=open_signatures.values("id")))
    stale.update(closed_at=timezone.now(), next_remind_at=None)
    count = 0
    batch = []
    for signatory in open_signatures.iterator(chunk_size=500):
        batch.append(signatory)
        if len(batch) == 500:
            signatory_deadlines_refresh(signatories=batch, now=now)
            count += len(batch)
            batch = []
    signatory_deadlines_refresh(signatories=batch, now=now)
    return count + len(batch)


CHANGE_BATCH = 2000
# A row inserted by a transaction still open is invisible; its id may be lower than
# rows already read. The cursor therefore moves only past rows older than this, and
# younger rows are read again next time (recomputing is idempotent).
SETTLE = datetime.timedelta(minutes=2)


def _read_new_rows(name: str, queryset, *, object_field: str, created_field: str) -> set[int]:
    """Ids (`object_field`) from rows of an append-only table added since the cursor `name`.

    Reads by primary key, so the cost is what changed, whatever the table holds.
    """
    from .models import SourceCursor

    cursor, _ = SourceCursor.objects.get_or_create(name=name)
    rows = list(
        queryset.filter(pk__gt=cursor.last_id)
        .order_by("pk")
        .values_list("pk", object_field, created_field)[:CHANGE_BATCH]
    )
    settled_before = timezone.now() - SETTLE
    settled = cursor.last_id
    for pk, _object_id, created in rows:
        if created >= settled_before:
            break
        settled = pk
    if settled > cursor.last_id:
        SourceCursor.objects.filter(pk=cursor.pk, last_id__lt=settled).update(last_id=settled)
    return {object_id for _pk, object_id, _created in rows}


def refresh_changed(*, now: datetime.datetime | None = None) -> int:
    """Recompute the deadlines of everything that changed since the last sweep.

    The source apps append a row for every change that moves a deadline: a
    SignatoryStatusChange for every new signature and status change (approval,
    lapsing on a refresh, signing again), a Champion for every appointment, a
    FundingChange or FundingChangeAmendment for every change logged or amended, a
    Consultation for every one logged, a TimelineEntry for every move of a case.
    Reading those by id finds what changed without a line in those apps' code.
    What appends nothing (a champion stepping down, a withdrawal, feedback
    published) is caught by the sweep's recipients check, which closes deadlines
    that no longer hold, or by the daily reconcile. Returns the objects looked at.
    """
    from signatories.models import Champion, Signatory, SignatoryStatusChange

    changed = _read_new_rows(
        "signatories.statuschange",
        SignatoryStatusChange.objects,
        object_field="signatory_id",
        created_field="created_at",
    )
    changed |= _read_new_rows(
        "signatories.champion",
        Champion.objects,
        object_field="signatory_id",
        created_field="appointed_at",
    )
    if changed:
        signatory_deadlines_refresh(signatories=Signatory.objects.filter(pk__in=changed), now=now)
    count = len(changed)
    for refresh in CHANGE_SOURCES:
        count += refresh(now=now)
    return count


# Other apps' change readers, appended below.
CHANGE_SOURCES = []


# -- Accountability: consultations and funding changes (issue 4) ---------------------


def members_of(organisation_ids) -> dict[int, list[int]]:
    """User ids of everyone in each organisation: for a statutory body, its officers."""
    from signatories.models import Membership

    return organisation_people(organisation_ids, Membership.Role.values)


def _by_id(model, deadlines, *fields):
    return {
        obj.pk: obj
        for obj in model.objects.filter(pk__in=[d.object_id for d in deadlines]).only("id", *fields)
    }


def recipients_consultation_closing(deadlines) -> kinds.Recipients:
    """The body running it, and the people of the VCS signatories following it."""
    from accountability.models import Consultation, ConsultationFollow
    from signatories.models import Membership

    consultations = _by_id(Consultation, deadlines, "organisation_id", "closes_on")
    followers = defaultdict(set)
    for consultation_id, organisation_id in ConsultationFollow.objects.filter(
        consultation_id__in=consultations
    ).values_list("consultation_id", "organisation_id"):
        followers[consultation_id].add(organisation_id)
    all_followers = {org for orgs in followers.values() for org in orgs}
    follower_people = organisation_people(
        all_followers, [Membership.Role.ADMINISTRATOR, Membership.Role.CHAMPION]
    )
    body_people = members_of(c.organisation_id for c in consultations.values())
    result = {}
    for deadline in deadlines:
        consultation = consultations.get(deadline.object_id)
        if consultation is None:
            result[deadline.id] = None
            continue
        body = consultation.organisation_id
        people = [(uid, body) for uid in body_people[body]]
        for org in sorted(followers[consultation.pk]):
            people += [(uid, org) for uid in follower_people[org]]
        result[deadline.id] = people
    return result


def recipients_consultation_feedback(deadlines) -> kinds.Recipients:
    """The body running it, while its feedback is unpublished."""
    from accountability.models import Consultation

    consultations = _by_id(Consultation, deadlines, "organisation_id", "feedback_published_on")
    body_people = members_of(c.organisation_id for c in consultations.values())
    result = {}
    for deadline in deadlines:
        consultation = consultations.get(deadline.object_id)
        if consultation is None or consultation.feedback_published_on is not None:
            result[deadline.id] = None
        else:
            body = consultation.organisation_id
            result[deadline.id] = [(uid, body) for uid in body_people[body]]
    return result


def recipients_funding_notice(deadlines) -> kinds.Recipients:
    """The funding body's officers, while the change is planned and notice not yet given."""
    from accountability.models import FundingChange

    changes = _by_id(FundingChange, deadlines, "funding_body_id", "status", "notice_given_on")
    officers = members_of(c.funding_body_id for c in changes.values())
    result = {}
    for deadline in deadlines:
        change = changes.get(deadline.object_id)
        if (
            change is None
            or change.status != FundingChange.Status.PLANNED
            or change.notice_given_on is not None
        ):
            result[deadline.id] = None
        else:
            result[deadline.id] = [
                (uid, change.funding_body_id) for uid in officers[change.funding_body_id]
            ]
    return result


def recipients_funding_takes_effect(deadlines) -> kinds.Recipients:
    """The funded organisation's people, unless the change was withdrawn."""
    from accountability.models import FundingChange

    changes = _by_id(FundingChange, deadlines, "recipient_id", "status")
    people = members_of(c.recipient_id for c in changes.values())
    result = {}
    for deadline in deadlines:
        change = changes.get(deadline.object_id)
        if change is None or change.status == FundingChange.Status.WITHDRAWN:
            result[deadline.id] = None
        else:
            result[deadline.id] = [
                (uid, change.recipient_id) for uid in people[change.recipient_id]
            ]
    return result


def consultation_deadlines_refresh(*, consultations, now: datetime.datetime | None = None) -> None:
    """Schedule a consultation's closing and feedback deadlines (idempotent)."""
    from accountability.models import Consultation

    from .services import deadline_close, deadline_schedule

    for consultation in Consultation.objects.filter(
        pk__in=[c.pk for c in consultations]
    ).select_related("compact", "organisation"):
        common = {
            "obj": consultation,
            "compact": consultation.compact,
            "organisation": consultation.organisation,
            "title": consultation.title,
            "url": consultation.get_absolute_url(),
            "now": now,
            "remind_now": False,
        }
        deadline_schedule(kind=Kind.CONSULTATION_CLOSING, due_on=consultation.closes_on, **common)
        if consultation.feedback_published_on is None:
            # The last day to publish on time (accountability.rules.feedback_due_on).
            deadline_schedule(
                kind=Kind.CONSULTATION_FEEDBACK, due_on=consultation.feedback_due_on(), **common
            )
        else:
            deadline_close(kind=Kind.CONSULTATION_FEEDBACK, obj=consultation)


def funding_deadlines_refresh(*, changes, now: datetime.datetime | None = None) -> None:
    """Schedule a funding change's deadlines: the last day to give notice while it is only
    planned (accountability's `last_day_to_give_notice`), and the day it takes effect."""
    from accountability.models import FundingChange

    from .services import deadline_close, deadline_schedule

    for change in FundingChange.objects.filter(pk__in=[c.pk for c in changes]).select_related(
        "compact", "funding_body", "recipient"
    ):
        title = f"{change.programme} ({change.recipient.name})"
        common = {
            "obj": change,
            "compact": change.compact,
            "url": change.get_absolute_url(),
            "now": now,
            "remind_now": False,
        }
        withdrawn = change.status == FundingChange.Status.WITHDRAWN
        if change.needs_notice and change.status == FundingChange.Status.PLANNED:
            deadline_schedule(
                kind=Kind.FUNDING_NOTICE,
                due_on=change.last_day_to_give_notice,
                organisation=change.funding_body,
                title=title,
                **common,
            )
        else:
            deadline_close(kind=Kind.FUNDING_NOTICE, obj=change)
        if change.needs_notice and not withdrawn:
            deadline_schedule(
                kind=Kind.FUNDING_TAKES_EFFECT,
                due_on=change.takes_effect_on,
                organisation=change.recipient,
                title=title,
                **common,
            )
        else:
            deadline_close(kind=Kind.FUNDING_TAKES_EFFECT, obj=change)


def accountability_refresh_changed(*, now: datetime.datetime | None = None) -> int:
    from accountability.models import Consultation, FundingChange, FundingChangeAmendment

    changes = _read_new_rows(
        "accountability.fundingchange",
        FundingChange.objects,
        object_field="pk",
        created_field="created_at",
    )
    changes |= _read_new_rows(
        "accountability.amendment",
        FundingChangeAmendment.objects,
        object_field="funding_change_id",
        created_field="amended_at",
    )
    consultations = _read_new_rows(
        "accountability.consultation",
        Consultation.objects,
        object_field="pk",
        created_field="created_at",
    )
    if changes:
        funding_deadlines_refresh(changes=FundingChange.objects.filter(pk__in=changes), now=now)
    if consultations:
        consultation_deadlines_refresh(
            consultations=Consultation.objects.filter(pk__in=consultations), now=now
        )
    return len(changes) + len(consultations)


def accountability_reconcile(*, now: datetime.datetime | None = None) -> int:
    """Daily: every funding change and consultation whose dates are still to come or overdue."""
    from accountability.models import Consultation, FundingChange

    today = timezone.localdate(now)
    changes = FundingChange.objects.exclude(status=FundingChange.Status.WITHDRAWN).filter(
        takes_effect_on__gte=today
    )
    consultations = Consultation.objects.filter(
        Q(closes_on__gte=today) | Q(feedback_published_on__isnull=True)
    )
    funding_deadlines_refresh(changes=list(changes.only("id")), now=now)
    consultation_deadlines_refresh(consultations=list(consultations.only("id")), now=now)
    return changes.count() + consultations.count()


CHANGE_SOURCES.append(accountability_refresh_changed)


# -- Disputes: a case's time limits (issue 5) ------------------------------------------


def _case_actors(case, steering, members) -> list[tuple[int, int | None]]:
    """Whoever must act at the case's stage, as disputes.deadlines names them."""
    from disputes.models import Stage

    if case.stage in (Stage.SUBMITTED, Stage.STEERING_REVIEW):
        return [(uid, None) for uid in steering[case.compact_id]]
    if case.stage == Stage.ACKNOWLEDGED:
        org = case.about_organisation_id
        return [(uid, org) for uid in members[org]]
    if case.stage == Stage.RESOLVING:
        return [
            (uid, org)
            for org in (case.raised_by_organisation_id, case.about_organisation_id)
            for uid in members[org]
        ]
    if case.stage == Stage.IN_MEDIATION and case.mediator_id:
        return [(case.mediator_id, None)]
    return [(uid, None) for uid in steering[case.compact_id]]


def _cases_for(deadlines):
    from disputes.models import Case

    return _by_id(
        Case,
        deadlines,
        "stage",
        "compact_id",
        "raised_by_organisation_id",
        "about_organisation_id",
        "mediator_id",
    )


def recipients_dispute_stage(deadlines) -> kinds.Recipients:
    """Whoever must act, while the case is still at the stage the deadline is for."""
    cases = _cases_for(deadlines)
    steering = steering_group(c.compact_id for c in cases.values())
    members = members_of(
        org
        for c in cases.values()
        for org in (c.raised_by_organisation_id, c.about_organisation_id)
    )
    result = {}
    for deadline in deadlines:
        case = cases.get(deadline.object_id)
        if case is None or case.stage != deadline.key:
            result[deadline.id] = None
        else:
            result[deadline.id] = _case_actors(case, steering, members)
    return result


def recipients_dispute_past_limit(deadlines) -> kinds.Recipients:
    """The compact's steering group, while the case is still at that stage."""
    cases = _cases_for(deadlines)
    steering = steering_group(c.compact_id for c in cases.values())
    result = {}
    for deadline in deadlines:
        case = cases.get(deadline.object_id)
        if case is None or case.stage != deadline.key:
            result[deadline.id] = None
        else:
            result[deadline.id] = [(uid, None) for uid in steering[case.compact_id]]
    return result


def case_deadlines_refresh(*, cases, now: datetime.datetime | None = None) -> None:
    """Schedule each case's current time limit from disputes.deadlines.due_next (the one
    place the working-day arithmetic lives); earlier stages' deadlines close."""
    from disputes.deadlines import due_next
    from disputes.models import Case

    from .services import deadline_close, deadline_schedule

    for case in Case.objects.filter(pk__in=[c.pk for c in cases]).select_related("compact"):
        for kind in (Kind.DISPUTE_STAGE, Kind.DISPUTE_PAST_LIMIT):
            deadline_close(kind=kind, obj=case)
        due = due_next(case)
        if due is None:  # a draft, or closed
            continue
        for kind in (Kind.DISPUTE_STAGE, Kind.DISPUTE_PAST_LIMIT):
            deadline_schedule(
                kind=kind,
                obj=case,
                key=case.stage,
                compact=case.compact,
                due_on=due.due_on,
                title=f"{case.title} ({case.reference})",
                url=case.get_absolute_url(),
                now=now,
                remind_now=False,
            )


def disputes_refresh_changed(*, now: datetime.datetime | None = None) -> int:
    from disputes.models import Case, TimelineEntry

    changed = _read_new_rows(
        "disputes.timeline",
        TimelineEntry.objects.filter(
            kind__in=[TimelineEntry.Kind.STAGE_CHANGE, TimelineEntry.Kind.MEDIATOR]
        ),
        object_field="case_id",
        created_field="created_at",
    )
    if changed:
        case_deadlines_refresh(cases=Case.objects.filter(pk__in=changed), now=now)
    return len(changed)


def disputes_reconcile(*, now: datetime.datetime | None = None) -> int:
    """Daily: every open case (a compact's time limits may have changed)."""
    from disputes.models import Case, Stage

    open_cases = list(Case.objects.exclude(stage__in=[Stage.DRAFT, Stage.CLOSED]).only("id"))
    case_deadlines_refresh(cases=open_cases, now=now)
    return len(open_cases)


CHANGE_SOURCES.append(disputes_refresh_changed)


def register() -> None:
    """Attach each kind's recipients; called from RemindersConfig.ready()."""
    kinds.register_recipients(Kind.CONSULTATION_CLOSING, recipients_consultation_closing)
    kinds.register_recipients(Kind.CONSULTATION_FEEDBACK, recipients_consultation_feedback)
    kinds.register_recipients(Kind.FUNDING_NOTICE, recipients_funding_notice)
    kinds.register_recipients(Kind.FUNDING_TAKES_EFFECT, recipients_funding_takes_effect)
    kinds.register_recipients(Kind.DISPUTE_STAGE, recipients_dispute_stage)
    kinds.register_recipients(Kind.DISPUTE_PAST_LIMIT, recipients_dispute_past_limit)
    kinds.register_recipients(Kind.APPLICATION_WAITING, recipients_application_waiting)
    kinds.register_recipients(Kind.NO_CHAMPION, recipients_no_champion)
    kinds.register_recipients(Kind.COMPACT_REFRESHED, recipients_compact_refreshed)
