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
        "organisation", "compact"
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
                url=_link("signatories:resign", organisation.slug, signatory.pk, fallback=link),
                now=now,
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


def _read_new_rows(name: str, queryset) -> list[int]:
    """Signatory ids from rows of an append-only table added since the cursor `name`.

    Reads by primary key, so the cost is what changed, whatever the table holds.
    """
    from .models import SourceCursor

    cursor, _ = SourceCursor.objects.get_or_create(name=name)
    rows = list(
        queryset.filter(pk__gt=cursor.last_id)
        .order_by("pk")
        .values_list("pk", "signatory_id")[:CHANGE_BATCH]
    )
    if rows:
        SourceCursor.objects.filter(pk=cursor.pk, last_id__lt=rows[-1][0]).update(
            last_id=rows[-1][0]
        )
    return [signatory_id for _pk, signatory_id in rows]


def refresh_changed(*, now: datetime.datetime | None = None) -> int:
    """Recompute the signatory deadlines of signatures that changed since the last sweep.

    Every new signature and status change (approval, lapsing on a refresh,
    signing again...) appends a SignatoryStatusChange, and every appointment a
    Champion: reading those by id finds what changed without touching the
    signatories app's code. A champion stepping down appends nothing; the daily
    reconcile catches that, and any row a slow transaction committed behind the
    cursor. Returns the number of signatures looked at.
    """
    from signatories.models import Champion, Signatory, SignatoryStatusChange

    changed = set(_read_new_rows("signatories.statuschange", SignatoryStatusChange.objects))
    changed |= set(_read_new_rows("signatories.champion", Champion.objects))
    if changed:
        signatory_deadlines_refresh(signatories=Signatory.objects.filter(pk__in=changed), now=now)
    return len(changed)


def register() -> None:
    """Attach each kind's recipients; called from RemindersConfig.ready()."""
    kinds.register_recipients(Kind.APPLICATION_WAITING, recipients_application_waiting)
    kinds.register_recipients(Kind.NO_CHAMPION, recipients_no_champion)
    kinds.register_recipients(Kind.COMPACT_REFRESHED, recipients_compact_refreshed)
