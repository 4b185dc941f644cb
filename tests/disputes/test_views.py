import datetime
import io

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from disputes import services
from disputes.models import Attachment, Case, MediationPanelMember, Stage
from tests.dates import date_boxes
from tests.disputes.factories import case_for, make_parties, pdf_bytes, pdf_upload, script_as_pdf
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _all_disputes_url_names() -> set[str]:
    resolver = get_resolver()
    _, disputes_resolver = resolver.namespace_dict["disputes"]
    return {name for name in disputes_resolver.reverse_dict if isinstance(name, str)}


@pytest.fixture
def world(parties):
    """A case in mediation with a document, a message and a panel member, and its URLs."""
    case = case_for(parties, stage=Stage.IN_MEDIATION, mediator=parties.mediator)
    entry = services.case_post_message(
        actor=parties.raiser, case=case, body="Evidence attached", attachments=[pdf_upload()]
    )
    attachment = Attachment.objects.get(case=case)
    member = MediationPanelMember.objects.get(compact=parties.compact)
    kwargs = {
        "pk": case.pk,
        "entry_pk": entry.pk,
        "document_pk": attachment.pk,
        "compact_slug": parties.compact.slug,
        "member_pk": member.pk,
    }
    return parties, case, kwargs


POST_ONLY = {"share_name", "panel_remove"}
# Pages that name no case or compact: an outsider may open them but sees nothing of the case.
LISTS = {"list", "start", "board"}


def _url(name, kwargs):
    resolver = get_resolver().namespace_dict["disputes"][1]
    wanted = resolver.reverse_dict.getlist(name)[0][0][0][1]
    return reverse(f"disputes:{name}", kwargs={k: kwargs[k] for k in wanted})


def test_every_route_is_covered_by_the_outsider_test():
    assert _all_disputes_url_names() == set(ROUTES)


ROUTES = sorted(
    [
        "list",
        "start",
        "raise",
        "board",
        "detail",
        "edit",
        "move",
        "close",
        "message",
        "note",
        "session",
        "assign_mediator",
        "share_name",
        "correct",
        "document",
        "summary_pdf",
        "panel",
        "panel_remove",
        "settings",
        "lessons",
    ]
)


@pytest.mark.parametrize("who", ["outsider", "other_steering"])
@pytest.mark.parametrize("name", ROUTES)
def test_no_one_outside_the_case_can_reach_any_route(client, world, name, who):
    parties, case, kwargs = world
    client.force_login(getattr(parties, who))
    url = _url(name, kwargs)
    response = client.post(url) if name in POST_ONLY else client.get(url)
    if name in LISTS:
        assert response.status_code in (200, 403)
        assert case.title.encode() not in response.content
    elif name == "raise":
        assert response.status_code == 403  # none of their organisations has signed
    else:
        assert response.status_code in (403, 404)
    assert b"Evidence attached" not in response.content
    assert not response.has_header("Content-Disposition")


