"""The clock moves through each signatory deadline: who is told, and when."""

import datetime

import pytest
import time_machine

from reminders.models import Deadline, Kind, Reminder
from reminders.services import reminder_settings_for, reminders_sweep
from reminders.sources import signatories_reconcile, signatory_deadlines_refresh
from signatories.models import Signatory
from signatories.services import (
    champion_step_down,
    signatories_lapse_for_new_version,
    signatory_approve,
    signatory_create,
    signatory_resign,
)
from tests.signatories.factories import ChampionFactory

from .conftest import at, deliver_pending
from .factories import compact_with_steering_group, publish_new_version, signed_organisation

pytestmark = pytest.mark.django_db


def told(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_an_application_waiting_is_reminded_to_the_compact_administrators(mailoutbox):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, steering_member = compact_with_steering_group()
        signatory, org_admin, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        signatory_deadlines_refresh(signatories=[signatory])

    # 14 days waiting falls on 15 March; reminders go at 8am.
    with time_machine.travel(at(2026, 3, 15, 7, 59), tick=False):
        assert reminders_sweep().reminders == 0
    with time_machine.travel(at(2026, 3, 15, 8, 0), tick=False):
        assert reminders_sweep().reminders == 1
        deliver_pending()
    assert told(mailoutbox) == [administrator.email]
    assert signatory.organisation.name in mailoutbox[0].body
    assert "since 1 March 2026 (14 days)" in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith(
        f"Reminder: The application from {signatory.organisation.name}"
    )

    # Later the same day, and the next day: nothing more.
    for moment in (at(2026, 3, 15, 18), at(2026, 3, 16, 9)):
        with time_machine.travel(moment, tick=False):
            assert reminders_sweep().reminders == 0

    # 28 days: the second reminder.
    with time_machine.travel(at(2026, 3, 29, 8, 5), tick=False):
        assert reminders_sweep().reminders == 1
        deliver_pending()
    assert told(mailoutbox) == [administrator.email, administrator.email]
    assert "(28 days)" in mailoutbox[1].body
    assert steering_member.email not in told(mailoutbox)
    assert org_admin.email not in told(mailoutbox)


def test_a_decided_application_is_not_reminded_even_if_nobody_closed_its_deadline(mailoutbox):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, _administrator, _ = compact_with_steering_group()
        signatory, _, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        signatory_deadlines_refresh(signatories=[signatory])
    Signatory.objects.filter(pk=signatory.pk).update(status=Signatory.Status.ACTIVE)

    with time_machine.travel(at(2026, 3, 16, 9), tick=False):
        result = reminders_sweep()
    assert (result.reminders, result.closed) == (0, 1)
    deadline = Deadline.objects.get(kind=Kind.APPLICATION_WAITING)
    assert deadline.closed_at is not None and deadline.next_remind_at is None
    assert mailoutbox == []


def test_the_compacts_own_setting_decides_when_applications_are_reminded(mailoutbox):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        settings = reminder_settings_for(compact)
        settings.application_waiting_days = "3"
        settings.save()
        signatory, _, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        signatory_deadlines_refresh(signatories=[signatory])
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        assert reminders_sweep().reminders == 0
    with time_machine.travel(at(2026, 3, 4, 9), tick=False):
        assert reminders_sweep().reminders == 1
    with time_machine.travel(at(2026, 3, 20, 9), tick=False):
        assert reminders_sweep().reminders == 0


def test_an_organisation_without_a_champion_is_reminded_until_it_names_one(mailoutbox):
    with time_machine.travel(at(2026, 4, 1, 10), tick=False):
        compact, steering_admin, _ = compact_with_steering_group()
        signatory, org_admin, org_member = signed_organisation(
            compact, approved_on=datetime.date(2026, 4, 1)
        )
        signatory_deadlines_refresh(signatories=[signatory])

    with time_machine.travel(at(2026, 4, 30, 9), tick=False):
        assert reminders_sweep().reminders == 0
    with time_machine.travel(at(2026, 5, 1, 8, 30), tick=False):
        assert reminders_sweep().reminders == 1
        deliver_pending()
    assert told(mailoutbox) == [org_admin.email]
    assert "has not yet named a Compact Champion" in mailoutbox[0].body
    reminder = Reminder.objects.get()
    assert reminder.organisation_id == signatory.organisation_id

    ChampionFactory(signatory=signatory)
    with time_machine.travel(at(2026, 6, 30, 9), tick=False):
        assert reminders_sweep().reminders == 0
    assert len(mailoutbox) == 1
    assert steering_admin.email not in told(mailoutbox)
    assert org_member.email not in told(mailoutbox)


def test_organisations_on_an_earlier_version_are_told_when_the_compact_is_refreshed(mailoutbox):
    with time_machine.travel(at(2026, 4, 1, 10), tick=False):
        compact, _, _ = compact_with_steering_group()
        old_signatory, old_admin, _ = signed_organisation(compact)
        ChampionFactory(signatory=old_signatory)
    with time_machine.travel(at(2026, 6, 1, 12), tick=False):
        version = publish_new_version(compact, published_at=at(2026, 6, 1, 12))
        # Issue 3's refresh: older signatures lapse until signed again.
        signatories_lapse_for_new_version(compact=compact, new_version=version)
        new_signatory, new_admin, _ = signed_organisation(compact)
        ChampionFactory(signatory=new_signatory)
        assert signatories_reconcile() == 2

    with time_machine.travel(at(2026, 6, 1, 12, 5), tick=False):
        assert reminders_sweep().reminders == 1
        deliver_pending()
    assert told(mailoutbox) == [old_admin.email]
    assert "A new version of" in mailoutbox[0].body
    # It links to what changed since the version the organisation signed.
    old_number = old_signatory.version.number
    assert (
        f"/compacts/{compact.slug}/changes/{old_number}/{version.number}/"
        f"?organisation={old_signatory.organisation.slug}&signature={old_signatory.pk}"
    ) in mailoutbox[0].body

    with time_machine.travel(at(2026, 6, 15, 9), tick=False):
        assert reminders_sweep().reminders == 0
    with time_machine.travel(at(2026, 7, 1, 8, 1), tick=False):
        assert reminders_sweep().reminders == 1
    # Signing the new version ends it.
    old_signatory.refresh_from_db()
    signatory_resign(
        actor=old_admin,
        signatory=old_signatory,
        declaration={"signed_by_name": "A Chair", "signed_by_role": "Chair"},
    )
    signatory_deadlines_refresh(signatories=[old_signatory])
    assert not Deadline.objects.filter(kind=Kind.COMPACT_REFRESHED, closed_at__isnull=True).exists()
    assert new_admin.email not in told(mailoutbox)


def test_the_sweep_task_follows_the_signatories_services_without_being_called_by_them(
    mailoutbox,
):
    """Issue 3's services append history; the sweep task reads what changed since last time."""
    from reminders.tasks import sweep

    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatory, org_admin, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        Signatory.objects.filter(pk=signatory.pk).delete()
        applicant = signatory_create(
            actor=org_admin,
            organisation=signatory.organisation,
            compact=compact,
            declaration={
                "signed_by_name": "A Chair",
                "signed_by_role": "Chair",
                "has_read_and_discussed": True,
                "will_appoint_champion": True,
                "will_promote": True,
            },
        )
        sweep.apply()
    assert Deadline.objects.get().kind == Kind.APPLICATION_WAITING

    with time_machine.travel(at(2026, 3, 15, 9), tick=False):
        sweep.apply()
        deliver_pending()
    assert told(mailoutbox) == [administrator.email]

    # Approved on 16 March: the waiting reminder stops, the champion one starts.
    with time_machine.travel(at(2026, 3, 16, 9), tick=False):
        signatory_approve(actor=administrator, signatory=applicant)
        sweep.apply()
    open_kinds = set(Deadline.objects.filter(closed_at__isnull=True).values_list("kind", flat=True))
    assert open_kinds == {Kind.NO_CHAMPION}
    with time_machine.travel(at(2026, 4, 15, 9), tick=False):
        sweep.apply()
        deliver_pending()
    assert told(mailoutbox) == sorted([administrator.email, org_admin.email])

    # A champion appointed, then stepping down: the nightly reconcile notices.
    champion = ChampionFactory(signatory=applicant)
    with time_machine.travel(at(2026, 4, 20, 9), tick=False):
        sweep.apply()
    assert not Deadline.objects.filter(closed_at__isnull=True).exists()
    champion_step_down(actor=org_admin, champion=champion)
    signatories_reconcile()
    assert Deadline.objects.get(closed_at__isnull=True).kind == Kind.NO_CHAMPION
    with time_machine.travel(at(2026, 6, 15, 9), tick=False):
        sweep.apply()
        deliver_pending()
    assert len(mailoutbox) == 3


def test_after_a_pause_only_the_latest_reminder_goes_not_every_missed_one(mailoutbox):
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        compact, administrator, _ = compact_with_steering_group()
        signatory, _, _ = signed_organisation(compact, status=Signatory.Status.PENDING)
        signatory_deadlines_refresh(signatories=[signatory])
    # No sweep ran for six weeks: one reminder (the 28-day one), not two.
    with time_machine.travel(at(2026, 4, 12, 9), tick=False):
        assert reminders_sweep().reminders == 1
    assert Reminder.objects.get().offset_days == -28
    with time_machine.travel(at(2026, 4, 13, 9), tick=False):
        assert reminders_sweep().reminders == 0
