"""How long the annual report, its PDF and the collated plans take, and how many queries,
for a compact with many signatories.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench \
        .venv/bin/python bench/reviews_report.py 500 5000

It builds a throw-away test database (test_<name>), fills one compact per size given
(signatories spread over two years, a plan for every other one, a quarter of each
plan's lines marked "need help"), measures each page through the Django test client
(one warm-up, then the median of three), and drops the database again.
"""

import datetime
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402


def build(size: int):
    from reviews.models import ActionPlan, ActionPlanEntry, ActionPlanItem
    from signatories.models import Organisation, Signatory
    from tests.factories import OrganisationFactory, SignatoryFactory, SteeringGroupMemberFactory
    from tests.reviews.factories import compact_with_template

    compact = compact_with_template(name=f"Bench Compact {size}")
    version = compact.versions.first()
    organisations = Organisation.objects.bulk_create(
        [
            OrganisationFactory.build(
                name=f"Bench {size} org {i}",
                slug=f"bench-{size}-{i}",
                sector="statutory" if i % 10 == 0 else "vcs",
            )
            for i in range(size)
        ]
    )
    Signatory.objects.bulk_create(
        [
            SignatoryFactory.build(
                compact=compact,
                organisation=o,
                version=version,
                signed_on=datetime.date(2025 + i % 2, 1 + i % 12, 1 + i % 28),
            )
            for i, o in enumerate(organisations)
        ]
    )
    plans = ActionPlan.objects.bulk_create(
        [ActionPlan(compact=compact, organisation=o, year=2026) for o in organisations[::2]]
    )
    items = list(ActionPlanItem.objects.filter(theme__compact=compact))
    statuses = ["already_do", "do_better", "need_help", ""]
    ActionPlanEntry.objects.bulk_create(
        [
            ActionPlanEntry(plan=p, item=item, status=statuses[(i + j) % 4])
            for i, p in enumerate(plans)
            for j, item in enumerate(items)
        ],
        batch_size=5000,
    )
    return compact, SteeringGroupMemberFactory(compact=compact).user


def measure(client, url, runs=3):
    """Median time of `runs` requests after one warm-up, then queries and peak Python
    memory in a separate traced request (tracing slows Python down, so it is not timed)."""
    client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    tracemalloc.start()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(timings), len(captured), peak


def main(sizes):
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"{'signatories':>11}  {'page':<22} {'median s':>9} {'queries':>8} {'peak MiB':>9}")
        for size in sizes:
            compact, steering = build(size)
            client = Client()
            client.force_login(steering)
            pages = {
                "annual report (HTML)": f"/reviews/{compact.slug}/report/2026/",
                "annual report (PDF)": f"/reviews/{compact.slug}/report/2026/report.pdf",
                "CSV, plan needs": f"/reviews/{compact.slug}/report/2026/action-plan-needs.csv",
                "collated plans": f"/reviews/{compact.slug}/plans/2026/",
                "self-assessment": f"/reviews/{compact.slug}/self-assessment/2026/",
            }
            for name, url in pages.items():
                seconds, queries, peak = measure(client, url)
                print(f"{size:>11}  {name:<22} {seconds:>9.3f} {queries:>8} {peak / 2**20:>9.1f}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [500])
