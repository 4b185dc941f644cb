"""The outbox against a real SMTP server (tests/smtp_server.py): a mail server that is
down never fails the change or loses the e-mail; each e-mail arrives once, with the
same Message-ID on every attempt; one bad message does not stop the others."""

import datetime
import secrets

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from disputes.models import Stage
from disputes.services import case_move
from outbox.models import Message
from outbox.services import MAX_ATTEMPTS, email_queue, outbox_sweep, retry_delay
from signatories.models import Signatory
from tests.disputes.factories import case_for, make_parties
from tests.factories import (
    MembershipFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)
from tests.smtp_server import RecordingSMTPServer, free_port, smtp_mailers, tally

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mail_server_down(settings):
    """Django's SMTP backend pointed at a port nobody listens on; returns that port."""
    port = free_port()
    settings.MAILERS = smtp_mailers(port)
    return port


def _application():
    compact = published_compact(name="Riverside Compact")
    steering = SteeringGroupMemberFactory(compact=compact).user
    applicant = UserFactory(email="applicant@example.org")
    membership = MembershipFactory(user=applicant)
    signatory = SignatoryFactory(
        organisation=membership.organisation,
        compact=compact,
        status=Signatory.Status.PENDING,
        submitted_by=applicant,
    )
    return signatory, steering


def test_an_approval_while_the_mail_server_is_down_succeeds_and_its_email_follows_once(
    client, clock, mail_server_down, django_capture_on_commit_callbacks
):
    signatory, steering = _application()
    client.force_login(steering)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's first try too
        response = client.post(
            reverse("signatories:application", args=[signatory.pk]), {"action": "approve"}
        )
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.ACTIVE

    waiting = Message.objects.get()
    assert waiting.status == Message.Status.PENDING and waiting.to == ["applicant@example.org"]
    assert "Connection refused" in waiting.last_error or "Errno" in waiting.last_error
    # A server that is down is not the message's fault: not counted, and due again at
    # once, for the next sweep; nothing is scheduled in the broker.
    assert waiting.attempts == 0
    assert waiting.next_attempt_at == START
    clock.shift(datetime.timedelta(hours=3))  # down for hours: still waiting, not failed
    for _sweep in range(MAX_ATTEMPTS + 1):
        assert outbox_sweep() == 0
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == (Message.Status.PENDING, 0)

    with RecordingSMTPServer(mail_server_down) as mail_server:
        assert outbox_sweep() == 1  # the first sweep after the server is back
        assert outbox_sweep() == 0  # and never again
        clock.shift(datetime.timedelta(hours=2))
        assert outbox_sweep() == 0

    [received] = mail_server.received
    assert "is now a signatory of Riverside Compact" in received["Subject"]
    assert received["To"] == "applicant@example.org"
    waiting.refresh_from_db()
    assert received["Message-ID"] == waiting.message_id
    assert waiting.status == Message.Status.SENT and waiting.next_attempt_at is None
    assert waiting.server_reply == "250 Queued as 1"


