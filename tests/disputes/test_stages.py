"""Every move from every stage by every role: allowed ones work, the rest change nothing.

The table of allowed moves is written out here by hand from the issue, independently of
disputes.stages, so a slip in either shows.
"""

import itertools

import pytest
from django.core import mail

from core.exceptions import ApplicationError
from disputes import services, stages
from disputes.models import Case, Outcome, Stage, TimelineEntry
from tests.disputes.factories import case_for, make_parties

S = Stage
ALLOWED = {
    (S.DRAFT, S.SUBMITTED): {"raiser"},
    (S.SUBMITTED, S.ACKNOWLEDGED): {"steering"},
    (S.ACKNOWLEDGED, S.RESOLVING): {"steering", "respondent"},
    (S.RESOLVING, S.IN_MEDIATION): {"steering"},
    (S.RESOLVING, S.STEERING_REVIEW): {"steering", "raiser", "respondent"},
    (S.IN_MEDIATION, S.STEERING_REVIEW): {"steering", "mediator"},
    # Closing: the steering group with any outcome once acknowledged; the raiser may
    # withdraw at any open stage.
    (S.SUBMITTED, S.CLOSED): {"raiser"},
    (S.ACKNOWLEDGED, S.CLOSED): {"steering", "raiser"},
    (S.RESOLVING, S.CLOSED): {"steering", "raiser"},
    (S.IN_MEDIATION, S.CLOSED): {"steering", "raiser"},
    (S.STEERING_REVIEW, S.CLOSED): {"steering", "raiser"},
}
ROLES = ["raiser", "respondent", "mediator", "steering", "outsider", "other_steering"]


def _prepare(stage):
    parties = make_parties()
    outcome = Outcome.UPHELD if stage == S.CLOSED else ""
    return parties, case_for(parties, stage=stage, mediator=parties.mediator, outcome=outcome)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stage", "target", "role"), list(itertools.product(S.values, S.values, ROLES))
)
def test_each_move_is_allowed_only_to_the_right_role_from_the_right_stage(stage, target, role):
    parties, case = _prepare(stage)
    actor = getattr(parties, role)
    outcome = ""
    if target == S.CLOSED:
        outcome = Outcome.WITHDRAWN if role == "raiser" else Outcome.UPHELD
    before = Case.objects.values().get(pk=case.pk)
    entries_before = TimelineEntry.objects.count()
    allowed = role in ALLOWED.get((stage, target), set())

    if allowed:
        moved = services.case_move(actor=actor, case=case, target=target, outcome=outcome)
        assert moved.stage == target
        assert Case.objects.get(pk=case.pk).stage == target
        entry = TimelineEntry.objects.get(case=case)
        assert (entry.from_stage, entry.to_stage, entry.author) == (stage, target, actor)
    else:
        with pytest.raises(ApplicationError) as refused:
            services.case_move(actor=actor, case=case, target=target, outcome=outcome)
        assert refused.value.message  # a reason a person can read
        assert Case.objects.values().get(pk=case.pk) == before
        assert TimelineEntry.objects.count() == entries_before
        assert mail.outbox == []


def test_the_table_here_matches_the_stage_machine():
    # Complements the test above: no move exists that the hand-written table forgets.
    defined = {(m.source, m.target) for m in stages.MOVES}
    assert defined == set(ALLOWED)


@pytest.mark.django_db
def test_refusal_reasons_say_why(parties):
    case = case_for(parties, stage=S.SUBMITTED)
    with pytest.raises(ApplicationError, match="Only the steering group can move"):
        services.case_move(actor=parties.respondent, case=case, target=S.ACKNOWLEDGED)
    with pytest.raises(ApplicationError, match="cannot move to in mediation"):
        services.case_move(actor=parties.steering, case=case, target=S.IN_MEDIATION)
    with pytest.raises(ApplicationError, match="not part of this case"):
        services.case_move(actor=parties.outsider, case=case, target=S.ACKNOWLEDGED)


@pytest.mark.django_db
def test_the_raiser_may_only_withdraw_not_decide(parties):
    case = case_for(parties, stage=S.RESOLVING)
    with pytest.raises(ApplicationError, match="only withdraw"):
        services.case_move(actor=parties.raiser, case=case, target=S.CLOSED, outcome=Outcome.UPHELD)
    assert Case.objects.get(pk=case.pk).stage == S.RESOLVING


@pytest.mark.django_db
def test_closing_needs_an_outcome_and_other_moves_take_none(parties):
    case = case_for(parties, stage=S.STEERING_REVIEW)
    with pytest.raises(ApplicationError, match="Choose the outcome"):
        services.case_move(actor=parties.steering, case=case, target=S.CLOSED)
    resolving = case_for(parties, stage=S.RESOLVING)
    with pytest.raises(ApplicationError, match="only when the case is closed"):
        services.case_move(
            actor=parties.steering, case=resolving, target=S.STEERING_REVIEW, outcome=Outcome.UPHELD
        )


@pytest.mark.django_db
def test_mediation_needs_a_mediator(parties):
    case = case_for(parties, stage=S.RESOLVING)
    with pytest.raises(ApplicationError, match="Assign a mediator"):
        services.case_move(actor=parties.steering, case=case, target=S.IN_MEDIATION)
    services.case_assign_mediator(actor=parties.steering, case=case, mediator=parties.mediator)
    assert (
        services.case_move(actor=parties.steering, case=case, target=S.IN_MEDIATION).stage
        == S.IN_MEDIATION
    )
