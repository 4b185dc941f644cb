"""The case stage machine: which stage may follow which, and who may make each move.

This is the only place these rules live. `refusal()` answers "may these roles make
this move?" with None or a reason a person can read; services.case_move applies it.
"""

from dataclasses import dataclass
from enum import StrEnum

from .models import Outcome, Stage


class Role(StrEnum):
    RAISER = "raiser"  # a member of the organisation that raised the concern
    RESPONDENT = "respondent"  # a member of the organisation it is about
    MEDIATOR = "mediator"  # the mediator assigned to the case
    STEERING = "steering"  # a member of the compact's steering group


ROLE_NAMES = {
    Role.RAISER: "the organisation that raised the concern",
    Role.RESPONDENT: "the organisation the concern is about",
    Role.MEDIATOR: "the case's mediator",
    Role.STEERING: "the steering group",
}


@dataclass(frozen=True)
class Move:
    source: Stage
    target: Stage
    roles: frozenset[Role]
    label: str
    # For moves to CLOSED: the outcomes these roles may record.
    outcomes: frozenset[Outcome] = frozenset()
    needs_mediator: bool = False


_OPEN = (
    Stage.SUBMITTED,
    Stage.ACKNOWLEDGED,
    Stage.RESOLVING,
    Stage.IN_MEDIATION,
    Stage.STEERING_REVIEW,
)
_DECIDED = frozenset({Outcome.RESOLVED_BY_AGREEMENT, Outcome.UPHELD, Outcome.NOT_UPHELD})

MOVES: tuple[Move, ...] = (
    Move(Stage.DRAFT, Stage.SUBMITTED, frozenset({Role.RAISER}), "Submit the concern"),
    Move(Stage.SUBMITTED, Stage.ACKNOWLEDGED, frozenset({Role.STEERING}), "Acknowledge"),
    Move(
        Stage.ACKNOWLEDGED,
        Stage.RESOLVING,
        frozenset({Role.STEERING, Role.RESPONDENT}),
        "Respond and start resolving it between the parties",
    ),
    Move(
        Stage.RESOLVING,
        Stage.IN_MEDIATION,
        frozenset({Role.STEERING}),
        "Start mediation",
        needs_mediator=True,
    ),
    Move(
        Stage.RESOLVING,
        Stage.STEERING_REVIEW,
        frozenset({Role.STEERING, Role.RAISER, Role.RESPONDENT}),
        "Ask the steering group to review",
    ),
    Move(
        Stage.IN_MEDIATION,
        Stage.STEERING_REVIEW,
        frozenset({Role.STEERING, Role.MEDIATOR}),
        "Pass to the steering group for review",
    ),
    *(
        Move(
            source,
            Stage.CLOSED,
            frozenset({Role.STEERING}),
            "Close with an outcome",
            outcomes=_DECIDED | {Outcome.WITHDRAWN},
        )
        for source in (
            Stage.ACKNOWLEDGED,
            Stage.RESOLVING,
            Stage.IN_MEDIATION,
            Stage.STEERING_REVIEW,
        )
    ),
    # The raiser may withdraw at any open stage.
    *(
        Move(
            source,
            Stage.CLOSED,
            frozenset({Role.RAISER}),
            "Withdraw the concern",
            outcomes=frozenset({Outcome.WITHDRAWN}),
        )
        for source in _OPEN
    ),
)


def moves_from(stage: str) -> list[Move]:
    return [move for move in MOVES if move.source == stage]


def available_moves(stage: str, roles: set[Role]) -> list[Move]:
    """The moves these roles may make from `stage`, for offering buttons."""
    return [move for move in moves_from(stage) if move.roles & roles]


def refusal(
    *, stage: str, target: str, roles: set[Role], outcome: str = "", has_mediator: bool = False
) -> str | None:
    """None if `roles` may move a case from `stage` to `target`; otherwise why not."""
    target_label = Stage(target).label.lower() if target in Stage.values else target
    candidates = [move for move in MOVES if move.source == stage and move.target == target]
    if not candidates:
        return (
            f"A case that is {Stage(stage).label.lower()} cannot move to {target_label}."
            if stage in Stage.values
            else "This case is in a stage the portal does not know."
        )
    allowed = [move for move in candidates if move.roles & roles]
    if not allowed:
        who = " or ".join(sorted({ROLE_NAMES[r] for m in candidates for r in m.roles}))
        return f"Only {who} can move this case to {target_label}."
    if target == Stage.CLOSED:
        if not outcome:
            return "Choose the outcome to close the case with."
        if not any(outcome in move.outcomes for move in allowed):
            return "You can only withdraw the concern; the steering group records other outcomes."
    elif outcome:
        return "An outcome is recorded only when the case is closed."
    if any(move.needs_mediator for move in allowed) and not has_mediator:
        return "Assign a mediator from the compact's panel before starting mediation."
    return None
