"""Public pages: the directory, its open data, organisation pages, certificate checks."""

import csv
import json

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from commitments.models import Compact
from commitments.permissions import steering_compact_ids

from .. import permissions, selectors
from ..models import Organisation, Signatory

# Public pages ------------------------------------------------------------------------------


def _directory_rows(request, compact=None):
    params = request.GET
    return selectors.directory(
        search=params.get("q", "").strip(),
        compact=compact or Compact.objects.filter(slug=params.get("compact", "")).first(),
        sector=params.get("sector", "")
        if params.get("sector") in Organisation.Sector.values
        else "",
        kind=params.get("kind", "") if params.get("kind") in Organisation.Kind.values else "",
        status=params.get("status", "active"),
        sort=params.get("sort", "name"),
    )


def directory(request, slug=None):
    compact = get_object_or_404(Compact, slug=slug) if slug else None
    page = Paginator(_directory_rows(request, compact), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "signatories/directory.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "directory_compact": compact,
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
    "champions",
    "url",
]


def _open_data_records(request):
    for row in _directory_rows(request).iterator(chunk_size=500):
        organisation = row.organisation
        yield {
            "org_id": organisation.org_id,
            "organisation": organisation.name,
            "sector": organisation.get_sector_display(),
            "type": organisation.get_kind_display(),
            "charity_number": organisation.charity_number,
            "company_number": organisation.company_number,
            "compact": row.compact.name,
            "compact_version": row.version.label,
            "status": row.status,
            "signed_on": row.signed_on.isoformat(),
            "approved_on": row.approved_on.isoformat() if row.approved_on else "",
            "champions": row.champion_count,
            "url": request.build_absolute_uri(organisation.get_absolute_url()),
        }


def _spreadsheet_safe(value):
    """Names typed by the public must not run as formulas when the CSV opens in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def directory_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=OPEN_DATA_COLUMNS)
    rows = (
        writer.writerow({key: _spreadsheet_safe(value) for key, value in record.items()})
        for record in _open_data_records(request)
    )
    header = ",".join(OPEN_DATA_COLUMNS) + "\r\n"
    response = StreamingHttpResponse(
        (line for part in ([header], rows) for line in part), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="compact-signatories.csv"'
    return response


def directory_json(request):
    records = list(_open_data_records(request))
    response = HttpResponse(
        json.dumps({"signatories": records}, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="compact-signatories.json"'
    return response


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
    code = (code or request.GET.get("code", "")).strip().upper()
    signatory = None
    if code:
        signatory = (
            Signatory.objects.select_related("organisation", "compact", "version")
            .filter(verification_code=code)
            .first()
        )
    return render(request, "signatories/verify.html", {"code": code, "signatory": signatory})
