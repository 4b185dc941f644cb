import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from commitments.models import ItemList
from core.exceptions import ApplicationError
from disputes import selectors, services
from disputes.models import Attachment, Case, Outcome, Stage, TimelineEntry
from tests.disputes.factories import case_for, make_parties, pdf_upload, script_as_pdf
from tests.factories import ItemListFactory, UndertakingFactory, published_compact

pytestmark = pytest.mark.django_db


def _raise(parties, *, submit=True, **overrides):
    principle = parties.principles[0]
    fields = dict(
        actor=parties.raiser,
        raised_by_organisation=parties.raiser_org,
        compact=parties.compact,
        about_organisation=parties.respondent_org,
        title="Grant ended without notice",
        what_happened="Our youth grant was ended with two weeks' notice.",
        happened_on=datetime.date(2026, 10, 1),
        what_has_been_tried="We wrote to the grants officer.",
        outcome_wanted="Three months' notice as the compact says.",
        principles=[principle],
        undertakings=[principle.undertakings.get(item_list__party="statutory")],
        submit=submit,
    )
    fields.update(overrides)
    return services.case_save(**fields)


def test_the_whole_lifecycle(parties, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = _raise(parties, submit=False, attachments=[pdf_upload()])
    assert draft.stage == Stage.DRAFT
    assert mail.outbox == []  # nobody hears of a draft
    assert not selectors.cases_visible_to(user=parties.steering).exists()

    steps = [
        (parties.raiser, Stage.SUBMITTED, {}),
        (parties.steering, Stage.ACKNOWLEDGED, {}),
        (parties.respondent, Stage.RESOLVING, {"message": "We will meet you."}),
    ]
    case = draft
    for actor, target, extra in steps:
        with django_capture_on_commit_callbacks(execute=True):
            case = services.case_move(actor=actor, case=case, target=target, **extra)
    services.case_post_message(actor=parties.raiser, case=case, body="Thursday suits us.")
    services.case_assign_mediator(actor=parties.steering, case=case, mediator=parties.mediator)
    case = services.case_move(actor=parties.steering, case=case, target=Stage.IN_MEDIATION)
    assert case.reached_mediation_at is not None
    case.refresh_from_db()
    services.case_record_session(
        actor=parties.mediator,
        case=case,
        held_on=datetime.date(2026, 11, 20),
        body="Both sides met.",
    )
    services.case_add_note(actor=parties.mediator, case=case, body="Council keen to settle.")
    case = services.case_move(actor=parties.mediator, case=case, target=Stage.STEERING_REVIEW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_move(
            actor=parties.steering,
            case=case,
            target=Stage.CLOSED,
            outcome=Outcome.RESOLVED_BY_AGREEMENT,
            outcome_summary="Notice restored.",
            lessons="Remind officers of the notice period.",
        )

    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.outcome == Outcome.RESOLVED_BY_AGREEMENT
    assert case.lessons == "Remind officers of the notice period."
    kinds = list(case.timeline.values_list("kind", flat=True))
    assert kinds == [
        "document",
        "stage_change",
        "stage_change",
        "stage_change",
        "message",
        "mediator",
        "stage_change",
        "meeting",
        "note",
        "stage_change",
        "stage_change",
    ]
    stage_path = list(case.timeline.filter(kind="stage_change").values_list("to_stage", flat=True))
    assert stage_path == [
        "submitted",
        "acknowledged",
        "resolving",
        "in_mediation",
        "steering_review",
        "closed",
    ]
    # Closing e-mailed both parties, the mediator and the steering group.
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {
        parties.raiser.email,
        parties.respondent.email,
        parties.steering.email,
        parties.mediator.email,
    }
    assert all("C-" in message.subject for message in mail.outbox)


def test_each_stage_change_emails_both_parties_and_the_steering_group(
    parties, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _raise(parties)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {parties.raiser.email, parties.respondent.email, parties.steering.email}
    assert parties.outsider.email not in recipients
    assert "submitted" in mail.outbox[0].subject
    assert case.get_absolute_url() in mail.outbox[0].body


def test_principles_must_come_from_this_compacts_text(parties):
    other = published_compact()
    foreign = other.versions.get().principles.first()
    with pytest.raises(ApplicationError) as refused:
        _raise(parties, principles=[foreign], undertakings=[])
    assert refused.value.field == "principles"
    assert not Case.objects.exists()


def test_an_undertaking_must_belong_to_a_chosen_principle(parties):
    first, second = parties.principles
    with pytest.raises(ApplicationError, match="must belong to a principle"):
        _raise(parties, principles=[first], undertakings=[second.undertakings.first()])


def test_an_item_of_a_list_that_is_not_commitments_cannot_be_named(parties):
    first, _ = parties.principles
    definitions = ItemListFactory(principle=first, position=9, party=ItemList.Party.NONE)
    definition = UndertakingFactory(item_list=definitions, text="Partners means the bodies named.")
    with pytest.raises(ApplicationError, match="commitments, not items"):
        _raise(parties, principles=[first], undertakings=[definition])


def test_only_members_of_a_signatory_can_raise(parties):
    with pytest.raises(ApplicationError, match="organisation you belong to"):
        _raise(parties, actor=parties.outsider)
    with pytest.raises(ApplicationError, match="not your own"):
        _raise(parties, about_organisation=parties.raiser_org)


def test_a_submitted_concern_needs_a_principle(parties):
    with pytest.raises(ApplicationError, match="at least one principle"):
        _raise(parties, principles=[], undertakings=[])
    draft = _raise(parties, submit=False, principles=[], undertakings=[])
    with pytest.raises(ApplicationError, match="at least one principle"):
        services.case_move(actor=parties.raiser, case=draft, target=Stage.SUBMITTED)


def test_a_submitted_case_can_no_longer_be_edited(parties):
    case = _raise(parties)
    with pytest.raises(ApplicationError, match="Only a draft"):
        _raise(parties, case=case, title="Changed")
    assert Case.objects.get(pk=case.pk).title == "Grant ended without notice"


# --- Attachments ------------------------------------------------------------------------


def test_a_valid_pdf_is_stored_privately(parties, private_media):
    case = _raise(parties, attachments=[pdf_upload("letter.pdf")])
    attachment = Attachment.objects.get(case=case)
    assert attachment.original_name == "letter.pdf"
    assert attachment.content_type == "application/pdf"
    stored = private_media / attachment.file.name
    assert stored.exists() and stored.read_bytes().startswith(b"%PDF")
    assert "letter" not in attachment.file.name  # the uploader's name is not used on disk
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - private files have no address


def test_a_script_renamed_to_pdf_is_refused_and_nothing_is_saved(parties, private_media):
    with pytest.raises(ApplicationError, match="contents are not a PDF") as refused:
        _raise(parties, attachments=[script_as_pdf()])
    assert refused.value.field == "attachments"
    assert not Case.objects.exists() and not Attachment.objects.exists()


@override_settings(DISPUTES_MAX_ATTACHMENT_BYTES=1024)
def test_an_oversized_file_is_refused(parties):
    big = SimpleUploadedFile("minutes.txt", b"a" * 2048, content_type="text/plain")
    limit = r"is 2\.0\xa0KB; each file must be 1\.0\xa0KB or smaller"
    with pytest.raises(ApplicationError, match=limit):
        _raise(parties, attachments=[big])
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("notes.txt", "Meeting notes – £500 grant".encode(), True),
        ("notes.txt", b"\x00\x01\x02binary", False),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, True),
        ("photo.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, False),  # a PNG named .jpg
        ("letter.docx", b"PK\x03\x04" + b"\x00" * 64, False),  # any zip is not a Word file
        ("run.exe", b"MZ" + b"\x00" * 64, False),
        ("letter.pdf", b"MZ" + b"\x00" * 64, False),
    ],
)
def test_files_are_judged_by_their_bytes(parties, name, content, accepted):
    upload = SimpleUploadedFile(name, content)
    if accepted:
        _raise(parties, attachments=[upload])
        assert Attachment.objects.count() == 1
    else:
        with pytest.raises(ApplicationError):
            _raise(parties, attachments=[upload])
        assert not Attachment.objects.exists()


# --- The timeline ---------------------------------------------------------------------


def test_corrections_follow_entries_and_never_change_them(parties):
    case = _raise(parties)
    message = services.case_post_message(actor=parties.raiser, case=case, body="We met on 3rd.")
    correction = services.case_correct(
        actor=parties.raiser, case=case, entry=message, body="We met on the 4th, not the 3rd."
    )
    message.refresh_from_db()
    assert message.body == "We met on 3rd."
    assert correction.corrects == message
    with pytest.raises(ApplicationError, match="person who wrote"):
        services.case_correct(actor=parties.respondent, case=case, entry=message, body="No")


def test_there_is_no_service_to_edit_or_delete_an_entry():
    public = [name for name in dir(services) if not name.startswith("_")]
    assert not [
        n for n in public if "entry" in n and ("edit" in n or "delete" in n or "update" in n)
    ]


def test_notes_are_seen_only_by_steering_group_and_mediator(parties):
    case = case_for(parties, stage=Stage.IN_MEDIATION, mediator=parties.mediator)
    services.case_add_note(actor=parties.steering, case=case, body="Private view.")
    with pytest.raises(ApplicationError):
        services.case_add_note(actor=parties.raiser, case=case, body="Let me in")

    def bodies(user):
        fresh = Case.objects.get(pk=case.pk)
        return [item.entry.body for item in selectors.timeline_for(user=user, case=fresh)]

    assert "Private view." in bodies(parties.steering)
    assert "Private view." in bodies(parties.mediator)
    assert "Private view." not in bodies(parties.raiser)
    assert "Private view." not in bodies(parties.respondent)


def test_a_mediator_must_be_on_the_panel_and_independent(parties):
    case = case_for(parties, stage=Stage.RESOLVING)
    with pytest.raises(ApplicationError, match="panel"):
        services.case_assign_mediator(actor=parties.steering, case=case, mediator=parties.outsider)
    services.panel_member_add(
        actor=parties.steering, compact=parties.compact, email=parties.respondent.email
    )
    with pytest.raises(ApplicationError, match="independent"):
        services.case_assign_mediator(
            actor=parties.steering, case=case, mediator=parties.respondent
        )
    with pytest.raises(ApplicationError):
        services.case_assign_mediator(actor=parties.raiser, case=case, mediator=parties.mediator)


def test_a_mediator_sees_only_their_own_cases(parties):
    mine = case_for(parties, stage=Stage.IN_MEDIATION, mediator=parties.mediator)
    case_for(parties, stage=Stage.IN_MEDIATION)
    assert list(selectors.cases_visible_to(user=parties.mediator)) == [mine]


def test_sessions_are_recorded_only_in_mediation_and_not_in_the_future(parties):
    case = case_for(parties, stage=Stage.RESOLVING, mediator=parties.mediator)
    with pytest.raises(ApplicationError, match="during mediation"):
        services.case_record_session(
            actor=parties.mediator, case=case, held_on=datetime.date(2026, 11, 2), body="x"
        )
    case = case_for(parties, stage=Stage.IN_MEDIATION, mediator=parties.mediator)
    with pytest.raises(ApplicationError, match="future"):
        services.case_record_session(
            actor=parties.mediator, case=case, held_on=datetime.date(2099, 1, 1), body="x"
        )
    with pytest.raises(ApplicationError):
        services.case_record_session(
            actor=parties.respondent, case=case, held_on=datetime.date(2026, 11, 2), body="x"
        )


# --- Confidentiality --------------------------------------------------------------------


def test_the_raisers_name_is_withheld_from_the_other_party_until_mediation(
    parties, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _raise(parties, withhold_raiser_name=True)
    to_respondent = [m for m in mail.outbox if parties.respondent.email in m.to]
    assert to_respondent and "Riverside Youth Club" not in to_respondent[0].body
    to_raiser = [m for m in mail.outbox if parties.raiser.email in m.to]
    assert "Riverside Youth Club" in to_raiser[0].body

    services.case_post_message(actor=parties.raiser, case=case, body="Hello")
    case = Case.objects.get(pk=case.pk)
    assert "withheld" in selectors.raiser_label(parties.respondent, case)
    assert selectors.raiser_label(parties.steering, case) == "Riverside Youth Club"
    labels = [i.author_label for i in selectors.timeline_for(user=parties.respondent, case=case)]
    assert all("Rita" not in label and "Riverside Youth" not in label for label in labels)

    case.stage, case.mediator = Stage.RESOLVING, parties.mediator
    case.save()
    services.case_move(actor=parties.steering, case=case, target=Stage.IN_MEDIATION)
    case = Case.objects.get(pk=case.pk)
    assert selectors.raiser_label(parties.respondent, case) == "Riverside Youth Club"


def test_a_small_groups_name_is_withheld_until_it_agrees(parties):
    case = _raise(parties, on_behalf_of_group="Tuesday Lunch Club")
    case = Case.objects.get(pk=case.pk)
    assert "Tuesday Lunch Club" not in selectors.raiser_label(parties.respondent, case)
    assert "Tuesday Lunch Club" in selectors.raiser_label(parties.steering, case)
    with pytest.raises(ApplicationError):
        services.case_share_name(actor=parties.respondent, case=case)
    services.case_share_name(actor=parties.raiser, case=case)
    case = Case.objects.get(pk=case.pk)
    assert "Tuesday Lunch Club" in selectors.raiser_label(parties.respondent, case)
    assert case.timeline.filter(kind=TimelineEntry.Kind.CONFIDENTIALITY).count() == 1


def test_no_case_is_seen_by_another_compacts_steering_group_or_outsiders(parties):
    case_for(parties, stage=Stage.SUBMITTED)
    for user in (parties.outsider, parties.other_steering):
        assert not selectors.cases_visible_to(user=user).exists()
    assert selectors.cases_visible_to(user=parties.steering).count() == 1


def test_drafts_are_seen_only_by_the_raising_organisation(parties):
    case_for(parties, stage=Stage.DRAFT)
    assert selectors.cases_visible_to(user=parties.raiser).count() == 1
    for user in (parties.respondent, parties.steering, parties.mediator):
        assert not selectors.cases_visible_to(user=user).exists()


def test_steering_group_sets_time_limits(parties):
    settings = services.dispute_settings_update(
        actor=parties.steering, compact=parties.compact, acknowledge_within_working_days=5
    )
    assert settings.acknowledge_within_working_days == 5
    assert settings.respond_within_working_days == 20
    with pytest.raises(ApplicationError):
        services.dispute_settings_update(
            actor=parties.raiser, compact=parties.compact, acknowledge_within_working_days=50
        )
    with pytest.raises(ApplicationError):
        services.dispute_settings_update(
            actor=parties.steering, compact=parties.compact, acknowledge_within_working_days=0
        )


def test_make_parties_is_independent_per_call(db):
    first, second = make_parties(), make_parties()
    assert first.compact != second.compact
