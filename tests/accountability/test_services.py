import datetime
from decimal import Decimal

import pytest
from django.core import mail

from accountability import services
from accountability.models import Consultation, FundingChange, FundingChangeAmendment
from core.exceptions import ApplicationError
from signatories.models import Organisation
from tests.factories import CompactVersionFactory, MembershipFactory, UserFactory

from .conftest import TODAY, change_details
from .factories import ConsultationFactory

D = datetime.date


def test_logging_a_change_takes_the_minimum_from_the_published_version(world, log_change):
    change = log_change()
    assert change.minimum_notice_months == 3
    assert change.status == FundingChange.Status.NOTIFIED
    assert change.notice_kept is True and not change.is_breach


def test_a_six_month_compact_makes_the_same_dates_a_breach(world, log_change):
    world.compact.versions.update(status="archived")
    CompactVersionFactory(compact=world.compact, number=2, minimum_notice_months=6)
    change = log_change()
    assert change.minimum_notice_months == 6
    assert change.is_breach
    assert change.last_day_to_give_notice == D(2026, 7, 1)


def test_a_compact_that_sets_no_notice_holds_changes_to_the_national_minimum(world, log_change):
    world.compact.versions.update(status="archived")
    CompactVersionFactory(compact=world.compact, number=2, notice_set_by_compact=False)
    change = log_change()
    assert (change.minimum_notice_months, change.notice_set_by_compact) == (3, False)
    assert change.minimum_notice_rule == (
        "the national Compact's minimum of 3 calendar months, as this compact sets none"
    )


def test_short_notice_is_a_breach_until_marked_exceptional(world, log_change):
    change = log_change(notice_given_on=D(2026, 11, 1), takes_effect_on=D(2027, 1, 31))
    assert change.is_breach
    assert str(change.notice_given) == "2 months and 30 days"
    with pytest.raises(ApplicationError) as error:
        services.funding_change_mark_exceptional(actor=world.officer, change=change, reason=" ")
    assert error.value.field == "exceptional_reason"
    request = services.funding_change_mark_exceptional(
        actor=world.officer, change=change, reason="The government grant ended without warning."
    )
    # Notice was given before the claim: it waits for the steering group.
    change.refresh_from_db()
    assert request.is_pending and change.is_breach
    services.exceptional_request_decide(
        actor=world.steering, request=request, agree=True, reason="The grant ended overnight."
    )
    change.refresh_from_db()
    assert change.exceptional_circumstances and not change.is_breach
    changes = change.amendments.get().changes
    assert changes["Exceptional circumstances"] == {"from": "No", "to": "Yes"}


def test_a_planned_change_shows_the_last_day_to_give_notice(world, log_change):
    change = log_change(notice_given_on=None, takes_effect_on=D(2027, 2, 28))
    assert change.status == FundingChange.Status.PLANNED
    assert change.notice_kept is None and not change.is_breach
    assert change.last_day_to_give_notice == D(2026, 11, 30)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"takes_effect_on": D(2026, 8, 31)}, "takes_effect_on", "before notice was given"),
        ({"new_annual_amount": Decimal("25000")}, "new_annual_amount", "less than the current"),
        ({"new_annual_amount": Decimal("20000")}, "new_annual_amount", "less than the current"),
        ({"current_annual_amount": None}, "current_annual_amount", "current annual amount"),
        ({"kind": "increased_award"}, "new_annual_amount", "more than the current"),
        ({"kind": "ending", "new_annual_amount": Decimal("5")}, "new_annual_amount", "£0"),
        ({"kind": "new_award", "current_annual_amount": Decimal("5")}, "current_annual_amount",
         "no current funding"),
        ({"kind": "new_award", "current_annual_amount": None, "new_annual_amount": None},
         "new_annual_amount", "new annual amount"),
        ({"notice_given_on": D(2026, 11, 23)}, "notice_given_on", "cannot be in the future"),
        ({"decided_on": D(2026, 12, 1)}, "decided_on", "cannot be in the future"),
        ({"rationale": "  "}, "rationale", "reasons"),
        ({"programme": ""}, "programme", "programme"),
        ({"response_invited_on": None}, "response_invited_on", "invited to respond"),
        ({"response_invited": False}, "response_invited", "clear the date"),
        ({"exceptional_circumstances": True}, "exceptional_reason", "exceptional circumstances"),
        ({"recipient": "council"}, "recipient", "different organisation"),
    ],
)  # fmt: skip
def test_impossible_input_is_refused_beside_its_field(world, overrides, field, words):
    if overrides.get("recipient") == "council":
        overrides["recipient"] = world.council
    with pytest.raises(ApplicationError) as error:
        services.funding_change_log(
            actor=world.officer,
            compact=world.compact,
            funding_body=world.council,
            details=change_details(world, **overrides),
            today=TODAY,
        )
    assert error.value.field == field
    assert words in error.value.message
    assert not FundingChange.objects.exists()


