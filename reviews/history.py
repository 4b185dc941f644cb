"""Who was signed up to a compact on a given day, read from the signatures' status history.

The signatories app appends a SignatoryStatusChange at every change of a signature's
status; a signature counts as joining on `signatories.rules.joined_on` (the day it was
signed, once accepted), whenever its acceptance was recorded; one with no history (loaded
directly) counts from that day while it is active now. Two queries, whatever the number
of signatures.
"""

import bisect
import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from signatories.models import Champion, Signatory, SignatoryStatusChange
from signatories.rules import joined_on


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day`, in the portal's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


class SignatureHistory:
    def __init__(self, compact):
        signatures = Signatory.objects.filter(compact=compact).values_list(
            "id", "organisation_id", "organisation__sector", "status", "approved_on", "signed_on"
        )
        # Every change, later ones too: a signature with history only after `until` must not
        # fall back to its signing date.
        changes = (
            SignatoryStatusChange.objects.filter(compact=compact)
            .order_by("created_at", "id")
            .values_list("signatory_id", "created_at", "to_status")
        )
        self.events: dict[int, list] = defaultdict(list)
        for signatory_id, at, status in changes:
            self.events[signatory_id].append((at, status))
        self.organisation_of, self.sector_of = {}, {}
        for signatory_id, organisation_id, sector, status, approved_on, signed_on in signatures:
            self.organisation_of[signatory_id] = organisation_id
            self.sector_of[organisation_id] = sector
            joined = joined_on(status=status, signed_on=signed_on, approved_on=approved_on)
            if joined is None:
                continue
            # The day before it joined, it was not yet active: its start is that day's end.
            start = end_of_day(joined - datetime.timedelta(days=1))
            events = self.events[signatory_id]
            if not events:
                if status == Signatory.Status.ACTIVE:
                    events.append((start, Signatory.Status.ACTIVE))
                continue
            self.events[signatory_id] = _joined_from(events, start)
        self._moments = {key: [at for at, _ in events] for key, events in self.events.items()}

    def active_signatures(self, day: datetime.date) -> set[int]:
        """Ids of the signatures that were active at the end of `day`."""
        moment = end_of_day(day)
        active = set()
        for signatory_id, events in self.events.items():
            index = bisect.bisect_left(self._moments[signatory_id], moment) - 1
            if index >= 0 and events[index][1] == Signatory.Status.ACTIVE:
                active.add(signatory_id)
        return active

    def active_organisations(self, day: datetime.date) -> set[int]:
        """Organisations with an active signature at the end of `day` (one each, whatever
        versions they signed)."""
        return {self.organisation_of[s] for s in self.active_signatures(day)}


def _joined_from(events: list, start: datetime.datetime) -> list:
    """The history with its first activation moved back to `start`, the day it joined.

    The status change is dated when it was recorded (an approval, a paper form typed in,
    demo content loaded); the organisation joined on the day it signed, and any waiting
    before that moment no longer counts.
    """
    first_active = next(
        (i for i, (_, status) in enumerate(events) if status == Signatory.Status.ACTIVE), None
    )
    if first_active is None or events[first_active][0] <= start:
        return events
    earlier = [event for event in events[:first_active] if event[0] < start]
    return [*earlier, (start, Signatory.Status.ACTIVE), *events[first_active + 1 :]]


def champions_serving(compact, signature_ids: set[int], *, on: datetime.date) -> dict:
    """{signature id: set of champion kinds} for the champions serving at the end of `on`."""
    moment = end_of_day(on)
    serving = Champion.objects.filter(
        Q(stepped_down_at__isnull=True) | Q(stepped_down_at__gte=moment),
        signatory__compact=compact,
        appointed_at__lt=moment,
    ).values_list("signatory_id", "kind")
    kinds: dict[int, set] = defaultdict(set)
    for signatory_id, kind in serving:
        if signatory_id in signature_ids:
            kinds[signatory_id].add(kind)
    return kinds
