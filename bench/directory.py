"""How long the public directory, its search and its open data take on a national data set.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench   # filled by national.py
    .venv/bin/python bench/directory.py            # p50 and queries of each page
    .venv/bin/python bench/directory.py --explain  # and the plan of each page's slowest query
    .venv/bin/python bench/directory.py --exports  # the whole country's CSV and JSON

Pages go through Django's test client with the production settings (DEBUG off), one
warm-up then `--runs` timed requests; a static file served by whitenoise through the same
client is timed alongside, so each page is also given as a ratio to it. Exports are timed
to the first byte, the first row and the last, with the process's peak memory before and after.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("PORTAL_DIR", str(Path(__file__).resolve().parents[1])))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("EMAIL_URL", "locmem://")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

STATIC_FILE = "/static/portal.css"


def pages() -> list[tuple[str, str]]:
    from commitments.models import Compact
    from signatories.models import Signatory
    from signatories.selectors import directory

    largest = (
        Compact.objects.filter(signatories__status="active")
        .annotate(n=django.db.models.Count("signatories"))
        .order_by("-n")
        .first()
    )
    last_page = max(1, -(-directory().count() // 50))
    return [
        ("directory page 1", "/directory/"),
        ("directory page 200", "/directory/?page=200"),
        (f"directory last page ({last_page})", f"/directory/?page={last_page}"),
        ("directory newest first, page 100", "/directory/?sort=-signed_on&page=100"),
        ("directory search ?q=youth", "/directory/?q=youth"),
        ("directory search, page 20", "/directory/?q=youth&page=20"),
        ("directory charity number", "/directory/?q=200123"),
        ("directory any status, statutory", "/directory/?status=all&sector=statutory"),
        (
            f"one compact ({Signatory.objects.filter(compact=largest).count()} signatures)",
            f"/directory/compacts/{largest.slug}/",
        ),
        ("one compact, last page", f"/directory/compacts/{largest.slug}/?page=last"),
    ]


def _seconds(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return time.perf_counter() - started


def timed(client: Client, url: str, runs: int) -> tuple[float, float]:
    """p50 of `url` in ms, and the median ratio to the static file timed just before each
    run (pairs, so a machine that slows down for a while slows both)."""
    _seconds(client, url)
    pairs = [(_seconds(client, STATIC_FILE), _seconds(client, url)) for _ in range(runs)]
    return (
        statistics.median(page for _, page in pairs) * 1000,
        statistics.median(page / static for static, page in pairs),
    )


def explain_slowest(client: Client, url: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        print("    " + "\n    ".join(row[0] for row in cursor.fetchall()))


def measure_pages(client: Client, runs: int, explain: bool) -> None:
    static = statistics.median(_seconds(client, STATIC_FILE) for _ in range(runs)) * 1000
    print(f"{'page':42} {'p50 ms':>8} {'× static':>9} {'queries':>8}")
    print(f"{'static file (whitenoise)':42} {static:8.2f} {1:9.0f}")
    for name, url in pages():
        p50, ratio = timed(client, url, runs)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"{name:42} {p50:8.1f} {ratio:9.0f} {len(queries):8}")
        if explain:
            explain_slowest(client, url)


def measure_exports(client: Client) -> None:
    def peak_mib() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    client.get("/accessibility/")  # the first request of a process loads the whole portal
    for url in ("/directory/signatories.csv", "/directory/signatories.json"):
        before = peak_mib()
        started = time.perf_counter()
        response = client.get(url)
        chunks = (
            iter(response.streaming_content) if response.streaming else iter([response.content])
        )
        size = len(next(chunks))  # the header, or the whole file when not streamed
        first_byte = time.perf_counter() - started
        if response.streaming:
            size += len(next(chunks, b""))  # the first rows
        first_row = time.perf_counter() - started
        size += sum(len(chunk) for chunk in chunks)
        total = time.perf_counter() - started
        print(
            f"{url:28} first byte {first_byte * 1000:5.0f} ms, first row {first_row * 1000:5.0f}"
            f" ms, all {total:5.1f} s, {size / 2**20:5.1f} MiB;"
            f" peak memory {before:4.0f} → {peak_mib():4.0f} MiB"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--exports", action="store_true")
    args = parser.parse_args()
    # Production settings render {% static %} from the manifest: collect once (gitignored).
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    if args.exports:
        measure_exports(client)
    else:
        measure_pages(client, args.runs, args.explain)


if __name__ == "__main__":
    main()
