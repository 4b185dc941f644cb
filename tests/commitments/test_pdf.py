import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from commitments.models import Compact, Undertaking
from commitments.services import compact_import
from tests.commitments.test_document_format import NO_RULES
from tests.factories import published_compact

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "commitments" / "demo"


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += _outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def test_the_demo_compact_prints_with_contents_page_numbers_and_bookmarks(client):
    compact_import(text=(DEMO / "riverside.yaml").read_text())
    compact = Compact.objects.get()
    page = client.get(compact.get_absolute_url())
    assert reverse("commitments:pdf", args=["riverside"]) in page.text

    response = client.get(reverse("commitments:pdf", args=["riverside"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="riverside-compact-2026.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 1
    text = "\n".join(p.extract_text() for p in reader.pages)
    text_flat = " ".join(text.split())
    version = compact.versions.get()
    for principle in version.principles.all():
        assert principle.title in text_flat
    for undertaking in Undertaking.objects.filter(principle__version=version)[:6]:
        assert undertaking.text in text_flat
    assert "At least 3 calendar months" in text_flat
    assert f"Page 2 of {len(reader.pages)}" in text_flat
    # The contents list gives each principle's page: principle 1 starts on page 2.
    assert "1. A strong, varied and independent voluntary sector" in text_flat
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert "Contents" in first_page
    titles = _outline_titles(reader.outline)
    assert titles[0] == "Riverside Borough Compact"
    for principle in version.principles.all():
        assert f"{principle.position}. {principle.title}" in titles
    assert "Statutory bodies undertake to" in titles


def test_the_contents_list_shows_the_page_each_principle_starts_on(client):
    compact_import(text=(DEMO / "oakfield.yaml").read_text())
    reader = PdfReader(
        io.BytesIO(client.get(reverse("commitments:pdf", args=["oakfield"])).content)
    )
    pages = {}
    for entry in reader.outline:
        if not isinstance(entry, list):
            pages[entry.title] = reader.get_destination_page_number(entry) + 1
    nested = reader.outline[1]
    for entry in nested:
        if not isinstance(entry, list):
            pages[entry.title] = reader.get_destination_page_number(entry) + 1
    contents = " ".join(reader.pages[0].extract_text().split())
    title = "2. Shaping plans and services together"
    # leader dots then the page number the bookmark points at
    assert title in contents
    after = contents.split(title, 1)[1].lstrip(" .")
    assert after.startswith(str(pages[title]))


def test_a_link_in_compact_text_is_printed_as_text_and_fetches_nothing(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    compact = published_compact(name="Malicious Compact", principles=1)
    undertaking = Undertaking.objects.filter(principle__version__compact=compact).first()
    # Written straight to the table, as a hostile compact file would have put it there:
    # the model refuses to change the text of a published version.
    Undertaking.objects.filter(pk=undertaking.pk).update(
        text=(
            f'<a rel="attachment" href="file://{secret}">evidence</a>'
            '<a rel="attachment" href="file:///etc/passwd">passwords</a>'
            f'<img src="file://{secret}">'
        )
    )

    response = client.get(reverse("commitments:pdf", args=[compact.slug]))

    reader = PdfReader(io.BytesIO(response.content))
    assert not reader.attachments
    assert b"TOP-SECRET-CONTENT" not in response.content
    assert b"root:x:0:0" not in response.content
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert 'rel="attachment"' in text  # escaped: shown, not obeyed


def test_an_unpublished_compact_has_no_pdf(client):
    assert client.get(reverse("commitments:pdf", args=["nowhere"])).status_code == 404


def test_a_compact_that_sets_no_notice_prints_the_national_minimum_as_such(client):
    compact = compact_import(text=NO_RULES).compact
    response = client.get(reverse("commitments:pdf", args=[compact.slug]))
    assert 'filename="quietbrook-compact-version-1.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "3 calendar months: the national Compact’s minimum, as this compact sets none" in (
        text.replace("'", "’")
    )
    assert "the compact states no adoption date" in text