def test_an_ending_records_nothing_after_it(world, log_change):
    change = log_change(kind="ending", new_annual_amount=None)
    assert change.new_annual_amount == 0


def test_only_officers_of_statutory_signatories_may_log(world):
    for actor, body in [
        (world.charity_user, world.council),  # not a member of the council
        (world.charity_user, world.charity),  # a VCS organisation is not a funder here
        (world.other_officer, world.council),
    ]:
        with pytest.raises(ApplicationError):
            services.funding_change_log(
                actor=actor, compact=world.compact, funding_body=body,
                details=change_details(world), today=TODAY,
            )  # fmt: skip
    world.council.signatures.update(status="withdrawn")
    with pytest.raises(ApplicationError):
        services.funding_change_log(
            actor=world.officer, compact=world.compact, funding_body=world.council,
            details=change_details(world), today=TODAY,
        )  # fmt: skip


def test_an_organisation_added_on_the_spot_exists_only_if_the_change_is_accepted(world):
    new_recipient = {"name": "Lantern Lunch Club", "kind": "community_group", "postcode": "da6 7at"}
    with pytest.raises(ApplicationError):
        services.funding_change_log(
            actor=world.officer, compact=world.compact, funding_body=world.council,
            details=change_details(world, recipient=None, rationale=""),
            new_recipient=new_recipient, today=TODAY,
        )  # fmt: skip
    assert not Organisation.objects.filter(name="Lantern Lunch Club").exists()
    change = services.funding_change_log(
        actor=world.officer, compact=world.compact, funding_body=world.council,
        details=change_details(world, recipient=None), new_recipient=new_recipient, today=TODAY,
    )  # fmt: skip
    assert change.recipient.name == "Lantern Lunch Club"
    assert change.recipient.sector == "vcs" and change.recipient.postcode == "DA6 7AT"


