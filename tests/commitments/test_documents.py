"""Codes of practice and other documents adopted under a compact: the steering group adds
them and their new versions, everyone reads them on the compact's pages."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from commitments import services
from commitments.models import Compact, CompactDocument, CompactDocumentVersion
from core.exceptions import ApplicationError
from tests.dates import date_boxes
from tests.disputes.factories import pdf_bytes, pdf_upload, script_as_pdf
from tests.factories import SteeringGroupMemberFactory, UserFactory, published_compact

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    """Each test keeps uploaded documents in its own folder, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def compact():
    return published_compact(name="Riverside Compact")


@pytest.fixture
def steering(compact):
    return SteeringGroupMemberFactory(compact=compact).user


def _add(compact, **kwargs):
    values = {"title": "Funding code", "kind": "funding", "adopted_on": ADOPTED}
    return services.compact_document_add(actor=None, compact=compact, **{**values, **kwargs})


# --- The services ---------------------------------------------------------------------------


def test_a_code_keeps_each_adopted_version(compact):
    first = _add(compact, upload=pdf_upload("funding-code.pdf"))
    second = services.compact_document_version_add(
        actor=None,
        document=first.document,
        adopted_on=datetime.date(2026, 1, 12),
        link="https://riverside.example/funding-code",
    )

    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.file.read() == pdf_bytes()
    assert first.original_name == "funding-code.pdf"
    assert "funding-code" not in first.file.name  # our own name on disk, not the sender's
    assert [v.number for v in first.document.versions.all()] == [2, 1]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "Upload the document as a PDF"),
        ({"upload": "pdf", "text": "The code"}, "not both"),
        ({"upload": "script"}, "its contents are not a PDF"),
        ({"upload": "word"}, r"Attach the document as a PDF \(\.pdf\)"),
        ({"upload": "large"}, r"must be 1\.0\sKB or smaller"),
    ],
)
def test_what_a_version_is_made_of_is_checked(compact, settings, given, message):
    settings.COMPACT_DOCUMENT_MAX_BYTES = 1024
    uploads = {
        "pdf": lambda: pdf_upload(),
        "script": lambda: script_as_pdf(),
        "word": lambda: SimpleUploadedFile("code.docx", b"PK\x03\x04" + b"\x00" * 100),
        "large": lambda: SimpleUploadedFile("code.pdf", b"%PDF-1.4\n" + b"0" * 2000),
    }
    if "upload" in given:
        given = {**given, "upload": uploads[given["upload"]]()}

    with pytest.raises(ApplicationError, match=message) as refused:
        _add(compact, **given)

    assert refused.value.field == "file"
    assert not CompactDocument.objects.exists()


def test_a_title_is_used_once_in_a_compact_and_versions_do_not_go_back_in_time(compact):
    version = _add(compact, text="The code")
    with pytest.raises(ApplicationError, match="already has a document called") as refused:
        _add(compact, title="funding CODE", text="Again")
    assert refused.value.field == "title"
    with pytest.raises(ApplicationError, match="on or after 3 March 2025") as refused:
        services.compact_document_version_add(
            actor=None, document=version.document, adopted_on=datetime.date(2025, 3, 2), text="x"
        )
    assert refused.value.field == "adopted_on"
    # Another compact may have a code of the same name.
    _add(published_compact(name="Oakfield Compact"), text="Theirs")


# --- The pages ------------------------------------------------------------------------------


def _form(title="Funding code", kind="funding", adopted_on=ADOPTED, **extra):
    return {"title": title, "kind": kind, **date_boxes("adopted_on", adopted_on), **extra}


def test_the_steering_group_adds_a_code_and_everyone_sees_it_with_its_date(
    client, compact, steering
):
    client.force_login(steering)
    add = reverse("commitments:document_add", args=[compact.slug])
    assert "Add a code or other document" in client.get(compact.get_absolute_url()).text

    response = client.post(add, _form(file=pdf_upload("riverside-funding-code.pdf")))

    documents = reverse("commitments:documents", args=[compact.slug])
    assert response.status_code == 302
    assert response["Location"] == documents
    client.logout()
    page = client.get(compact.get_absolute_url()).text
    assert "Funding code</a>, adopted 3 March 2025" in page
    assert "Add a code or other document" not in page
    listing = client.get(documents).text
    assert "Download Funding code, adopted 3 March 2025 (PDF" in listing
    version = CompactDocumentVersion.objects.get()
    download = client.get(
        reverse("commitments:document_file", args=[compact.slug, version.document_id, 1])
    )
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "riverside-funding-code.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == pdf_bytes()


def test_a_new_version_is_listed_above_the_one_before(client, compact, steering):
    document = _add(compact, link="https://riverside.example/code").document
    client.force_login(steering)
    url = reverse("commitments:document_version_add", args=[compact.slug, document.pk])
    assert "Add a newly adopted version of Funding code" in client.get(url).text

    response = client.post(
        url, {**date_boxes("adopted_on", datetime.date(2026, 4, 1)), "text": "Three-year grants."}
    )

    assert response.status_code == 302
    listing = client.get(reverse("commitments:documents", args=[compact.slug])).text
    assert listing.index("1 April 2026") < listing.index("3 March 2025")
    assert "Three-year grants." in listing
    assert (
        "Funding code</a>, adopted 1 April 2026 (version 2)"
        in client.get(compact.get_absolute_url()).text
    )


