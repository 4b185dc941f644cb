"""Who may see and do what on a case. Views, templates, selectors and services all ask here.

A case is seen only by members of its two organisations, its assigned mediator and
its compact's steering group; a draft only by the organisation writing it.
"""

from commitments.permissions import is_steering_group_member
from signatories.models import Membership, Signatory

from .models import Case, MediationPanelMember, Stage
from .stages import Role, available_moves


def roles_for(user, case: Case) -> set[Role]:
    """The roles `user` holds on `case` (empty: no business with it). Cached on the case."""
    if not user.is_authenticated:
        return set()
    cache = case.__dict__.setdefault("_roles_cache", {})
    if user.pk in cache:
        return cache[user.pk]
    roles: set[Role] = set()
    organisation_ids = set(
        Membership.objects.filter(
            user=user,
            organisation_id__in=[case.raised_by_organisation_id, case.about_organisation_id],
        ).values_list("organisation_id", flat=True)
    )
    if case.raised_by_organisation_id in organisation_ids:
        roles.add(Role.RAISER)
    if case.stage != Stage.DRAFT:
        if case.about_organisation_id in organisation_ids:
            roles.add(Role.RESPONDENT)
        if case.mediator_id == user.pk:
            roles.add(Role.MEDIATOR)
        if is_steering_group_member(user, case.compact):
            roles.add(Role.STEERING)
    cache[user.pk] = roles
    return roles


def can_view_case(user, case: Case) -> bool:
    return bool(roles_for(user, case))


def can_move_case(user, case: Case) -> bool:
    """Whether `user` may make any move other than closing (see disputes.stages)."""
    return any(m.target != Stage.CLOSED for m in available_moves(case.stage, roles_for(user, case)))


def can_close_case(user, case: Case) -> bool:
    """Whether `user` may close the case (the steering group) or withdraw it (the raiser)."""
    return any(m.target == Stage.CLOSED for m in available_moves(case.stage, roles_for(user, case)))


def can_edit_draft(user, case: Case) -> bool:
    return case.stage == Stage.DRAFT and Role.RAISER in roles_for(user, case)


def _only_respondent(user, case: Case) -> bool:
    return roles_for(user, case) == {Role.RESPONDENT}


def raiser_name_withheld(case: Case) -> bool:
    """Whether the raiser's name is still kept from the other party (until mediation)."""
    return (
        case.withhold_raiser_name
        and case.reached_mediation_at is None
        and case.stage != Stage.IN_MEDIATION
    )


def can_see_raiser_name(user, case: Case) -> bool:
    return not (raiser_name_withheld(case) and _only_respondent(user, case))


def can_see_group_name(user, case: Case) -> bool:
    """A small group raised for by a CVS is named to the other party only once it agrees."""
    return case.group_agrees_to_be_named or not _only_respondent(user, case)


def can_see_notes(user, case: Case) -> bool:
    return bool(roles_for(user, case) & {Role.STEERING, Role.MEDIATOR})


def can_add_note(user, case: Case) -> bool:
    return case.is_open and can_see_notes(user, case)


def can_post_message(user, case: Case) -> bool:
    return case.is_open and bool(roles_for(user, case))


def can_add_document(user, case: Case) -> bool:
    return case.is_open and bool(roles_for(user, case))


def can_correct(user, case: Case) -> bool:
    return case.stage != Stage.DRAFT and bool(roles_for(user, case))


def can_assign_mediator(user, case: Case) -> bool:
    return case.stage in (Stage.ACKNOWLEDGED, Stage.RESOLVING, Stage.IN_MEDIATION) and (
        Role.STEERING in roles_for(user, case)
    )


def can_record_session(user, case: Case) -> bool:
    return case.stage == Stage.IN_MEDIATION and bool(
        roles_for(user, case) & {Role.MEDIATOR, Role.STEERING}
    )


def can_share_name(user, case: Case) -> bool:
    """The raiser may lift its own withholding, or record that the group agrees to be named."""
    return (
        case.is_open
        and Role.RAISER in roles_for(user, case)
        and (
            raiser_name_withheld(case)
            or (case.on_behalf_of_group and not case.group_agrees_to_be_named)
        )
    )


def can_download_summary(user, case: Case) -> bool:
    return case.stage != Stage.DRAFT and Role.STEERING in roles_for(user, case)


def can_manage_compact_disputes(user, compact) -> bool:
    """The compact's steering group keeps its mediation panel, time limits and lessons."""
    return is_steering_group_member(user, compact)


def is_on_mediation_panel(user, compact) -> bool:
    return MediationPanelMember.objects.filter(compact=compact, user=user).exists()


def can_raise_for(user, organisation, compact) -> bool:
    """Members of an organisation that has signed `compact` may raise concerns under it."""
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation=organisation).exists()
        and Signatory.objects.filter(
            organisation=organisation, compact=compact, status=Signatory.Status.ACTIVE
        ).exists()
    )