def test_the_recipients_people_are_told_by_email(world, django_capture_on_commit_callbacks):
    colleague = UserFactory()
    MembershipFactory(organisation=world.charity, user=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        services.funding_change_log(
            actor=world.officer, compact=world.compact, funding_body=world.council,
            details=change_details(world, notice_given_on=D(2026, 11, 1),
                                   takes_effect_on=D(2027, 1, 1)),
            today=TODAY,
        )  # fmt: skip
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([world.charity_user.email, colleague.email])
    assert "Riverside Borough Council has logged a funding change" in message.subject
    assert "shorter than the compact's minimum of 3 calendar months" in message.body
    assert "/accountability/funding-changes/" in message.alternatives[0][0]


def test_amendments_keep_who_when_and_what(world, log_change, django_capture_on_commit_callbacks):
    change = log_change()
    with django_capture_on_commit_callbacks(execute=True):
        services.funding_change_amend(
            actor=world.officer,
            change=change,
            details={"new_annual_amount": Decimal("10000"), "takes_effect_on": D(2027, 2, 1)},
            reason="The budget settled lower.",
            today=TODAY,
        )
    services.funding_change_amend(
        actor=world.officer, change=change, details={"programme": "Youth club nights"},
        reason="Name corrected", today=TODAY,
    )  # fmt: skip
    first, second = FundingChangeAmendment.objects.filter(funding_change=change)
    assert first.amended_by == world.officer and first.amended_at is not None
    assert first.changes == {
        "New annual amount": {"from": "£12,000.00", "to": "£10,000.00"},
        "Date the change takes effect": {"from": "1 January 2027", "to": "1 February 2027"},
    }
    assert second.changes == {
        "Programme or service": {"from": "Youth club evenings", "to": "Youth club nights"}
    }
    change.refresh_from_db()
    assert change.programme == "Youth club nights" and change.new_annual_amount == 10000
    assert "amended a funding change" in mail.outbox[0].subject


def test_an_amendment_is_validated_and_nothing_changes_when_refused(world, log_change):
    change = log_change()
    with pytest.raises(ApplicationError) as error:
        services.funding_change_amend(
            actor=world.officer, change=change, details={"takes_effect_on": D(2026, 8, 1)},
            reason="Oops", today=TODAY,
        )  # fmt: skip
    assert error.value.field == "takes_effect_on"
    with pytest.raises(ApplicationError, match="Nothing has changed"):
        services.funding_change_amend(
            actor=world.officer, change=change, details={}, reason="No reason", today=TODAY
        )
    with pytest.raises(ApplicationError) as error:
        services.funding_change_amend(
            actor=world.officer, change=change, details={"programme": "X"}, reason=" ", today=TODAY
        )
    assert error.value.field == "reason"
    change.refresh_from_db()
    assert change.takes_effect_on == D(2027, 1, 1) and not change.amendments.exists()


def test_a_recipient_or_another_council_cannot_amend_or_withdraw(world, log_change):
    change = log_change()
    for actor in (world.charity_user, world.other_officer, world.steering):
        with pytest.raises(ApplicationError):
            services.funding_change_amend(
                actor=actor, change=change, details={"programme": "Hacked"}, reason="x"
            )
        with pytest.raises(ApplicationError):
            services.funding_change_withdraw(actor=actor, change=change, reason="x")
    change.refresh_from_db()
    assert change.programme == "Youth club evenings" and change.status == "notified"


def test_withdrawal_keeps_the_record(world, log_change, django_capture_on_commit_callbacks):
    change = log_change()
    with pytest.raises(ApplicationError):
        services.funding_change_withdraw(actor=world.officer, change=change, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.funding_change_withdraw(
            actor=world.officer, change=change, reason="The budget was restored."
        )
    change.refresh_from_db()
    assert change.status == FundingChange.Status.WITHDRAWN
    assert change.withdrawn_by == world.officer and change.withdrawn_at is not None
    assert FundingChange.objects.filter(pk=change.pk).exists()
    assert "withdrawn" in mail.outbox[0].subject
    with pytest.raises(ApplicationError):  # a withdrawn change is closed to edits and responses
        services.funding_change_amend(
            actor=world.officer, change=change, details={"programme": "x"}, reason="x"
        )
    with pytest.raises(ApplicationError):
        services.funding_change_respond(actor=world.charity_user, change=change, text="x")


def test_response_reaches_the_officer_and_the_decision_records_it(
    world, log_change, django_capture_on_commit_callbacks
):
    change = log_change()
    with pytest.raises(ApplicationError):
        services.funding_change_respond(actor=world.other_officer, change=change, text="x")
    with pytest.raises(ApplicationError) as error:
        services.funding_change_respond(actor=world.charity_user, change=change, text=" ")
    assert error.value.field == "text"
    with django_capture_on_commit_callbacks(execute=True):
        response = services.funding_change_respond(
            actor=world.charity_user, change=change, text="Please phase the cut over a year."
        )
    assert response.organisation == world.charity
    assert mail.outbox[0].to == [world.officer.email]
    assert "Please phase the cut" in mail.outbox[0].body
    services.funding_change_record_decision(
        actor=world.officer, change=change, final_decision_on=TODAY, responses_considered=True
    )
    change.refresh_from_db()
    assert change.responses_considered is True
    assert change.response_before_decision is True


# Consultations


def consultation_kwargs(world, **overrides):
    kwargs = {
        "title": "Library opening hours",
        "summary": "Should libraries open later?",
        "link": "https://www.example.gov.uk/libraries",
        "audience": "Residents",
        "opens_on": D(2026, 9, 1),
        "closes_on": D(2026, 11, 24),
        "shorter_reason": "",
    }
    kwargs.update(overrides)
    return kwargs


def test_a_consultation_of_the_minimum_length_needs_no_reason(world):
    consultation = services.consultation_log(
        actor=world.officer, compact=world.compact, organisation=world.council,
        **consultation_kwargs(world, shorter_reason="ignored"),
    )  # fmt: skip
    assert consultation.is_long_enough and consultation.minimum_weeks == 12
    assert consultation.shorter_reason == ""


def test_a_shorter_consultation_asks_for_a_reason(world):
    with pytest.raises(ApplicationError) as error:
        services.consultation_log(
            actor=world.officer, compact=world.compact, organisation=world.council,
            **consultation_kwargs(world, closes_on=D(2026, 11, 23)),
        )  # fmt: skip
    assert error.value.field == "shorter_reason"
    assert "11 weeks and 6 days" in error.value.message and "12 weeks" in error.value.message
    consultation = services.consultation_log(
        actor=world.officer, compact=world.compact, organisation=world.council,
        **consultation_kwargs(world, closes_on=D(2026, 11, 23), shorter_reason="Legal deadline"),
    )  # fmt: skip
    assert not consultation.is_long_enough


def test_consultation_dates_and_officers_are_checked(world):
    with pytest.raises(ApplicationError) as error:
        services.consultation_log(
            actor=world.officer, compact=world.compact, organisation=world.council,
            **consultation_kwargs(world, closes_on=D(2026, 9, 1)),
        )  # fmt: skip
    assert error.value.field == "closes_on"
    with pytest.raises(ApplicationError):
        services.consultation_log(
            actor=world.other_officer, compact=world.compact, organisation=world.council,
            **consultation_kwargs(world),
        )  # fmt: skip
    assert not Consultation.objects.exists()


def test_feedback_only_after_closing_and_followers_are_told(
    world, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(compact=world.compact, organisation=world.council)
    services.consultation_follow(
        actor=world.charity_user, consultation=consultation, organisation=world.charity
    )
    feedback = {"we_asked": "Hours?", "you_said": "Later", "we_did": "Open till 8"}
    with pytest.raises(ApplicationError, match="once the consultation has closed"):
        services.consultation_publish_feedback(
            actor=world.officer, consultation=consultation, today=D(2026, 11, 24), **feedback
        )
    with pytest.raises(ApplicationError):
        services.consultation_publish_feedback(
            actor=world.other_officer, consultation=consultation, today=D(2026, 12, 1), **feedback
        )
    with pytest.raises(ApplicationError) as error:
        services.consultation_publish_feedback(
            actor=world.officer, consultation=consultation, today=D(2026, 12, 1),
            **{**feedback, "you_said": ""},
        )  # fmt: skip
    assert error.value.field == "you_said"
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_publish_feedback(
            actor=world.officer, consultation=consultation, today=D(2026, 12, 1), **feedback
        )
    consultation.refresh_from_db()
    assert consultation.feedback_published_on == D(2026, 12, 1)
    assert mail.outbox[0].to == [world.charity_user.email]


def test_only_vcs_signatories_can_follow(world):
    consultation = ConsultationFactory(compact=world.compact, organisation=world.council)
    with pytest.raises(ApplicationError):
        services.consultation_follow(
            actor=world.officer, consultation=consultation, organisation=world.council
        )
    with pytest.raises(ApplicationError):
        services.consultation_follow(
            actor=world.stranger, consultation=consultation, organisation=world.charity
        )
    follow = services.consultation_follow(
        actor=world.charity_user, consultation=consultation, organisation=world.charity
    )
    again = services.consultation_follow(
        actor=world.charity_user, consultation=consultation, organisation=world.charity
    )
    assert follow.pk == again.pk
    services.consultation_unfollow(
        actor=world.charity_user, consultation=consultation, organisation=world.charity
    )
    assert not consultation.follows.exists()
