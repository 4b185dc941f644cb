"""Benchmark one reminders sweep over many open deadlines, few of them due.

Fills its own PostgreSQL database with `--open` open deadlines of which `--due`
are due now (1% by default), runs one sweep, and prints the sweep's time, the
queries it issued and its peak memory, with the plan PostgreSQL uses to find
the due rows. The database is dropped and made again each run. No e-mail leaves
the machine: mail goes to Django's locmem backend and tasks to an in-memory
broker. Not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench \\
        .venv/bin/python bench/sweep.py --open 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench \\
        .venv/bin/python bench/sweep.py --open 100000
"""

import argparse
import datetime
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cp_bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "compact_portal.settings"
# DEBUG off: with it on, Django keeps the text of every query in memory.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ["EMAIL_URL"] = "locmem://"
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("LOG_LEVEL", "WARNING")


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template1"):
        raise SystemExit("Give the benchmark a database of its own, e.g. .../cp_bench")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def fill(open_count: int, due_count: int) -> None:
    """A compact, `due_count` waiting applications with due deadlines, the rest not due."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from commitments.models import Compact, CompactVersion, SteeringGroupMember
    from reminders.models import Kind
    from signatories.models import Organisation, Signatory

    compact = Compact.objects.create(name="Bench Compact", slug="bench", area="Bench")
    version = CompactVersion.objects.create(
        compact=compact,
        number=1,
        label="2026",
        adopted_on=datetime.date(2026, 1, 1),
        status="published",
        minimum_notice_months=3,
    )
    for n in range(2):
        user = User.objects.create(email=f"steering{n}@bench.example", full_name=f"Steering {n}")
        SteeringGroupMember.objects.create(compact=compact, user=user, role="administrator")

    now = timezone.now()
    today = timezone.localdate(now)
    waiting_since = today - datetime.timedelta(days=20)
    # The source objects of the due deadlines, through the ORM so their app's defaults apply.
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Group {n}",
            slug=f"group-{n}",
            sector="vcs",
            kind="community_group",
            email=f"group{n}@bench.example",
        )
        for n in range(due_count)
    )
    signatories = Signatory.objects.bulk_create(
        Signatory(
            organisation=organisation,
            compact=compact,
            version=version,
            status=Signatory.Status.PENDING,
            signed_by_name="A Person",
            signed_by_role="Chair",
            has_read_and_discussed=True,
            will_appoint_champion=True,
            will_promote=True,
            signed_on=waiting_since,
        )
        for organisation in organisations
    )
    signatory_ids = [signatory.pk for signatory in signatories]
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor() as pg:
            content_type = ContentType.objects.get_for_model(Signatory).pk
            offsets = json.dumps([-14, -28])
            from reminders.services import remind_moment

            due_moment = remind_moment(waiting_since, -14)
            with pg.copy(
                "COPY reminders_deadline (kind, content_type_id, object_id, key, compact_id,"
                " title, url, due_on, offsets, next_remind_at, created_at, updated_at)"
                " FROM STDIN"
            ) as copy:
                for n in range(open_count):
                    if n < due_count:
                        object_id, due_on, next_at = signatory_ids[n], waiting_since, due_moment
                    else:
                        # Not due: spread over the coming year, objects the sweep never reads.
                        object_id = 10**9 + n
                        due_on = today + datetime.timedelta(days=1 + n % 365)
                        next_at = remind_moment(due_on, -14)
                    copy.write_row(
                        (
                            Kind.APPLICATION_WAITING,
                            content_type,
                            object_id,
                            "",
                            compact.pk,
                            f"Group {n}",
                            "/compacts/bench/",
                            due_on,
                            offsets,
                            next_at,
                            now,
                            now,
                        )
                    )
        cursor.execute("VACUUM ANALYZE")


def explain_due_query(now) -> str:
    from django.db import transaction

    from reminders.models import Deadline

    with transaction.atomic():
        return (
            Deadline.objects.select_for_update(skip_locked=True)
            .filter(next_remind_at__lte=now)
            .order_by("next_remind_at", "id")[:500]
            .explain(analyze=True)
        )


def run_sweep(now, *, measure_memory: bool):
    from django.db import connection

    from reminders.services import reminders_sweep
    from reminders.sources import refresh_changed

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        # What the beat's task does: catch up with changes (none here), then sweep.
        refresh_changed(now=now)
        result = reminders_sweep(now=now)
    elapsed = time.perf_counter() - started
    peak = None
    if measure_memory:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, elapsed, queries, peak


def reset_sweep(due_count: int) -> None:
    """Put the due deadlines back as they were, for the second (memory-traced) run."""
    from django.db import connection

    from reminders.models import Reminder

    Reminder.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reminders_deadline SET reminded_through = NULL, closed_at = NULL,"
            " next_remind_at = (due_on + 14) + time '08:00' AT TIME ZONE 'Europe/London'"
            " WHERE reminded_through IS NOT NULL"
        )
        cursor.execute("VACUUM ANALYZE reminders_deadline")
        cursor.execute("VACUUM ANALYZE reminders_reminder")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=1_000_000, help="open deadlines stored")
    parser.add_argument("--repeat", type=int, default=3, help="sweeps to time (median shown)")
    parser.add_argument("--due", type=int, default=None, help="how many are due (default 1%%)")
    args = parser.parse_args()
    due_count = args.due if args.due is not None else args.open // 100

    recreate_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(args.open, due_count)
    print(
        f"Filled {args.open:,} open deadlines, {due_count:,} due, "
        f"in {time.perf_counter() - started:.1f}s"
    )

    now = timezone.now()
    print("\nPlan for one batch of due deadlines:")
    print(explain_due_query(now))

    timings = []
    for run in range(args.repeat):
        if run:
            reset_sweep(due_count)
        result, elapsed, queries, _ = run_sweep(now, measure_memory=False)
        timings.append(elapsed)
        print(
            f"Sweep {run + 1}: {elapsed:.2f}s, {queries} queries, {result.deadlines:,} deadlines,"
            f" {result.reminders:,} reminders recorded and enqueued"
        )
    print(f"Median sweep time over {args.repeat} runs: {statistics.median(timings):.2f}s")

    reset_sweep(due_count)
    result, traced_elapsed, _, peak = run_sweep(now, measure_memory=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"Same sweep again under tracemalloc: peak Python memory {peak / 2**20:.1f} MiB"
        f" ({traced_elapsed:.2f}s traced); process max RSS {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
