"""A steering group drafts the next version in the portal, previews it and publishes it."""

import pytest
from django.urls import reverse

from commitments import drafts
from commitments.models import CompactVersion
from commitments.services import compact_import
from signatories.models import Signatory
from tests.commitments.test_document_format import documented_example
from tests.factories import SteeringGroupMemberFactory, UserFactory
from tests.reminders.factories import signed_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def compact():
    return compact_import(text=documented_example()).compact


@pytest.fixture
def steering(client, compact):
    member = SteeringGroupMemberFactory(compact=compact).user
    client.force_login(member)
    return client


def url(name, compact, *args):
    return reverse(f"commitments:{name}", args=[compact.slug, *args])


def test_a_draft_starts_as_a_copy_and_changes_nothing_until_published(steering, compact):
    current = compact.versions.get(status=CompactVersion.Status.PUBLISHED)
    assert steering.post(url("draft", compact)).status_code == 302
    draft = drafts.draft_of(compact)
    assert draft.number == current.number + 1
    assert not drafts.draft_changes(draft).sections
    # Starting again keeps the one draft.
    steering.post(url("draft", compact))
    assert compact.versions.filter(status=CompactVersion.Status.DRAFT).count() == 1
    # The public pages still show the version in force.
    assert steering.get(compact.get_absolute_url()).context["version"].pk == current.pk


def test_editing_a_principle_shows_in_the_preview_and_what_changed(steering, compact):
    steering.post(url("draft", compact))
    draft = drafts.draft_of(compact)
    section = drafts.draft_text(draft).principles[1]
    form = steering.get(url("draft_section", compact, section.position)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["list_1"] = "Answer letters within a month\n- by e-mail\n- or by post"
    data["title"] = "Openness and answers"
    data["new_list_party"] = "none"
    response = steering.post(url("draft_section", compact, section.position), data)
    assert response.status_code == 302, response.context["form"].errors

    edited = drafts.draft_text(draft).principles[1]
    assert edited.title == "Openness and answers"
    assert edited.lists[0].items[0].text == "Answer letters within a month"
    assert [item.text for item in edited.lists[0].items[0].items] == ["by e-mail", "or by post"]
    preview = steering.get(url("draft_preview", compact))
    assert "Answer letters within a month" in preview.text
    assert "Renamed from" in preview.text


def test_the_rules_form_keeps_what_was_typed_and_says_what_is_missing(steering, compact):
    steering.post(url("draft", compact))
    response = steering.post(
        url("draft_rules", compact),
        {"notice_set": "yes", "notice_months": "", "consultation_weeks": "8"},
    )
    assert response.status_code == 200
    assert "Enter the minimum notice" in response.text
    assert 'class="govuk-error-summary' in response.text
    assert 'value="8"' in response.text

    steering.post(
        url("draft_rules", compact),
        {"label": "2027", "notice_set": "no", "consultation_weeks": "8"},
    )
    draft = drafts.draft_of(compact)
    assert (draft.notice_set_by_compact, draft.minimum_notice_months) == (False, 3)
    assert (draft.minimum_consultation_weeks, draft.label) == (8, "2027")


def test_a_partner_named_in_a_list_cannot_be_removed(steering, compact):
    steering.post(url("draft", compact))
    response = steering.post(url("draft_partners", compact), {"statutory": "", "vcs": ""})
    assert response.status_code == 200
    assert "stays a partner" in response.text


def test_adding_and_removing_a_section(steering, compact):
    steering.post(url("draft", compact))
    count = len(drafts.draft_text(drafts.draft_of(compact)).principles)
    response = steering.post(
        url("draft_section_add", compact), {"kind": "section", "title": "Reviewing the compact"}
    )
    assert response["Location"] == url("draft_section", compact, count + 1)
    steering.post(url("draft_section_remove", compact, 1))
    titles = [s.title for s in drafts.draft_text(drafts.draft_of(compact)).principles]
    assert len(titles) == count and titles[-1] == "Reviewing the compact"


def test_publishing_lapses_signatures_and_tells_the_organisation(
    steering, compact, deliver_outbox, django_capture_on_commit_callbacks
):
    signatory, administrator, _ = signed_organisation(compact)
    steering.post(url("draft", compact))
    draft = drafts.draft_of(compact)
    assert "Publish version" in steering.get(url("draft_publish", compact)).text
    with django_capture_on_commit_callbacks(execute=True):
        response = steering.post(url("draft_publish", compact))
    assert response["Location"] == compact.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == CompactVersion.Status.PUBLISHED
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.LAPSED
    assert drafts.draft_of(compact) is None
    # With no draft, the draft's pages lead back to the start.
    assert steering.get(url("draft_preview", compact))["Location"] == url("draft", compact)


@pytest.mark.parametrize(
    "name,args,method",
    [
        ("draft", (), "get"),
        ("draft", (), "post"),
        ("draft_rules", (), "get"),
        ("draft_partners", (), "get"),
        ("draft_section", (1,), "get"),
        ("draft_section_add", (), "get"),
        ("draft_section_remove", (1,), "post"),
        ("draft_preview", (), "get"),
        ("draft_publish", (), "get"),
        ("draft_publish", (), "post"),
    ],
)
def test_another_compacts_steering_group_and_the_public_are_refused(
    client, compact, name, args, method
):
    drafts.draft_start(compact=compact)
    other = compact_import(
        text=documented_example()
        .replace("slug: ", "slug: other-", 1)
        .replace("name: ", "name: Other ", 1)
    ).compact
    client.force_login(SteeringGroupMemberFactory(compact=other).user)
    assert getattr(client, method)(url(name, compact, *args)).status_code == 403
    client.force_login(UserFactory())
    assert getattr(client, method)(url(name, compact, *args)).status_code == 403
    client.logout()
    assert getattr(client, method)(url(name, compact, *args)).status_code == 302
    assert drafts.draft_of(compact).status == CompactVersion.Status.DRAFT


def test_a_draft_is_never_public(client, compact):
    drafts.draft_start(compact=compact)
    draft = drafts.draft_of(compact)
    response = client.get(reverse("commitments:changes", args=[compact.slug, 1, draft.number]))
    assert response.status_code == 404