def test_a_case_move_while_the_mail_server_is_down_is_kept_and_told_later(
    client, clock, mail_server_down, django_capture_on_commit_callbacks
):
    parties = make_parties()
    case = case_for(parties, stage=Stage.DRAFT)
    client.force_login(parties.raiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("disputes:move", kwargs={"pk": case.pk}), {"target": "submitted"}
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.SUBMITTED
    queued = list(Message.objects.order_by("pk"))
    assert queued and all(m.status == Message.Status.PENDING for m in queued)
    expected = sorted(", ".join(message.to) for message in queued)

    with RecordingSMTPServer(mail_server_down) as mail_server:
        clock.shift(retry_delay(1))
        assert outbox_sweep() == len(queued)
        assert outbox_sweep() == 0
    assert sorted(m["To"] for m in mail_server.received) == expected
    assert len({m["Message-ID"] for m in mail_server.received}) == len(queued)


def test_a_change_rolled_back_takes_its_email_with_it(clock):
    parties = make_parties()
    case = case_for(parties, stage=Stage.DRAFT)
    with pytest.raises(RuntimeError), transaction_rolled_back():
        case_move(actor=parties.raiser, case=case, target=Stage.SUBMITTED)
        raise RuntimeError("the request failed after the move")
    assert not Message.objects.exists()


def transaction_rolled_back():
    from django.db import transaction

    return transaction.atomic()


def test_a_resend_carries_the_same_message_id(clock, settings):
    with RecordingSMTPServer() as mail_server:
        settings.MAILERS = smtp_mailers(mail_server.port)
        # The server takes the data, then answers with an error: the crash window's shape.
        mail_server.fail_data_times = 1
        message = email_queue(
            to=["someone@example.org"], template="signatories_invitation", context=_invitation()
        )
        assert outbox_sweep() == 0
        message.refresh_from_db()
        assert message.attempts == 1 and "451" in message.last_error
        clock.shift(retry_delay(1))
        assert outbox_sweep() == 1
    first, second = mail_server.received
    assert first["Message-ID"] == second["Message-ID"] == message.message_id


def test_one_refused_message_does_not_stop_the_others(clock, settings):
    with RecordingSMTPServer() as mail_server:
        settings.MAILERS = smtp_mailers(mail_server.port)
        mail_server.refuse = {"gone@example.org"}
        addresses = ["a@example.org", "gone@example.org", "b@example.org"]
        for address in addresses:
            email_queue(to=[address], template="signatories_invitation", context=_invitation())
        assert outbox_sweep() == 2
    assert sorted(m["To"] for m in mail_server.received) == ["a@example.org", "b@example.org"]
    refused = Message.objects.get(to=["gone@example.org"])
    assert refused.status == Message.Status.PENDING and "550" in refused.last_error


def test_after_the_last_attempt_a_message_fails_and_waits_for_a_person(clock, settings):
    message = email_queue(
        to=["x@example.org"], template="signatories_invitation", context=_invitation()
    )
    with RecordingSMTPServer() as mail_server:
        settings.MAILERS = smtp_mailers(mail_server.port)
        mail_server.refuse = {"x@example.org"}  # the server answers, and refuses it
        for _attempt in range(MAX_ATTEMPTS):
            outbox_sweep()
            clock.shift(datetime.timedelta(hours=1))
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == MAX_ATTEMPTS and message.next_attempt_at is None


def test_a_message_whose_worker_died_mid_exchange_is_due_again_one_sweep_later(clock, settings):
    """The attempt is counted and the row leased before the mail server is spoken to; a
    worker killed then leaves a row the sweep picks up one sweep interval later."""
    from outbox.services import SWEEP_INTERVAL, _claim

    with RecordingSMTPServer() as mail_server:
        settings.MAILERS = smtp_mailers(mail_server.port)
        message = email_queue(
            to=["someone@example.org"], template="signatories_invitation", context=_invitation()
        )
        Message.objects.filter(pk=message.pk).update(attempts=3)  # retried before
        assert _claim(timezone.now(), ids=[message.pk])  # claimed…  # …and the worker is killed
        assert outbox_sweep() == 0  # leased: a living worker would be sending it now
        clock.shift(SWEEP_INTERVAL)
        assert outbox_sweep() == 1
    [received] = mail_server.received
    assert received["Message-ID"] == message.message_id
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 5)


def test_a_database_error_on_one_row_does_not_hold_up_the_others(clock, settings):
    """A real error from PostgreSQL on one row (a trigger refuses to record it sent):
    that row stays due, the rest of the batch is sent."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION refuse_poison() RETURNS trigger AS $$
            BEGIN
              IF NEW.status = 'sent' AND NEW.subject LIKE '%%poison%%' THEN
                RAISE EXCEPTION 'this row cannot be written';
              END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_poison BEFORE UPDATE ON outbox_message
              FOR EACH ROW EXECUTE FUNCTION refuse_poison();
            """
        )
    with RecordingSMTPServer() as mail_server:
        settings.MAILERS = smtp_mailers(mail_server.port)
        messages = [
            email_queue(
                to=[f"{n}@example.org"], template="signatories_invitation", context=_invitation()
            )
            for n in range(3)
        ]
        Message.objects.filter(pk=messages[1].pk).update(subject="poison")
        assert outbox_sweep() == 2
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert [statuses[m.pk] for m in messages] == ["sent", "pending", "sent"]


