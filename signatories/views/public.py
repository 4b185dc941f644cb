"""Public pages: the directory, its open data, organisation pages, certificate checks."""

import csv
import datetime
import json
import re

from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from commitments.models import Compact
from commitments.permissions import steering_compact_ids
from core.limits import limit_or_429

from .. import permissions, selectors, validators
from ..models import Organisation, Signatory
from ..rules import joined_on
from ..validators import org_id_for

# Public pages ------------------------------------------------------------------------------


def _directory_rows(request, compact=None, changed_since=None):
    params = request.GET
    # An incremental download must also say which signatures were withdrawn or lapsed.
    default_status = "any" if changed_since else "active"
    return selectors.directory(
        search=params.get("q", "").strip(),
        compact=compact
        or (params.get("compact") and Compact.objects.filter(slug=params["compact"]).first())
        or None,
        sector=params.get("sector", "")
        if params.get("sector") in Organisation.Sector.values
        else "",
        kind=params.get("kind", "") if params.get("kind") in Organisation.Kind.values else "",
        status=params.get("status", default_status),
        sort=params.get("sort", "name"),
        changed_since=changed_since,
    )


def _open_data_query(request, compact) -> str:
    """The query string of the open data links: the page's own filters, not its page number
    (one compact's directory links to that compact's own downloads)."""
    query = request.GET.copy()
    query.pop("page", None)
    if compact is not None:
        query.pop("compact", None)  # a compact's directory links to its own downloads
    return query.urlencode()


def directory(request, slug=None):
    compact = get_object_or_404(Compact, slug=slug) if slug else None
    page = selectors.directory_page(_directory_rows(request, compact), request.GET.get("page"))
    return render(
        request,
        "signatories/directory.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "directory_compact": compact,
            "open_data_query": _open_data_query(request, compact),
            "compacts": Compact.objects.filter(versions__status="published").distinct(),
            "sectors": Organisation.Sector.choices,
            "kinds": Organisation.Kind.choices,
            "statuses": [(s, Signatory.Status(s).label) for s in selectors.PUBLIC_STATUSES],
            "params": request.GET,
            "status": request.GET.get("status", "active"),
        },
    )


OPEN_DATA_COLUMNS = [
    "org_id",
    "organisation",
    "sector",
    "type",
    "charity_number",
    "company_number",
    "compact",
    "compact_version",
    "status",
    "signed_on",
    "approved_on",
    "joined_on",
    "champions",
    "url",
]


def _joined_on(row: dict) -> str:
    day = joined_on(
        status=row["status"], signed_on=row["signed_on"], approved_on=row["approved_on"]
    )
    return day.isoformat() if day else ""


class BadOpenDataQuery(ValueError):
    pass


def _changed_since(request) -> datetime.date | None:
    value = request.GET.get("changed_since", "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise BadOpenDataQuery(value)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadOpenDataQuery(value) from error


def _open_data_records(request, rows):
    # One reverse() for the whole export: the organisation's address differs only by slug.
    url_before, url_after = request.build_absolute_uri(
        reverse("signatories:organisation", kwargs={"slug": "-"})
    ).rsplit("/-/", 1)
    sectors, kinds = dict(Organisation.Sector.choices), dict(Organisation.Kind.choices)
    for row in selectors.directory_export_rows(rows):
        yield {
            "org_id": org_id_for(
                kind=row["organisation__kind"],
                charity_number=row["organisation__charity_number"],
                company_number=row["organisation__company_number"],
                register_code=row["organisation__register_code"],
            ),
            "organisation": row["organisation__name"],
            "sector": sectors.get(row["organisation__sector"], ""),
            "type": kinds.get(row["organisation__kind"], ""),
            "charity_number": row["organisation__charity_number"],
            "company_number": row["organisation__company_number"],
            "compact": row["compact__name"],
            "compact_version": row["version__label"],
            "status": row["status"],
            "signed_on": row["signed_on"].isoformat(),
            "approved_on": row["approved_on"].isoformat() if row["approved_on"] else "",
            "joined_on": _joined_on(row),
            "champions": row["champion_count"],
            "url": f"{url_before}/{row['organisation__slug']}/{url_after}",
        }


def _spreadsheet_safe(value):
    """Names typed by the public must not run as formulas when the CSV opens in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def _in_chunks(lines, lines_per_chunk=500):
    """Joins lines into larger pieces: one write per line costs more than the line."""
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == lines_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _csv_document(records):
    """The header at once (the first byte goes out while the query runs), then the rows."""
    yield ",".join(OPEN_DATA_COLUMNS) + "\r\n"
    writer = csv.DictWriter(_Echo(), fieldnames=OPEN_DATA_COLUMNS)
    yield from _in_chunks(
        writer.writerow({key: _spreadsheet_safe(value) for key, value in record.items()})
        for record in records
    )


def _json_document(records):
    """{"signatories": [...]} written record by record, so the whole list is never in memory."""
    yield '{"signatories": ['

    def lines():
        separator = "\n"
        for record in records:
            yield separator + json.dumps(record)
            separator = ",\n"

    yield from _in_chunks(lines())
    yield "\n]}\n"


_DOCUMENTS = {
    "csv": (_csv_document, "text/csv"),
    "json": (_json_document, "application/json"),
}


def _open_data(request, extension, slug=None):
    """The directory's rows as a streamed download: the whole country or one compact (`slug`),
    filtered like the page, and only what changed since a day when `changed_since` is given."""
    compact = get_object_or_404(Compact, slug=slug) if slug else None
    try:
        changed_since = _changed_since(request)
    except BadOpenDataQuery:
        return HttpResponseBadRequest(
            "changed_since must be a date written YYYY-MM-DD, for example 2026-03-03.\n",
            content_type="text/plain; charset=utf-8",
        )
    document, content_type = _DOCUMENTS[extension]
    rows = _directory_rows(request, compact, changed_since)
    response = StreamingHttpResponse(
        document(_open_data_records(request, rows)), content_type=content_type
    )
    name = f"{compact.slug}-signatories" if compact else "compact-signatories"
    if changed_since:
        name += f"-changed-since-{changed_since.isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def directory_csv(request, slug=None):
    return _open_data(request, "csv", slug)


def directory_json(request, slug=None):
    return _open_data(request, "json", slug)


def organisation_public(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("succeeded_by"), slug=slug)
    signatures = selectors.public_signatures(organisation=organisation)
    # Public bodies are public whatever they signed (funding records hang off their page);
    # a voluntary group appears only once it has signed.
    if not signatures and not organisation.is_statutory and not organisation.predecessors.exists():
        raise Http404("This organisation has not signed a compact")
    for signature in signatures:
        signature.show_contacts = permissions.can_view_champion_contacts(
            request.user, signature.compact
        )
    steers = steering_compact_ids(request.user)
    return render(
        request,
        "signatories/organisation_public.html",
        {
            "can_record_successor": any(s.compact_id in steers for s in signatures),
            "organisation": organisation,
            "signatures": signatures,
            "predecessors": organisation.predecessors.all(),
        },
    )


def verify(request, code=None):
    code = validators.tidy_certificate_code(code or request.GET.get("code", ""))
    signatory = None
    if code:
        # Each look-up answers whether a code exists: limited, so codes cannot be guessed.
        too_many = limit_or_429(request, "certificate_check")
        if too_many is not None:
            return too_many
        signatory = (
            Signatory.objects.select_related("organisation", "compact", "version")
            .filter(verification_code=code)
            .first()
        )
    return render(request, "signatories/verify.html", {"code": code, "signatory": signatory})
