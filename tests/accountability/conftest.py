import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from accountability import services
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def on_today():
    """The clock stopped at midday on TODAY, so that rows stamped with the real clock
    (a response's created_at, an amendment's time) agree with the dates the test passes."""
    with time_machine.travel(
        datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC), tick=False
    ):
        yield TODAY


@dataclass
class World:
    compact: object
    council: object
    officer: object
    charity: object
    charity_user: object
    other_council: object
    other_officer: object
    steering: object
    stranger: object


@pytest.fixture
def world(db, on_today):
    """One compact with three months' notice: a council and a charity that signed it, another
    council with its own officer, a steering group member and someone with no role."""
    compact = published_compact(minimum_notice_months=3)
    council = StatutoryBodyFactory(name="Riverside Borough Council")
    SignatoryFactory(organisation=council, compact=compact)
    officer = UserFactory(full_name="Olive Officer")
    MembershipFactory(organisation=council, user=officer)
    charity = OrganisationFactory(name="Riverside Youth Trust")
    SignatoryFactory(organisation=charity, compact=compact)
    charity_user = UserFactory(full_name="Rita Recipient")
    MembershipFactory(organisation=charity, user=charity_user)
    other_council = StatutoryBodyFactory(name="Hillside Borough Council")
    SignatoryFactory(organisation=other_council, compact=compact)
    other_officer = UserFactory()
    MembershipFactory(organisation=other_council, user=other_officer)
    steering = SteeringGroupMemberFactory(compact=compact).user
    return World(
        compact=compact,
        council=council,
        officer=officer,
        charity=charity,
        charity_user=charity_user,
        other_council=other_council,
        other_officer=other_officer,
        steering=steering,
        stranger=UserFactory(),
    )


def change_details(world, **overrides) -> dict:
    """A valid reduction with notice kept (1 September to 1 January: four months)."""
    details = {
        "recipient": world.charity,
        "programme": "Youth club evenings",
        "kind": "reduction",
        "current_annual_amount": Decimal("20000"),
        "new_annual_amount": Decimal("12000"),
        "decided_on": datetime.date(2026, 8, 20),
        "notice_given_on": datetime.date(2026, 9, 1),
        "takes_effect_on": datetime.date(2027, 1, 1),
        "rationale": "The council's youth budget fell by a third.",
        "impact_assessment": "Two evenings a week instead of three.",
        "response_invited": True,
        "response_invited_on": datetime.date(2026, 9, 1),
        "exceptional_circumstances": False,
        "exceptional_reason": "",
    }
    details.update(overrides)
    return details


@pytest.fixture
def log_change(world):
    def log(**overrides):
        return services.funding_change_log(
            actor=world.officer,
            compact=world.compact,
            funding_body=world.council,
            details=change_details(world, **overrides),
            today=TODAY,
        )

    return log