def _invitation():
    from signatories.models import Invitation

    membership = MembershipFactory()
    invitation = Invitation.objects.create(
        organisation=membership.organisation,
        email="someone@example.org",
        role="member",
        invited_by=membership.user,
        token=secrets.token_urlsafe(16),
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    return {
        "invitation": invitation,
        "organisation": membership.organisation,
        "inviter": membership.user,
        "path": "/invitation/",
    }


# -- The late e-mails page ---------------------------------------------------------------


@pytest.fixture
def staff(db):
    from allauth.mfa.models import Authenticator

    person = UserFactory(is_staff=True)
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return person


def test_the_late_page_shows_waiting_retrying_and_failed_and_sends_again(client, clock, staff):
    context = _invitation()
    on_time = email_queue(
        to=["new@example.org"], template="signatories_invitation", context=context
    )
    overdue = email_queue(
        to=["old@example.org"], template="signatories_invitation", context=context
    )
    Message.objects.filter(pk=overdue.pk).update(
        next_attempt_at=START - datetime.timedelta(hours=1)
    )
    failed = email_queue(
        to=["failed@example.org"], template="signatories_invitation", context=context
    )
    Message.objects.filter(pk=failed.pk).update(
        status=Message.Status.FAILED,
        attempts=MAX_ATTEMPTS,
        next_attempt_at=None,
        last_error="550 No such mailbox",
    )
    client.force_login(staff)
    page = client.get(reverse("outbox:late")).content.decode()
    assert (
        "old@example.org" in page and "failed@example.org" in page and "550 No such mailbox" in page
    )
    assert "new@example.org" not in page  # queued a moment ago: not late
    assert on_time.status == Message.Status.PENDING

    response = client.post(reverse("outbox:send_again", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Message.Status.PENDING and failed.attempts == 0
    assert failed.next_attempt_at == START


def test_the_late_page_shows_others_nothing_of_a_message_and_sending_again_needs_csrf(clock, staff):
    message = email_queue(
        to=["x@example.org"], template="signatories_invitation", context=_invitation()
    )
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, next_attempt_at=None)
    urls = [reverse("outbox:late"), reverse("outbox:send_again", args=[message.pk])]

    anonymous = Client()
    assert all(anonymous.get(url).status_code == 302 for url in urls)
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(urls[0]).status_code == 403
    assert stranger.post(urls[1]).status_code == 403
    # Runs a compact, but the message is no compact's: staff only.
    steering = Client()
    steering.force_login(SteeringGroupMemberFactory().user)
    assert "No e-mail is late" in steering.get(urls[0]).content.decode()
    assert steering.post(urls[1]).status_code == 404
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(staff)
    assert checked.get(urls[0]).status_code == 200
    assert checked.post(urls[1]).status_code == 403
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED


def test_the_late_page_costs_the_same_for_many_rows(
    client, clock, staff, django_assert_max_num_queries
):
    context = _invitation()
    for number in range(30):
        email_queue(
            to=[f"p{number}@example.org"], template="signatories_invitation", context=context
        )
    Message.objects.update(status=Message.Status.FAILED, next_attempt_at=None)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outbox:late"))
    assert response.status_code == 200


def test_with_the_broker_down_an_approval_succeeds_and_the_sweep_sends_it(
    client, clock, caplog, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.reminders.conftest import broker_at

    signatory, steering = _application()
    client.force_login(steering)
    with broker_at("redis://127.0.0.1:1/0"):
        with django_capture_on_commit_callbacks() as callbacks:
            response = client.post(
                reverse("signatories:application", args=[signatory.pk]), {"action": "approve"}
            )
        for callback in callbacks:  # the request's commit, without the worker
            callback()
    assert response.status_code == 302
    assert "Could not reach the message broker" in caplog.text
    waiting = Message.objects.get()
    assert waiting.status == Message.Status.PENDING and waiting.attempts == 0
    assert mailoutbox == []

    assert outbox_sweep() == 1
    assert [m.to for m in mailoutbox] == [["applicant@example.org"]]
    assert mailoutbox[0].extra_headers["Message-ID"] == waiting.message_id


def _waiting(count: int, **fields) -> list[Message]:
    """`count` rendered e-mails due now, written as the reminders' sweep writes them."""
    rows = [
        Message(
            template="batch_test",
            to=[f"person{n}@example.org"],
            subject=f"Batch test {n}",
            text="One of a batch.",
            next_attempt_at=timezone.now(),
            **fields,
        )
        for n in range(count)
    ]
    return Message.objects.bulk_create(rows)


@pytest.mark.django_db(transaction=True)  # autocommit, as in the worker: no savepoints
def test_a_batch_is_claimed_a_chunk_to_a_statement_and_one_refused_row_holds_none(
    clock, settings, django_assert_max_num_queries
):
    from outbox.services import CLAIM_CHUNK, messages_deliver

    queued = _waiting(CLAIM_CHUNK + 5)
    refused = queued[3]
    Message.objects.filter(pk=refused.pk).update(to=["gone@example.org"])
    with RecordingSMTPServer() as mail_server:
        settings.MAILERS = smtp_mailers(mail_server.port)
        mail_server.refuse = {"gone@example.org"}
        # Two claims, one "sent" per message taken and two for the refused one's error
        # (its row, and nothing else): no per-message claim and lock.
        with django_assert_max_num_queries(2 * 2 + len(queued) + 2):
            sent = messages_deliver(message_ids=[message.pk for message in queued])
    assert sent == len(queued) - 1
    counted = tally(mail_server.received, [m.message_id for m in queued if m != refused])
    assert (counted["delivered"], counted["duplicated"], counted["lost"]) == (sent, 0, [])
    refused.refresh_from_db()
    assert refused.status == Message.Status.PENDING and "550" in refused.last_error
    assert refused.next_attempt_at == START + retry_delay(1)
    assert Message.objects.filter(status="sent", attempts=1).count() == sent


def test_a_worker_crashing_mid_batch_loses_nothing_and_sends_nothing_twice(
    clock, settings, monkeypatch
):
    """The process dies (not an error the batch can record) before its sixth e-mail: the
    first five are sent and recorded, the rest of its claim waits out the lease, and what
    it never claimed goes with the next sweep."""
    from outbox import services

    class WorkerKilled(BaseException):
        pass

    queued = _waiting(services.CLAIM_CHUNK * 2)
    built = []

    def build_until_killed(**kwargs):
        if len(built) == 5:
            raise WorkerKilled
        built.append(kwargs["to"])
        return build_portal_email(**kwargs)

    build_portal_email = services.build_portal_email
    with RecordingSMTPServer() as mail_server:
        settings.MAILERS = smtp_mailers(mail_server.port)
        monkeypatch.setattr(services, "build_portal_email", build_until_killed)
        with pytest.raises(WorkerKilled):
            services.messages_deliver(message_ids=[message.pk for message in queued])
        monkeypatch.undo()
        assert len(mail_server.received) == 5
        # The next sweep: the second chunk, nobody's, goes now; the dead worker's claim is
        # leased for one sweep interval, then goes with the sweep after.
        assert outbox_sweep() == services.CLAIM_CHUNK
        clock.shift(services.SWEEP_INTERVAL)
        assert outbox_sweep() == services.CLAIM_CHUNK - 5
        assert outbox_sweep() == 0
    counted = tally(mail_server.received, [message.message_id for message in queued])
    assert (counted["delivered"], counted["duplicated"], counted["lost"]) == (len(queued), 0, [])


def test_a_sweep_keeps_going_while_rows_are_due(clock, mailoutbox):
    """A backlog (a fault cleared) goes in one sweep, not a fixed number per sweep."""
    _waiting(1200)
    assert outbox_sweep() == 1200
    assert len(mailoutbox) == 1200


def test_a_mail_server_down_mid_batch_gives_back_the_rest_of_the_claim(clock, mail_server_down):
    queued = _waiting(30)
    assert outbox_sweep() == 0
    rows = Message.objects.filter(pk__in=[message.pk for message in queued])
    # None counted as an attempt, all due at once: the first sweep after the server is
    # back sends them, not one lease later.
    assert set(rows.values_list("attempts", "next_attempt_at")) == {(0, START)}
