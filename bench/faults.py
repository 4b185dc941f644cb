"""The outbox's faults at scale: thousands of e-mails through real Celery workers, a
Redis of the bench's own, PostgreSQL and the recording SMTP server, with one fault
each run. Prints, per fault: expected, delivered, duplicated, lost, late (arrived
more than one sweep interval after the fault cleared, beyond the time a run without
a fault takes to drain), and the worst wait after the fault cleared. Not a test.

    .venv/bin/python bench/faults.py --messages 3000 --sweep-seconds 20

It makes its own database (`--database`, dropped and made again), starts redis-server
on FAULT_REDIS_PORT (16303) and two workers (concurrency 1 each), and plays beat
itself: `outbox.tasks.sweep` every sweep interval (`OUTBOX_SWEEP_SECONDS`, which also
sets the lease of a row being sent). The faults:

- kill:     SIGKILL to one worker mid-batch; a new one starts two seconds later, as
            the supervisor (scripts/supervise.sh, compose's `restart:`) would;
- redis:    Redis restarted, empty, while every e-mail waits for a retry (its time is
            in the database) and the workers hold unacknowledged messages;
- postgres: every worker's database connection terminated mid-batch;
- smtp:     the mail server down for ten seconds mid-batch.
"""

import argparse
import datetime
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cp_bench_faults"


class Run:
    """One fault's run: the e-mails queued, what the server received and when."""

    def __init__(self, args, redis_server, database_url, workdir):
        self.args = args
        self.redis = redis_server
        self.database_url = database_url
        self.workdir = workdir
        self.arrivals: list[tuple[str, float]] = []
        self.lock = threading.Lock()
        self.workers = []
        self.mail_server = None
        self.port = None
        self.beating = threading.Event()
        self.expected: set[str] = set()

    # -- the parts ------------------------------------------------------------------

    def start_mail_server(self):
        from tests.smtp_server import RecordingSMTPServer

        self.mail_server = RecordingSMTPServer(self.port or 0)
        self.port = self.mail_server.port
        self.mail_server.on_data = self._arrived
        self.mail_server.__enter__()

    def stop_mail_server(self):
        self.mail_server.__exit__(None, None, None)

    def _arrived(self, message):
        with self.lock:
            self.arrivals.append((message["Message-ID"], time.time()))

    def start_worker(self, name):
        from tests.faults import WorkerProcess

        worker = WorkerProcess(
            broker_url=self.redis.url,
            database_url=self.database_url,
            smtp_port=self.port,
            log=self.workdir / f"{name}.log",
            name=name,
        ).start()
        self.workers.append(worker)
        return worker

    def beat(self):
        """What celery beat does for the outbox: a sweep every interval."""
        from core.queue import enqueue

        while self.beating.is_set():
            enqueue("outbox.tasks.sweep", [[]])
            time.sleep(self.args.sweep_seconds)

    # -- measuring ------------------------------------------------------------------

    def delivered_ids(self) -> set[str]:
        with self.lock:
            return {message_id for message_id, _ in self.arrivals}

    def wait_delivered(self, count, seconds) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.delivered_ids() & self.expected) >= count:
                return True
            time.sleep(0.2)
        return False


def queue_messages(count: int, *, retrying: bool) -> dict[int, float]:
    """`count` e-mails in the outbox; returns message pk -> when it is due (epoch)."""
    from django.utils import timezone

    from outbox.models import Message

    now = timezone.now()
    due = now + datetime.timedelta(seconds=5) if retrying else now
    rows = [
        Message(
            template="bench_fault",
            to=[f"person{n}@bench.example"],
            subject=f"Bench {n}",
            text="Delivered once, whatever happens.",
            next_attempt_at=due,
            attempts=1 if retrying else 0,
            last_error="451 Try again later" if retrying else "",
        )
        for n in range(count)
    ]
    created = Message.objects.bulk_create(rows, batch_size=1000)
    return {message.pk: due.timestamp() for message in created}


