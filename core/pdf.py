"""PDFs made with WeasyPrint from the portal's own templates.

WeasyPrint fetches whatever a document links to. Compact texts, case summaries and
names come from users, so the fetcher here serves the portal's own static files and
refuses everything else: no file:// paths, no web addresses, no attachments.
"""

import base64
import binascii
import mimetypes
from pathlib import Path

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base address that can never be fetched; relative links resolve against it.
PDF_BASE_URL = "https://portal.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serves `/static/…` from the portal's own files; refuses every other address."""

    def fetch(self, url, headers=None):
        if url.startswith(INLINE_PNG_PREFIX):
            return _inline_png(url)
        static_prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL
        if not url.startswith(static_prefix):
            raise ValueError(f"PDFs may only use the portal's own files, not {url[:80]}")
        relative = url.removeprefix(static_prefix).split("?")[0].split("#")[0]
        if ".." in Path(relative).parts:
            raise ValueError("No path outside the static files")
        found = finders.find(relative)
        if not found and staticfiles_storage.exists(relative):
            found = staticfiles_storage.path(relative)
        if not found:
            raise ValueError(f"No static file {relative}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})


# A PNG carried in the document itself (a server-drawn chart): nothing is fetched.
INLINE_PNG_PREFIX = "data:image/png;base64,"


def _inline_png(url: str) -> URLFetcherResponse:
    try:
        content = base64.b64decode(url.removeprefix(INLINE_PNG_PREFIX), validate=True)
    except binascii.Error as error:
        raise ValueError("An inline image that is not valid base64") from error
    return URLFetcherResponse(url, content, {"Content-Type": "image/png"})


# Tagged for screen readers (PDF/UA-1): a structure tree, the title shown in the window
# bar and the language taken from `<html lang>`. Each PDF template must give a <title>.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template to tagged PDF bytes, fetching only the portal's own static files."""
    html = render_to_string(template_name, context)
    fetcher = StaticOnlyFetcher(allowed_protocols=["https"])
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_scope_table_headers)


def _scope_table_headers(document, pdf) -> None:
    """Give each header cell a /Scope, as PDF/UA-1 asks (7.5).

    WeasyPrint links data cells to their headers (/Headers) but leaves the header cells
    without a scope. A header in a row that also holds data cells heads that row (the
    portal writes those as `<th scope="row">`); any other header heads its column.
    """
    objects = pdf.objects

    def referenced(reference: bytes):
        return objects[int(reference.split()[0])]

    for element in objects:
        if not isinstance(element, dict) or element.get("S") != "/TH":
            continue
        row = referenced(element["P"])
        siblings = [referenced(kid)["S"] for kid in row.get("K", ()) if isinstance(kid, bytes)]
        scope = "/Row" if "/TD" in siblings else "/Column"
        element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope


def pdf_response(template_name: str, context: dict, *, filename: str, inline: bool = False):
    """An HttpResponse carrying the PDF, offered as a download named `filename`."""
    response = HttpResponse(render_pdf(template_name, context), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
