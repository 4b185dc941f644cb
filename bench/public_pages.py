"""How long the public pages take on a national data set: rendered (cold) and from the cache (warm).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench   # filled by national.py
    .venv/bin/python bench/public_pages.py --runs 5
    .venv/bin/python bench/public_pages.py --explain   # the plan of each page's slowest query

Production settings (DEBUG off) through Django's test client, as bench/directory.py does,
with each page's p50 also given as a ratio to a static file timed alongside. "Cold" empties
the cache before every request, so the page is rendered from the database as after a change;
"warm" is the next anonymous visitor's request. `PORTAL_DIR=/path/to/checkout` measures
another checkout's code (main, for the figures before a change) on the same database.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, os.environ.get("PORTAL_DIR", str(Path(__file__).resolve().parents[1])))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from directory import STATIC_FILE, _seconds, explain_slowest  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def pages() -> list[tuple[str, str]]:
    from accountability.models import Consultation
    from commitments.models import Compact
    from signatories.models import Organisation, Signatory

    largest = Compact.objects.annotate(n=Count("signatories")).order_by("-n", "id").first()
    body = (
        Organisation.objects.filter(sector="statutory")
        .annotate(n=Count("funding_changes_made"))
        .order_by("-n", "id")
        .first()
    )
    signature = Signatory.objects.filter(status="active").select_related("organisation").first()
    year = Consultation.objects.order_by("-closes_on").values_list("closes_on", flat=True)[0].year
    return [
        ("home", "/"),
        ("compact list", "/compacts/"),
        ("largest compact's page", f"/compacts/{largest.slug}/"),
        ("directory page 1", "/directory/"),
        ("directory page 200", "/directory/?page=200"),
        ("directory search ?q=trust", "/directory/?q=trust"),
        ("directory search ?q=youth", "/directory/?q=youth"),
        ("largest compact's directory", f"/directory/compacts/{largest.slug}/"),
        ("organisation page", f"/directory/organisations/{signature.organisation.slug}/"),
        ("body record (most changes)", f"/accountability/bodies/{body.slug}/"),
        ("compact record (largest)", f"/accountability/compacts/{largest.slug}/"),
        ("consultations, page 1", "/accountability/consultations/"),
        (
            "consultations, closed, page 20",
            "/accountability/consultations/?stage=with_feedback&page=20",
        ),
        (f"annual report {year - 1} (largest)", f"/reviews/{largest.slug}/report/{year - 1}/"),
        (f"annual report {year} (largest)", f"/reviews/{largest.slug}/report/{year}/"),
        ("certificate check", f"/certificates/{signature.verification_code}/"),
    ]


def measure(client: Client, runs: int, explain: bool) -> None:
    static = statistics.median(_seconds(client, STATIC_FILE) for _ in range(runs)) * 1000
    print(
        f"{'page':40} {'cold ms':>8} {'× static':>9} {'queries':>8} {'warm ms':>8} {'× static':>9}"
    )
    print(f"{'static file (whitenoise)':40} {static:8.2f}")
    for name, url in pages():
        _seconds(client, url)
        cold, warm = [], []
        for _ in range(runs):
            cache.clear()
            static_time = _seconds(client, STATIC_FILE)
            cold.append((static_time, _seconds(client, url)))
            static_time = _seconds(client, STATIC_FILE)
            warm.append((static_time, _seconds(client, url)))
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)

        def p50(pairs):
            return (
                statistics.median(page for _, page in pairs) * 1000,
                statistics.median(page / static for static, page in pairs),
            )

        (cold_ms, cold_ratio), (warm_ms, warm_ratio) = p50(cold), p50(warm)
        print(
            f"{name:40} {cold_ms:8.1f} {cold_ratio:9.0f} {len(queries):8}"
            f" {warm_ms:8.1f} {warm_ratio:9.0f}"
        )
        if explain:
            cache.clear()
            explain_slowest(client, url)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)
    measure(Client(), args.runs, args.explain)


if __name__ == "__main__":
    main()
