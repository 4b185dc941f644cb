"""What tagging the PDFs for accessibility (PDF/UA-1) costs: the demo compact's PDF as the
portal makes it, against bare WeasyPrint on the same HTML with the same fetcher.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench \
        .venv/bin/python bench/compact_pdf.py --runs 7

It builds a throw-away test database (test_<name>), imports each demo compact, renders its
HTML once, then times the two ways in pairs (after one warm-up each): the median of each,
the median of the pairs' ratios, and the sizes of the two files.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings_test")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from weasyprint import HTML  # noqa: E402

from commitments import selectors  # noqa: E402
from commitments.models import Compact  # noqa: E402
from commitments.services import compact_import  # noqa: E402
from core import pdf  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "commitments" / "demo"


def bare(html: str) -> bytes:
    fetcher = pdf.StaticOnlyFetcher(allowed_protocols=["https"])
    return HTML(string=html, base_url=pdf.PDF_BASE_URL, url_fetcher=fetcher).write_pdf()


def tagged(html: str) -> bytes:
    fetcher = pdf.StaticOnlyFetcher(allowed_protocols=["https"])
    document = HTML(string=html, base_url=pdf.PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=pdf.PDF_VARIANT, finisher=pdf._scope_table_headers)


def timed(make, html: str) -> float:
    started = time.perf_counter()
    make(html)
    return time.perf_counter() - started


def main(runs: int) -> None:
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"{'compact':<12} {'way':<16} {'median s':>9} {'KiB':>7}")
        for path in sorted(DEMO.glob("*.yaml")):
            compact_import(text=path.read_text())
            compact = Compact.objects.get(slug=path.stem)
            version = selectors.version_with_text(selectors.published_version(compact).pk)
            html = render_to_string(
                "commitments/compact_pdf.html", {"compact": compact, "version": version}
            )
            sizes = {"bare": len(bare(html)), "tagged": len(tagged(html))}
            # Taken in pairs, so that a busy moment on a shared machine slows both ways.
            pairs = [(timed(bare, html), timed(tagged, html)) for _ in range(runs)]
            for index, name, key in ((0, "bare WeasyPrint", "bare"), (1, "portal", "tagged")):
                seconds = statistics.median(pair[index] for pair in pairs)
                print(f"{path.stem:<12} {name:<16} {seconds:>9.3f} {sizes[key] / 1024:>7.0f}")
            ratio = statistics.median(tagged_s / bare_s for bare_s, tagged_s in pairs)
            print(f"{path.stem:<12} {'portal / bare':<16} {ratio:>9.2f}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    main(parser.parse_args().runs)
