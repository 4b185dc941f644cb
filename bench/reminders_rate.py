"""Reminders delivered per second by one worker, against no-op tasks per second on the
same worker: what the reminders cost beyond Celery itself. Not a test.

    .venv/bin/python bench/reminders_rate.py --deadlines 1500

Makes its own database (`--database`, dropped and made again), fills it as
bench/sweep.py does (`--deadlines` waiting applications, each due a reminder to two
steering-group administrators), starts redis-server on FAULT_REDIS_PORT (16303) and
the recording SMTP server, then times one worker (prefork, concurrency 1, production
settings but for the test cache):

- no-op:     `--noops` of Celery's own `celery.accumulate` (does nothing), queued
             before the worker starts, from its "ready" to an empty queue;
- reminders: one `reminders.tasks.sweep` queued before the worker starts, from its
             "ready" to the last reminder e-mail received by the SMTP server: the
             sweep records the reminders and queues their e-mails in the outbox, and
             the outbox's `deliver_many` tasks send them over SMTP.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cp_bench_rate"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deadlines", type=int, default=1500)
    parser.add_argument("--noops", type=int, default=3000)
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_RATE_DATABASE_URL", DEFAULT_DATABASE)
    )
    args = parser.parse_args()

    import redis

    from tests.faults import RedisProcess, WorkerProcess, wait_for
    from tests.smtp_server import RecordingSMTPServer

    workdir = Path(tempfile.mkdtemp(prefix="bench-rate-"))
    redis_server = RedisProcess(workdir).start()
    os.environ["DATABASE_URL"] = args.database
    import sweep as sweep_bench  # bench/sweep.py: its database and its data

    # sweep.py points Django at locmem mail and an in-memory broker; here the broker is real.
    os.environ.update(
        DATABASE_URL=args.database,
        DJANGO_SETTINGS_MODULE="compact_portal.settings_test",
        TEST_CELERY_BROKER_URL=redis_server.url,
        # Celery reads this one from the environment before any settings: the workers too.
        CELERY_BROKER_URL=redis_server.url,
        LOG_LEVEL="WARNING",
    )
    sweep_bench.recreate_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command

    from compact_portal.celery import app

    call_command("migrate", verbosity=0)
    sweep_bench.fill(args.deadlines, args.deadlines)
    broker = redis.Redis(port=redis_server.port)

    def drained() -> bool:
        return broker.llen("celery") == 0 and broker.hlen("unacked") == 0

    try:
        with RecordingSMTPServer() as mail_server:

            def worker(name):
                return WorkerProcess(
                    broker_url=redis_server.url,
                    database_url=args.database,
                    smtp_port=mail_server.port,
                    log=workdir / f"{name}.log",
                    name=name,
                )

            # No-op tasks: Celery's own cost per task on this machine.
            with app.connection_for_write() as connection:
                for _ in range(args.noops):
                    app.send_task("celery.accumulate", connection=connection)
            noop_worker = worker("noop")
            noop_worker.start()
            started = time.monotonic()
            assert wait_for(drained, seconds=600, step=0.02), "the no-op tasks did not drain"
            noop_seconds = time.monotonic() - started
            noop_worker.stop()

            # Reminders: the sweep, then the outbox's deliveries, to the SMTP server.
            expected = args.deadlines * 2
            with app.connection_for_write() as connection:
                app.send_task("reminders.tasks.sweep", connection=connection)
            reminder_worker = worker("reminders")
            reminder_worker.start()
            started = time.monotonic()
            assert wait_for(
                lambda: len(mail_server.received) >= expected, seconds=1200, step=0.02
            ), f"{len(mail_server.received)} of {expected} reminders arrived"
            reminder_seconds = time.monotonic() - started
            reminder_worker.stop()
            duplicates = len(mail_server.received) - len(
                {message["Message-ID"] for message in mail_server.received}
            )
    finally:
        redis_server.stop()

    noop_rate = args.noops / noop_seconds
    reminder_rate = expected / reminder_seconds
    print(f"no-op tasks: {args.noops:,} in {noop_seconds:.2f} s = {noop_rate:,.0f}/s")
    print(
        f"reminders:   {expected:,} in {reminder_seconds:.2f} s = {reminder_rate:,.0f}/s"
        f" (sweep, outbox, SMTP; {duplicates} sent twice)"
    )
    print(f"ratio:       {reminder_rate / noop_rate:.2f} of the no-op rate")


if __name__ == "__main__":
    main()
