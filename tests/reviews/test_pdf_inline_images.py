"""The PDF fetcher lets the report's charts through as inline PNGs, and nothing else new."""

import base64

import pytest

from core import pdf
from reviews import charts


def test_an_inline_png_chart_is_read_without_fetching():
    uri = charts.bar_chart(labels=["One line"], series={"Need help": [3]}, x_label="Organisations")
    response = pdf.StaticOnlyFetcher().fetch(uri)
    assert response.headers["Content-Type"] == "image/png"
    assert response.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "uri",
    [
        "data:image/png;base64,not*base64!",
        "data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode(),
        "data:text/html;base64," + base64.b64encode(b"<p>x</p>").decode(),
    ],
)
def test_other_inline_content_is_refused(uri):
    with pytest.raises(ValueError):
        pdf.StaticOnlyFetcher().fetch(uri)
