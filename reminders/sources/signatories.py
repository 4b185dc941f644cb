"""Signatures: applications waiting for a decision, no Compact Champion, a compact
refreshed. The signatories app has no hook for reminders; its deadlines are recomputed
here for the signatures that changed (read by cursor) and by the daily reconcile."""

import datetime
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import timezone

from commitments.models import CompactVersion
from signatories.models import Champion, Membership, Signatory, SignatoryStatusChange

from .. import kinds
from ..models import Deadline, Kind
from ..services import deadline_close, deadline_schedule
from .changes import read_new_rows
from .recipients import (
    as_members,
    organisation_people,
    recipients_for_objects,
    steering_administrators,
)
from .recipients import link as _link

WAITING_STATUSES = ("pending", "information_requested")
# A refresh lapses the signatures of the older text (signatories_lapse_for_new_version);
# an active one still on it (signed before lapsing existed) is told too.
REFRESH_STATUSES = ("lapsed", "active")


def _signatories_by_id(deadlines) -> dict[int, Signatory]:
    return {
        signatory.pk: signatory
        for signatory in Signatory.objects.filter(
            pk__in=[deadline.object_id for deadline in deadlines]
        ).only("id", "status", "organisation_id", "compact_id", "version_id")
    }


def _organisation_administrators(signatories: dict) -> dict[int, list[int]]:
    return organisation_people(
        (s.organisation_id for s in signatories.values()), [Membership.Role.ADMINISTRATOR]
    )


def recipients_application_waiting(deadlines) -> kinds.Recipients:
    """The compact's chair and administrators, while the application still waits."""
    administrators = steering_administrators(deadline.compact_id for deadline in deadlines)

    def people(signatory, deadline):
        if signatory.status not in WAITING_STATUSES:
            return None
        return as_members(administrators[deadline.compact_id], None)

    return recipients_for_objects(deadlines, _signatories_by_id(deadlines), people)


def signatories_with_champion(signatory_ids) -> set[int]:
    """Signatures with a serving Compact Champion."""
    return set(
        Champion.objects.filter(
            signatory_id__in=set(signatory_ids), stepped_down_at__isnull=True
        ).values_list("signatory_id", flat=True)
    )


def recipients_no_champion(deadlines) -> kinds.Recipients:
    """The organisation's administrators, while the signature is active with no champion."""
    signatories = _signatories_by_id(deadlines)
    championed = signatories_with_champion(signatories)
    administrators = _organisation_administrators(signatories)

    def people(signatory, deadline):
        if signatory.status != "active" or signatory.pk in championed:
            return None
        return as_members(administrators[signatory.organisation_id], signatory.organisation_id)

    return recipients_for_objects(deadlines, signatories, people)


def published_version_ids(compact_ids) -> dict[int, int]:
    return dict(
        CompactVersion.objects.filter(
            compact_id__in=set(compact_ids), status=CompactVersion.Status.PUBLISHED
        ).values_list("compact_id", "id")
    )


def recipients_compact_refreshed(deadlines) -> kinds.Recipients:
    """The organisation's administrators, while it has not signed the published version."""
    signatories = _signatories_by_id(deadlines)
    published = published_version_ids(deadline.compact_id for deadline in deadlines)
    administrators = _organisation_administrators(signatories)

    def people(signatory, deadline):
        if signatory.status not in REFRESH_STATUSES or published.get(signatory.compact_id) in (
            None,
            signatory.version_id,
        ):
            return None
        return as_members(administrators[signatory.organisation_id], signatory.organisation_id)

    return recipients_for_objects(deadlines, signatories, people)


def signatory_deadlines_refresh(*, signatories, now: datetime.datetime | None = None) -> None:
    """Bring the three signatory kinds' deadlines in line with these signatures.

    Call it with the signatures that have just changed (read by cursor in
    `signatories_refresh_changed`), or with all of them from the daily reconcile.
    Idempotent: nothing is sent twice however often it runs.
    """
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


def signatories_refresh_changed(*, now: datetime.datetime | None = None) -> int:
    """Signatures with a new status change (approval, lapsing, signing again) or a new
    champion since the last sweep; returns how many were recomputed."""
    changed = read_new_rows(
        "signatories.statuschange",
        SignatoryStatusChange.objects,
        object_field="signatory_id",
        created_field="created_at",
    )
    changed |= read_new_rows(
        "signatories.champion",
        Champion.objects,
        object_field="signatory_id",
        created_field="appointed_at",
    )
    if changed:
        signatory_deadlines_refresh(signatories=Signatory.objects.filter(pk__in=changed), now=now)
    return len(changed)


def signatories_reconcile(*, now: datetime.datetime | None = None) -> int:
    """The daily safety net: recompute the signatory deadlines of every open signature.

    Runs apart from the sweep (whose cost must not grow with what is stored);
    returns the number of signatures looked at.
    """
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


RECIPIENTS = {
    Kind.APPLICATION_WAITING: recipients_application_waiting,
    Kind.NO_CHAMPION: recipients_no_champion,
    Kind.COMPACT_REFRESHED: recipients_compact_refreshed,
}