def run_fault(fault: str, args, redis_server, database_url, workdir) -> dict:
    from django.db import connection

    from core.queue import enqueue
    from outbox.models import Message
    from tests.faults import terminate_backend

    Message.objects.all().delete()
    run = Run(args, redis_server, database_url, workdir / fault)
    run.workdir.mkdir(parents=True, exist_ok=True)
    run.start_mail_server()
    workers = [run.start_worker(f"{fault}-a"), run.start_worker(f"{fault}-b")]

    retrying = fault == "redis"
    due = queue_messages(args.messages, retrying=retrying)
    ids = {m.pk: m.message_id for m in Message.objects.filter(pk__in=due)}
    run.expected = set(ids.values())
    due_by_id = {ids[pk]: moment for pk, moment in due.items()}
    started = time.time()
    if not retrying:
        # What emails_queue hands the broker after commit: a task per hundred.
        pks = sorted(due)
        enqueue("outbox.tasks.deliver_many", [[pks[i : i + 100]] for i in range(0, len(pks), 100)])
    run.beating.set()
    beat = threading.Thread(target=run.beat, daemon=True)
    beat.start()

    third = args.messages // 3
    if fault == "redis":
        # The workers hold unacknowledged messages, as countdown retries once made them.
        from compact_portal.celery import app

        for _ in range(4):
            app.send_task("outbox.tasks.sweep", countdown=120)
        time.sleep(2)
        redis_server.restart(down_for=2)
    else:
        run.wait_delivered(third, seconds=120)
        if fault == "kill":
            workers[0].kill()
            time.sleep(2)  # the supervisor's pause
            run.start_worker(f"{fault}-c")
        elif fault == "postgres":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid()"
                )
                for (pid,) in cursor.fetchall():
                    terminate_backend(connection.settings_dict, pid)
        elif fault == "smtp":
            run.stop_mail_server()
            time.sleep(10)
            run.start_mail_server()
    cleared = time.time()

    run.wait_delivered(len(run.expected), seconds=args.sweep_seconds * 6 + 180)
    time.sleep(args.sweep_seconds + 5)  # anything sent twice arrives by now
    run.beating.clear()
    alive = sum(worker.alive for worker in run.workers)
    exits = sum("Unrecoverable error" in worker.output() for worker in run.workers)
    for worker in run.workers:
        worker.stop()
    run.stop_mail_server()

    first: dict[str, float] = {}
    counts: dict[str, int] = {}
    for message_id, moment in run.arrivals:
        counts[message_id] = counts.get(message_id, 0) + 1
        first.setdefault(message_id, moment)
    waits = [first[mid] - max(due_by_id[mid], cleared) for mid in run.expected if mid in first]
    return {
        "fault": fault,
        "expected": len(run.expected),
        "delivered": len(run.expected & first.keys()),
        "duplicated": sum(n - 1 for mid, n in counts.items() if mid in run.expected),
        "lost": len(run.expected - first.keys()),
        "late": sum(wait > args.sweep_seconds + args.drain_seconds for wait in waits),
        "worst_wait_s": max(waits, default=0.0),
        "all_s": (max(first.values(), default=started) - started),
        "workers_alive": f"{alive}/{len(run.workers)}",
        "worker_exits": exits,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--sweep-seconds", type=int, default=20)
    parser.add_argument(
        "--drain-seconds",
        type=float,
        default=15.0,
        help="what the workers need to send what is left without a fault; not counted late",
    )
    parser.add_argument("--faults", default="kill,redis,postgres,smtp")
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_FAULTS_DATABASE_URL", DEFAULT_DATABASE)
    )
    args = parser.parse_args()

    from tests.faults import RedisProcess

    workdir = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    redis_server = RedisProcess(workdir).start()
    os.environ["DATABASE_URL"] = args.database
    from sweep import recreate_database  # bench/sweep.py, which sets its own environment

    os.environ.update(
        DATABASE_URL=args.database,
        DJANGO_SETTINGS_MODULE="compact_portal.settings_test",
        TEST_CELERY_BROKER_URL=redis_server.url,
        # Celery reads this one from the environment before any settings: the workers too.
        CELERY_BROKER_URL=redis_server.url,
        OUTBOX_SWEEP_SECONDS=str(args.sweep_seconds),
        LOG_LEVEL="ERROR",
    )
    recreate_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    print(f"{args.messages:,} e-mails per fault, sweep every {args.sweep_seconds} s, two workers")
    header = "fault     expected delivered duplicated lost late worst-wait all-sent workers exits"
    print(header)
    try:
        for fault in args.faults.split(","):
            row = run_fault(fault, args, redis_server, args.database, workdir)
            print(
                f"{row['fault']:<9} {row['expected']:>8,} {row['delivered']:>9,}"
                f" {row['duplicated']:>10} {row['lost']:>4} {row['late']:>4}"
                f" {row['worst_wait_s']:>9.1f}s {row['all_s']:>7.1f}s"
                f" {row['workers_alive']:>7} {row['worker_exits']:>5}",
                flush=True,
            )
    finally:
        redis_server.stop()


if __name__ == "__main__":
    main()
