import datetime

import pytest
import time_machine

from accountability.models import ConsultationFollow, FundingChange
from signatories.services import organisation_record_successor
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.factories import (
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    published_compact,
)

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.date(2026, 11, 22))
def test_a_successor_takes_over_open_funding_changes_and_consultations_not_past_ones():
    compact = published_compact()
    old_council = StatutoryBodyFactory(name="Old District Council")
    new_council = StatutoryBodyFactory(name="New Unitary Council")
    old_charity = OrganisationFactory(name="Old Youth Trust")
    new_charity = OrganisationFactory(name="New Youth Trust")
    SignatoryFactory(organisation=old_council, compact=compact)
    SignatoryFactory(organisation=old_charity, compact=compact)
    steering = SteeringGroupMemberFactory(compact=compact).user

    coming = FundingChangeFactory(
        compact=compact,
        funding_body=old_council,
        recipient=old_charity,
        takes_effect_on=datetime.date(2027, 3, 1),
    )
    past = FundingChangeFactory(
        compact=compact,
        funding_body=old_council,
        recipient=old_charity,
        takes_effect_on=datetime.date(2026, 6, 1),
        notice_given_on=datetime.date(2026, 1, 1),
    )
    withdrawn = FundingChangeFactory(
        compact=compact,
        funding_body=old_council,
        takes_effect_on=datetime.date(2027, 3, 1),
        status=FundingChange.Status.WITHDRAWN,
        withdrawn_at=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
    )
    open_consultation = ConsultationFactory(
        compact=compact, organisation=old_council, closes_on=datetime.date(2026, 12, 20)
    )
    closed_consultation = ConsultationFactory(
        compact=compact, organisation=old_council, closes_on=datetime.date(2026, 10, 1)
    )
    ConsultationFollow.objects.create(
        consultation=open_consultation, organisation=old_charity, followed_by=steering
    )

    organisation_record_successor(actor=steering, predecessor=old_council, successor=new_council)
    organisation_record_successor(actor=steering, predecessor=old_charity, successor=new_charity)

    coming.refresh_from_db()
    past.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (coming.funding_body, coming.recipient) == (new_council, new_charity)
    assert [a.changes for a in coming.amendments.all()] == [
        {"Funding body": {"from": "Old District Council", "to": "New Unitary Council"}},
        {"Organisation funded": {"from": "Old Youth Trust", "to": "New Youth Trust"}},
    ]
    assert (past.funding_body, past.recipient) == (old_council, old_charity)
    assert not past.amendments.exists()
    assert withdrawn.funding_body == old_council
    open_consultation.refresh_from_db()
    closed_consultation.refresh_from_db()
    assert open_consultation.organisation == new_council
    assert closed_consultation.organisation == old_council
    assert open_consultation.follows.get().organisation == new_charity
