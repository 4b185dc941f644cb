"""Who is told, shared by every source: the people of a steering group or an
organisation (one query each, whatever the batch), and the one loop that turns a batch
of due deadlines into recipients."""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.urls import NoReverseMatch, reverse

from commitments.models import SteeringGroupMember
from signatories.models import Membership

from .. import kinds

# (user id, organisation id the person is told as a member of, or None)
Told = list[tuple[int, int | None]]


def recipients_for_objects(
    deadlines, objects: dict, people_for: Callable[..., Told | None]
) -> kinds.Recipients:
    """The recipients function's answer: for each deadline, `people_for(obj, deadline)`
    for the source object it is about, or None (the deadline no longer holds) when the
    object is gone or `people_for` says so. `objects` maps object id to object."""
    result: kinds.Recipients = {}
    for deadline in deadlines:
        obj = objects.get(deadline.object_id)
        result[deadline.id] = None if obj is None else people_for(obj, deadline)
    return result


def as_members(user_ids: Iterable[int], organisation_id: int | None) -> Told:
    """These people, each told as a member of `organisation_id` (None: a compact-wide role)."""
    return [(user_id, organisation_id) for user_id in user_ids]


def by_id(model, deadlines, *fields) -> dict:
    """The source objects of `deadlines`, by id, with only `fields` read."""
    return {
        obj.pk: obj
        for obj in model.objects.filter(pk__in=[d.object_id for d in deadlines]).only("id", *fields)
    }


def steering_administrators(compact_ids) -> dict[int, list[int]]:
    """User ids of each compact's chair and administrators, who decide applications."""
    return _steering(
        compact_ids, roles=[SteeringGroupMember.Role.CHAIR, SteeringGroupMember.Role.ADMINISTRATOR]
    )


def steering_group(compact_ids) -> dict[int, list[int]]:
    """User ids of everyone on each compact's steering group."""
    return _steering(compact_ids, roles=None)


def _steering(compact_ids, *, roles) -> dict[int, list[int]]:
    seats = SteeringGroupMember.objects.filter(compact_id__in=set(compact_ids))
    if roles is not None:
        seats = seats.filter(role__in=roles)
    people = defaultdict(list)
    for compact_id, user_id in seats.values_list("compact_id", "user_id"):
        people[compact_id].append(user_id)
    return people


def organisation_people(organisation_ids, roles) -> dict[int, list[int]]:
    """User ids of each organisation's members holding one of `roles`."""
    people = defaultdict(list)
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in=set(organisation_ids), role__in=roles
    ).values_list("organisation_id", "user_id"):
        people[organisation_id].append(user_id)
    return people


def members_of(organisation_ids) -> dict[int, list[int]]:
    """User ids of everyone in each organisation: for a statutory body, its officers."""
    return organisation_people(organisation_ids, Membership.Role.values)


def link(name: str, *args, fallback: str = "/") -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback
