"""Reading what changed: each source app appends a row for every change that moves a
deadline, and a cursor per table remembers how far they have been read."""

import datetime

from django.utils import timezone

from ..models import SourceCursor

CHANGE_BATCH = 2000
# A row inserted by a transaction still open is invisible; its id may be lower than
# rows already read. The cursor therefore moves only past rows older than this, and
# younger rows are read again next time (recomputing is idempotent).
SETTLE = datetime.timedelta(minutes=2)


def read_new_rows(name: str, queryset, *, object_field: str, created_field: str) -> set[int]:
    """Ids (`object_field`) from rows of an append-only table added since the cursor `name`.

    Reads by primary key, so the cost is what changed, whatever the table holds.
    """
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
