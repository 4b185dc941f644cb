"""The clock moves through a case's time limits, the case moved with issue 5's services:
whoever must act is told before and when each limit passes; the steering group after."""

import pytest
import time_machine

from disputes import services as disputes
from disputes.deadlines import due_next
from disputes.models import Stage
from reminders.models import Deadline, Kind, Reminder
from reminders.services import remind_moment
from reminders.tasks import sweep
from tests.disputes.conftest import parties, private_media  # noqa: F401 - fixtures

from .conftest import at, deliver_pending

pytestmark = pytest.mark.django_db


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        sweep.apply()
        return deliver_pending()


def told(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def reminders_of(kind):
    return sorted(Reminder.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_each_stage_limit_is_reminded_to_whoever_must_act(parties, mailoutbox):  # noqa: F811
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):  # a Monday
        case = disputes.case_save(
            actor=parties.raiser,
            raised_by_organisation=parties.raiser_org,
            compact=parties.compact,
            about_organisation=parties.respondent_org,
            title="Grant cut without notice",
            what_happened="The grant stopped with a week's notice.",
            principles=parties.principles[:1],
            submit=True,
        )
        limit = due_next(case).due_on  # 10 working days to acknowledge
    sweep_at(at(2026, 3, 2, 10, 5))
    assert set(Deadline.objects.filter(closed_at__isnull=True).values_list("kind", "key")) == {
        (Kind.DISPUTE_STAGE, Stage.SUBMITTED),
        (Kind.DISPUTE_PAST_LIMIT, Stage.SUBMITTED),
    }

    sweep_at(remind_moment(limit, 4))
    assert mailoutbox == []
    sweep_at(remind_moment(limit, 3))
    assert reminders_of(Kind.DISPUTE_STAGE) == [parties.steering.email]
    assert "Grant cut without notice" in Reminder.objects.get().message

    # The day after the limit: the steering group, who must acknowledge, and as the
    # steering group for a case past its limit.
    sweep_at(remind_moment(limit, -1))
    assert reminders_of(Kind.DISPUTE_STAGE) == [parties.steering.email] * 2
    assert reminders_of(Kind.DISPUTE_PAST_LIMIT) == [parties.steering.email]

    # Acknowledged: now the organisation it is about must respond.
    with time_machine.travel(remind_moment(limit, -2), tick=False):
        disputes.case_move(actor=parties.steering, case=case, target=Stage.ACKNOWLEDGED)
        case.refresh_from_db()
        respond_by = due_next(case).due_on
    sweep_at(remind_moment(limit, -2).replace(hour=12))
    sweep_at(remind_moment(respond_by, 3))
    stage_reminders = Reminder.objects.filter(kind=Kind.DISPUTE_STAGE, deadline__key="acknowledged")
    assert sorted(r.recipient.email for r in stage_reminders) == [parties.respondent.email]

    # 14 days after the first limit: that stage's deadlines closed when the case moved on,
    # so the steering group's second reminder does not come.
    sweep_at(remind_moment(limit, -14))
    assert reminders_of(Kind.DISPUTE_PAST_LIMIT) == [parties.steering.email]
    for person in (parties.raiser, parties.mediator, parties.outsider, parties.other_steering):
        assert person.email not in told(mailoutbox)


def test_a_case_in_mediation_reminds_its_mediator_and_a_closed_case_nobody(
    parties,  # noqa: F811
    mailoutbox,
):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        case = disputes.case_save(
            actor=parties.raiser,
            raised_by_organisation=parties.raiser_org,
            compact=parties.compact,
            about_organisation=parties.respondent_org,
            title="Consultation ran four weeks",
            what_happened="Too short.",
            principles=parties.principles[:1],
            submit=True,
        )
        case = disputes.case_move(actor=parties.steering, case=case, target=Stage.ACKNOWLEDGED)
        case = disputes.case_move(actor=parties.respondent, case=case, target=Stage.RESOLVING)
        disputes.case_assign_mediator(actor=parties.steering, case=case, mediator=parties.mediator)
        case = disputes.case_move(actor=parties.steering, case=case, target=Stage.IN_MEDIATION)
        case.refresh_from_db()
        mediate_by = due_next(case).due_on
    sweep_at(at(2026, 3, 2, 10, 5))
    sweep_at(remind_moment(mediate_by, 3))
    assert reminders_of(Kind.DISPUTE_STAGE) == [parties.mediator.email]

    with time_machine.travel(remind_moment(mediate_by, 2), tick=False):
        disputes.case_move(
            actor=parties.steering,
            case=case,
            target=Stage.CLOSED,
            outcome="resolved_by_agreement",
            outcome_summary="Agreed a longer consultation next time.",
        )
    sweep_at(remind_moment(mediate_by, -1))
    sweep_at(remind_moment(mediate_by, -14))
    assert reminders_of(Kind.DISPUTE_STAGE) == [parties.mediator.email]
    assert not Reminder.objects.filter(kind=Kind.DISPUTE_PAST_LIMIT).exists()
    assert not Deadline.objects.filter(closed_at__isnull=True).exists()