def test_mistakes_are_shown_govuk_style_and_nothing_typed_is_lost(client, compact, steering):
    client.force_login(steering)
    url = reverse("commitments:document_add", args=[compact.slug])

    missing = client.post(url, _form(title="", link="https://riverside.example/code"))
    assert missing.status_code == 200
    assert "govuk-error-summary" in missing.text
    assert "Enter the document&#x27;s title" in missing.text
    assert 'value="https://riverside.example/code"' in missing.text

    wrong = client.post(
        url, _form(title="Volunteering code", kind="volunteering", file=script_as_pdf())
    )
    assert wrong.status_code == 200
    assert "govuk-error-summary" in wrong.text
    assert 'href="#id_file"' in wrong.text
    assert "its contents are not a PDF" in wrong.text
    assert 'value="Volunteering code"' in wrong.text
    assert 'value="volunteering" checked' in wrong.text
    assert not CompactDocument.objects.exists()


def test_only_this_compacts_steering_group_may_add_to_it(client, compact):
    document = _add(compact, text="The code").document
    other_compact = published_compact(name="Oakfield Compact")
    elsewhere = SteeringGroupMemberFactory(compact=other_compact).user
    theirs = _add(other_compact, text="Theirs").document
    urls = [
        reverse("commitments:document_add", args=[compact.slug]),
        reverse("commitments:document_version_add", args=[compact.slug, document.pk]),
    ]

    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: sign in first
        client.force_login(UserFactory())
        assert client.get(url).status_code == 403
        client.force_login(elsewhere)
        assert client.get(url).status_code == 403
        assert client.post(url, _form(text="Sneaked in")).status_code == 403
        client.logout()
    assert CompactDocumentVersion.objects.filter(text="Sneaked in").count() == 0
    assert (
        "Add a document"
        not in client.get(reverse("commitments:documents", args=[compact.slug])).text
    )

    # A document of another compact is not reached through this one's address.
    client.force_login(SteeringGroupMemberFactory(compact=compact).user)
    url = reverse("commitments:document_version_add", args=[compact.slug, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(text="Crossed")).status_code == 404
    file_url = reverse("commitments:document_file", args=[compact.slug, theirs.pk, 1])
    assert client.get(file_url).status_code == 404


def test_the_documents_page_is_paginated_and_its_queries_do_not_grow(
    client, compact, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            number = CompactDocument.objects.count()
            version = _add(compact, title=f"Code {number:03}", text="Text")
            services.compact_document_version_add(
                actor=None, document=version.document, adopted_on=ADOPTED, link="https://x.example"
            )

    url = reverse("commitments:documents", args=[compact.slug])
    add(2)
    with django_assert_max_num_queries(8):
        few = client.get(url)
    add(40)
    with django_assert_max_num_queries(8):
        many = client.get(url)
    with django_assert_max_num_queries(12):
        compact_page = client.get(compact.get_absolute_url())

    assert few.text.count('class="govuk-heading-m" id="document-') == 2
    assert many.text.count('class="govuk-heading-m" id="document-') == 20
    assert "Page 1 of 3" in many.text
    assert "All the codes and other documents" in compact_page.text
    assert compact_page.text.count("#document-") == 10


def test_the_admin_shows_codes_and_their_versions(client, compact):
    version = _add(compact, upload=pdf_upload("code.pdf"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:commitments_compactdocument_changelist"))
    change = client.get(
        reverse("admin:commitments_compactdocument_change", args=[version.document_id])
    )

    assert "Funding code" in listing.text
    assert "code.pdf" in change.text
    assert "3 March 2025" in change.text


def test_the_demo_has_a_code_in_each_compact(client):
    call_command("load_demo", stdout=io.StringIO())
    riverside = Compact.objects.get(slug="riverside")
    funding = riverside.documents.get()
    assert [v.adopted_on.year for v in funding.versions.all()] == [2026, 2024]
    consultation = Compact.objects.get(slug="oakfield").documents.get().versions.get()
    download = client.get(
        reverse("commitments:document_file", args=["oakfield", consultation.document_id, 1])
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    call_command("load_demo", stdout=io.StringIO())
    assert CompactDocument.objects.count() == 2


def test_the_compact_page_anyone_sees_from_the_cache_shows_a_new_code(client, compact):
    documents = reverse("commitments:documents", args=[compact.slug])
    assert "Funding code" not in client.get(compact.get_absolute_url()).text
    assert "Funding code" not in client.get(documents).text
    version = _add(compact, text="The code")
    assert "Funding code</a>, adopted 3 March 2025" in client.get(compact.get_absolute_url()).text
    services.compact_document_version_add(
        actor=None, document=version.document, adopted_on=datetime.date(2026, 5, 6), text="New"
    )
    assert "6 May 2026" in client.get(compact.get_absolute_url()).text
    assert "6 May 2026" in client.get(documents).text
