import io

import pytest
from django.template import engines
from pypdf import PdfReader

from core import pdf


def _render(body: str) -> bytes:
    template = engines["django"].from_string(
        '<html><head><link rel="stylesheet" href="/static/pdf/print.css"></head>'
        "<body><h1>Test document</h1>" + body + "</body></html>"
    )
    original = pdf.render_to_string
    pdf.render_to_string = lambda name, context: template.render(context)
    try:
        return pdf.render_pdf("unused.html", {})
    finally:
        pdf.render_to_string = original


def test_a_file_path_in_user_text_is_never_embedded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    document = _render(
        f'<a rel="attachment" href="file://{secret}">evidence</a>'
        f'<img src="file://{secret}"><img src="http://127.0.0.1:1/x.png">'
    )
    reader = PdfReader(io.BytesIO(document))
    assert not reader.attachments
    assert b"TOP-SECRET-CONTENT" not in document


def test_the_portals_own_stylesheet_is_used():
    document = _render("<h2>Section</h2><p>Body text</p>")
    reader = PdfReader(io.BytesIO(document))
    text = reader.pages[0].extract_text()
    assert "Test document" in text
    # print.css numbers the pages, which only shows if the stylesheet was fetched.
    assert "Page 1 of 1" in text
    # Headings become bookmarks, nested by level.
    assert reader.outline[0].title == "Test document"
    assert reader.outline[1][0].title == "Section"


@pytest.mark.parametrize(
    "url",
    [
        "https://portal.invalid/static/../../etc/passwd",
        "https://portal.invalid/media/anything",
        "https://example.org/static/pdf/print.css",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError):
        pdf.StaticOnlyFetcher().fetch(url)