@pytest.mark.parametrize("name", ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    _, _, kwargs = world
    url = _url(name, kwargs)
    response = client.post(url) if name in POST_ONLY else client.get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_people_of_the_case_can_open_it(client, world):
    parties, case, kwargs = world
    for user in (parties.raiser, parties.respondent, parties.mediator, parties.steering):
        client.force_login(user)
        assert client.get(case.get_absolute_url()).status_code == 200
        assert client.get(_url("document", kwargs)).status_code == 200


def test_a_mediator_of_another_case_cannot_open_this_one(client, world):
    parties, case, kwargs = world
    other_mediator = UserFactory()
    case_for(parties, stage=Stage.IN_MEDIATION, mediator=other_mediator)
    client.force_login(other_mediator)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(_url("document", kwargs)).status_code == 404


def test_a_draft_is_hidden_from_everyone_but_its_writers(client, parties):
    draft = case_for(parties, stage=Stage.DRAFT)
    for user in (parties.respondent, parties.steering):
        client.force_login(user)
        assert client.get(draft.get_absolute_url()).status_code == 404
    colleague = MembershipFactory(organisation=parties.raiser_org).user
    client.force_login(colleague)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_documents_are_downloaded_never_shown_inline(client, world):
    parties, _, kwargs = world
    client.force_login(parties.respondent)
    response = client.get(_url("document", kwargs))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="evidence.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_a_document_of_one_case_cannot_be_fetched_through_another(client, world):
    parties, _, kwargs = world
    mine = case_for(parties, stage=Stage.SUBMITTED)
    client.force_login(parties.raiser)
    url = reverse("disputes:document", kwargs={"pk": mine.pk, "document_pk": kwargs["document_pk"]})
    assert client.get(url).status_code == 404


# --- Raising a concern through the form ------------------------------------------------------


def _form_data(parties, **extra):
    principle = parties.principles[0]
    data = {
        "raised_by_organisation": parties.raiser_org.pk,
        "about_organisation": parties.respondent_org.pk,
        "title": "Grant ended without notice",
        "principles": [principle.pk],
        "what_happened": "They ended our grant with two weeks' notice.",
        "what_has_been_tried": "We phoned twice.",
        "outcome_wanted": "Proper notice.",
        "action": "submit",
    }
    data.update(extra)
    return data


def test_raising_a_concern_with_a_valid_pdf(client, parties):
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    response = client.post(url, _form_data(parties, attachments=[pdf_upload()]))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.stage == Stage.SUBMITTED and case.attachments.count() == 1


def test_a_script_renamed_to_pdf_is_explained_and_the_form_kept(client, parties):
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    response = client.post(url, _form_data(parties, attachments=[script_as_pdf()]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "its contents are not a PDF" in page
    assert "They ended our grant with two weeks&#x27; notice." in page
    assert 'value="Grant ended without notice"' in page
    assert not Case.objects.exists()


def test_an_oversized_file_is_explained_and_the_form_kept(client, parties, settings):
    settings.DISPUTES_MAX_ATTACHMENT_BYTES = 100
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    response = client.post(url, _form_data(parties, attachments=[pdf_upload()]))
    assert response.status_code == 200
    assert "or smaller" in response.content.decode()
    assert 'value="Grant ended without notice"' in response.content.decode()
    assert not Case.objects.exists()


def test_a_concern_dated_in_the_future_is_refused_and_the_form_kept(client, parties):
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, _form_data(parties, **date_boxes("happened_on", tomorrow)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Date it happened must be today or in the past" in page
    assert (
        f'name="happened_on-year" type="text" inputmode="numeric" value="{tomorrow.year}"' in page
    )
    assert not Case.objects.exists()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.post(url, _form_data(parties, **date_boxes("happened_on", yesterday)))
    assert Case.objects.get().happened_on == yesterday


def test_an_answer_of_50000_characters_is_refused_and_kept(client, parties):
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    answer = "w" * 50_000
    response = client.post(url, _form_data(parties, what_has_been_tried=answer))
    page = response.content.decode()
    assert "What you have tried so far must be 10,000 characters or fewer" in page
    assert f"{answer}</textarea>" in page
    assert 'data-module="govuk-character-count" data-maxlength="10000"' in page
    assert not Case.objects.exists()


def test_saving_a_draft_then_submitting_it(client, parties):
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    client.post(url, _form_data(parties, action="draft"))
    case = Case.objects.get()
    assert case.stage == Stage.DRAFT
    response = client.get(reverse("disputes:edit", kwargs={"pk": case.pk}))
    assert 'value="Grant ended without notice"' in response.content.decode()
    client.post(reverse("disputes:move", kwargs={"pk": case.pk}), {"target": "submitted"})
    assert Case.objects.get().stage == Stage.SUBMITTED
    assert client.get(reverse("disputes:edit", kwargs={"pk": case.pk})).status_code == 403


def test_a_refused_move_shows_the_reason_and_changes_nothing(client, parties):
    case = case_for(parties, stage=Stage.RESOLVING)
    client.force_login(parties.steering)
    response = client.post(
        reverse("disputes:move", kwargs={"pk": case.pk}),
        {"target": "in_mediation", "message": "Over to mediation"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Assign a mediator from the compact&#x27;s panel before starting mediation" in page
    assert "Over to mediation" in page  # what was typed is kept
    assert Case.objects.get(pk=case.pk).stage == Stage.RESOLVING


def test_a_party_with_no_move_to_make_is_refused_the_page(client, parties):
    case = case_for(parties, stage=Stage.SUBMITTED)
    client.force_login(parties.respondent)
    url = reverse("disputes:move", kwargs={"pk": case.pk})
    assert client.post(url, {"target": "acknowledged"}).status_code == 403
    assert client.get(reverse("disputes:close", kwargs={"pk": case.pk})).status_code == 403
    assert Case.objects.get(pk=case.pk).stage == Stage.SUBMITTED


# --- The steering group's pages ------------------------------------------------------------


def test_summary_pdf_reads_back(client, world):
    parties, case, kwargs = world
    client.force_login(parties.steering)
    response = client.get(_url("summary_pdf", kwargs))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert case.reference in text
    assert case.title in text
    assert "Evidence attached" in text
    client.force_login(parties.raiser)
    assert client.get(_url("summary_pdf", kwargs)).status_code == 403


def test_board_marks_cases_past_their_limit_in_words(client, parties):
    import datetime

    from django.utils import timezone

    late = timezone.now() - datetime.timedelta(days=40)
    case_for(
        parties,
        stage=Stage.SUBMITTED,
        title="Old concern",
        stage_entered_at=late,
        submitted_at=late,
    )
    case_for(parties, stage=Stage.SUBMITTED, title="New concern")
    client.force_login(parties.steering)
    page = client.get(reverse("disputes:board")).content.decode()
    old_row = page[page.index("Old concern") :]
    old_row = old_row[: old_row.index("</tr>")]
    new_row = page[page.index("New concern") :]
    new_row = new_row[: new_row.index("</tr>")]
    assert "Past time limit" in old_row
    assert "Past time limit" not in new_row


def test_board_filters_by_compact_principle_and_outcome(client, parties):
    first, second = parties.principles
    case_for(parties, stage=Stage.SUBMITTED, title="About first", principles=[first])
    case_for(parties, stage=Stage.SUBMITTED, title="About second", principles=[second])
    case_for(parties, stage=Stage.CLOSED, title="Closed upheld", outcome="upheld")
    client.force_login(parties.steering)
    board = reverse("disputes:board")
    page = client.get(board, {"principle": first.title}).content.decode()
    assert "About first" in page and "About second" not in page
    page = client.get(board, {"outcome": "upheld"}).content.decode()
    assert "Closed upheld" in page and "About first" not in page
    page = client.get(board, {"compact": parties.compact.pk + 999}).content.decode()
    assert "About first" not in page
    page = client.get(board).content.decode()
    assert "About first" in page and "Closed upheld" not in page


def _add_cases(parties, count):
    for number in range(count):
        case = case_for(
            parties,
            stage=Stage.RESOLVING,
            mediator=parties.mediator,
            withhold_raiser_name=bool(number % 2),
        )
        services.case_post_message(
            actor=parties.raiser, case=case, body=f"Message {number}", attachments=[pdf_upload()]
        )
        services.case_post_message(actor=parties.respondent, case=case, body=f"Reply {number}")
        services.case_add_note(actor=parties.steering, case=case, body=f"Note {number}")
        case_for(parties, stage=Stage.CLOSED, outcome="upheld", lessons=f"Lesson {number}")
        MediationPanelMember.objects.create(compact=parties.compact, user=UserFactory())
    return case


def test_lists_make_the_same_bounded_number_of_queries_for_1_or_13_rows(
    client, django_assert_max_num_queries
):
    parties = make_parties()
    case = _add_cases(parties, 1)
    pages = {
        parties.steering: [
            reverse("disputes:list"),
            reverse("disputes:board"),
            reverse("disputes:board") + "?closed=1",
            reverse("disputes:lessons", kwargs={"compact_slug": parties.compact.slug}),
            reverse("disputes:panel", kwargs={"compact_slug": parties.compact.slug}),
            case.get_absolute_url(),
        ],
        parties.respondent: [reverse("disputes:list"), case.get_absolute_url()],
        parties.mediator: [reverse("disputes:list")],
    }

    def counts():
        found = {}
        for user, urls in pages.items():
            client.force_login(user)
            for url in urls:
                with django_assert_max_num_queries(12) as queries:
                    assert client.get(url).status_code == 200
                found[(user.full_name, url)] = len(queries)
        return found

    few = counts()
    # Twelve more cases, and a dozen more entries on the case whose page is shown.
    _add_cases(parties, 12)
    for number in range(12):
        services.case_post_message(actor=parties.raiser, case=case, body=f"More {number}")
    many = counts()
    assert many == few, many


def test_the_dashboard_panel_lists_open_cases_with_what_is_due(
    parties, django_assert_max_num_queries
):
    from core.panels import panels_for

    case_for(parties, stage=Stage.SUBMITTED, title="Open one", withhold_raiser_name=True)
    case_for(parties, stage=Stage.CLOSED, title="Closed one", outcome="upheld")
    from disputes.panels import organisation_dashboard_panel

    # This app's share of the dashboard: the cases, and whether it may raise one.
    with django_assert_max_num_queries(2):
        organisation_dashboard_panel(parties.respondent_org, parties.respondent)
    panels = panels_for("organisation_dashboard", parties.respondent_org, parties.respondent)
    mine = [context for template, context in panels if template.startswith("disputes/")]
    assert [row.case.title for row in mine[0]["case_rows"]] == ["Open one"]
    assert "withheld" in mine[0]["case_rows"][0].raiser_label
    assert mine[0]["case_rows"][0].due.what == "Acknowledge the concern"
    # Someone from outside the case sees no case of it; and never on the public page.
    outsider_panels = panels_for("organisation_dashboard", parties.respondent_org, parties.outsider)
    assert [c["case_rows"] for t, c in outsider_panels if t.startswith("disputes/")] == [[]]
    assert not [
        p
        for p in panels_for("organisation_public", parties.respondent_org, parties.respondent)
        if p[0].startswith("disputes/")
    ]


def test_roles_worked_out_for_lists_agree_with_roles_for(parties):
    from disputes import permissions
    from disputes.selectors import _prime_roles, _with_viewer_roles

    for stage in Stage.values:
        case_for(
            parties,
            stage=stage,
            mediator=parties.mediator,
            outcome="upheld" if stage == Stage.CLOSED else "",
        )
    for user in (
        parties.raiser,
        parties.respondent,
        parties.mediator,
        parties.steering,
        parties.outsider,
        parties.other_steering,
    ):
        listed = list(_with_viewer_roles(Case.objects.all(), user))
        _prime_roles(user, listed)
        for case in listed:
            fresh = Case.objects.get(pk=case.pk)
            assert permissions.roles_for(user, case) == permissions.roles_for(user, fresh)


def test_panel_and_time_limit_pages_for_the_steering_group(client, parties):
    client.force_login(parties.steering)
    newcomer = UserFactory(full_name="New Mediator")
    url = reverse("disputes:panel", kwargs={"compact_slug": parties.compact.slug})
    response = client.post(url, {"email": newcomer.email, "about": "Accredited"})
    assert response.status_code == 302
    assert MediationPanelMember.objects.filter(user=newcomer).exists()
    response = client.post(url, {"email": "nobody@example.org"})
    assert "Nobody with that e-mail address" in response.content.decode()
    url = reverse("disputes:settings", kwargs={"compact_slug": parties.compact.slug})
    response = client.post(
        url,
        {
            "acknowledge_within_working_days": 0,
            "respond_within_working_days": 20,
            "resolve_within_working_days": 40,
            "mediate_within_working_days": 40,
            "review_within_working_days": 20,
        },
    )
    assert "at least 1 working day" in response.content.decode()
    response = client.post(
        url,
        {
            "acknowledge_within_working_days": 5,
            "respond_within_working_days": 20,
            "resolve_within_working_days": 40,
            "mediate_within_working_days": 40,
            "review_within_working_days": 20,
            "retention_years": 7,
        },
    )
    assert response.status_code == 302
    assert parties.compact.dispute_settings.acknowledge_within_working_days == 5
    assert parties.compact.dispute_settings.retention_years == 7


def test_the_other_party_never_sees_a_withheld_name_on_the_page(client, parties):
    case = case_for(
        parties,
        stage=Stage.ACKNOWLEDGED,
        withhold_raiser_name=True,
        on_behalf_of_group="Tuesday Lunch Club",
    )
    services.case_post_message(
        actor=parties.raiser, case=case, body="Our side of it", attachments=[pdf_upload()]
    )
    client.force_login(parties.respondent)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Our side of it" in page
    for secret in (parties.raiser_org.name, parties.raiser.full_name, "Tuesday Lunch Club"):
        assert secret not in page
    client.force_login(parties.steering)
    page = client.get(case.get_absolute_url()).content.decode()
    assert parties.raiser_org.name in page and "Tuesday Lunch Club" in page


def test_sharing_the_name_from_the_case_page(client, parties):
    case = case_for(parties, stage=Stage.ACKNOWLEDGED, withhold_raiser_name=True)
    url = reverse("disputes:share_name", kwargs={"pk": case.pk})
    client.force_login(parties.respondent)
    assert client.post(url).status_code == 403
    client.force_login(parties.raiser)
    assert client.post(url).status_code == 302
    client.force_login(parties.respondent)
    assert parties.raiser_org.name in client.get(case.get_absolute_url()).content.decode()


def test_notes_and_corrections_through_the_pages(client, parties):
    case = case_for(parties, stage=Stage.IN_MEDIATION, mediator=parties.mediator)
    client.force_login(parties.mediator)
    client.post(reverse("disputes:note", kwargs={"pk": case.pk}), {"body": "Mediator's view"})
    note = case.timeline.get(kind="note")
    response = client.post(
        reverse("disputes:correct", kwargs={"pk": case.pk, "entry_pk": note.pk}),
        {"body": "Mediator's corrected view"},
    )
    assert response.status_code == 302
    assert case.timeline.get(kind="correction").corrects == note
    assert case.timeline.get(kind="note").body == "Mediator's view"
    client.force_login(parties.raiser)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Mediator&#x27;s view" not in page and "corrected view" not in page
    # A party cannot even open the correction page of a note it cannot see.
    url = reverse("disputes:correct", kwargs={"pk": case.pk, "entry_pk": note.pk})
    assert client.get(url).status_code == 404
    assert client.get(reverse("disputes:note", kwargs={"pk": case.pk})).status_code == 403
