"""What commitments holds about a person (core.personal_data): their steering group
seats, which go with the account (they cascade); who added a code of practice, which
stays by "A former member"; and who may erase people."""

from core.personal_data import Section, row

from .models import CompactDocumentVersion, SteeringGroupMember

# Who on a steering group may erase a person's data on request.
ERASING_ROLES = (SteeringGroupMember.Role.CHAIR, SteeringGroupMember.Role.ADMINISTRATOR)


def administered_compact_ids(actor) -> set[int]:
    """The compacts whose steering group `actor` administers (chair or administrator)."""
    if not actor.is_authenticated:
        return set()
    return set(
        SteeringGroupMember.objects.filter(user=actor, role__in=ERASING_ROLES).values_list(
            "compact_id", flat=True
        )
    )


def steering_group_may_erase(actor, person) -> bool:
    """A steering group's administrators may erase the people on their steering group."""
    compact_ids = administered_compact_ids(actor)
    if person is None or not compact_ids:
        return bool(compact_ids)
    return SteeringGroupMember.objects.filter(user=person, compact_id__in=compact_ids).exists()


def personal_data(person) -> list[Section]:
    seats = SteeringGroupMember.objects.filter(user=person).select_related("compact")
    return [
        Section(
            "steering_group_seats",
            "Your steering group seats",
            [
                row({"Compact": seat.compact.name, "Role": seat.get_role_display(),
                     "Since": seat.added_at})
                for seat in seats
            ],
        )
    ]  # fmt: skip


def erase(*, person, former_member) -> None:
    """A code's version stays on the compact's record; who added it becomes a former member."""
    CompactDocumentVersion.objects.filter(added_by=person).update(added_by=former_member)
