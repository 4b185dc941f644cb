"""The public pages under load: the portal served by granian with production settings.

    createdb -U postgres -T cp_scale_bench cp_bench_copy      # a national data set (national.py)
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench_copy
    .venv/bin/python bench/load.py --requests 100 --redis-url redis://127.0.0.1:6379/<yours>

Starts granian (DEBUG off, a throwaway SECRET_KEY, e-mail to a port nobody listens on, the
cache in Redis) on 127.0.0.1, then times each public page of bench/public_pages.py and a
static file served by whitenoise in the same run, with threads each keeping one HTTP
connection open. For each page it prints p50, p95, requests per second and the p50 as a
ratio to the static file's: warm (the page cache filled) at each `--concurrency`, and cold
(the Redis database emptied before every request, as after a change) one request at a time.
The server's own log goes to var/bench-load.log.
The Redis database named is emptied: give one that is yours alone.
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(os.environ.get("PORTAL_DIR", str(Path(__file__).resolve().parents[1])))
STATIC_FILE = "/static/portal.css"


def production_environment(redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),  # thrown away with the run
        "EMAIL_URL": "smtp://127.0.0.1:9",  # the discard port: nothing on a public page sends
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": "memory://",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }


def public_pages(environment: dict[str, str]) -> list[tuple[str, str]]:
    """The pages of bench/public_pages.py, found in the data set by a child process (so this
    one stays free of Django and its connections)."""
    script = (
        "import sys; sys.path.insert(0, 'bench'); from public_pages import pages; "
        "[print(name + '\\t' + url) for name, url in pages()]"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT, env=environment, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return [tuple(line.split("\t", 1)) for line in out.splitlines() if "\t" in line]


def start_server(environment: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    python = Path(sys.executable)
    (ROOT / "var").mkdir(exist_ok=True)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=environment, check=True,
    )  # fmt: skip
    log = open(ROOT / "var" / "bench-load.log", "w")  # noqa: SIM115 (open while it runs)
    server = subprocess.Popen(
        [python.parent / "granian", "--interface", "wsgi", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), "--blocking-threads", "4",
         "--log-level", "warning", "compact_portal.wsgi:application"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(100):
        try:
            if _get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), STATIC_FILE)[0]:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("granian did not answer")


def _get(connection: http.client.HTTPConnection, url: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection.request("GET", url)
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def load(port: int, url: str, requests: int, concurrency: int, before_each=None) -> dict:
    """`requests` GETs of `url` shared among `concurrency` threads, each on its own connection."""
    times, statuses, lock = [], set(), threading.Lock()
    remaining = iter(range(requests))

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if next(remaining, None) is None:
                    break
            if before_each:
                before_each()
            status, seconds = _get(connection, url)
            with lock:
                times.append(seconds)
                statuses.add(status)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    times.sort()
    return {
        "p50": statistics.median(times) * 1000,
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000,
        "rps": len(times) / elapsed,
        "statuses": statuses,
    }


def _flush(redis_url: str):
    """Empties the bench's Redis database with a raw FLUSHDB (no client library needed)."""
    parts = urlsplit(redis_url)
    database = (parts.path or "/0").lstrip("/") or "0"

    def flush():
        import socket

        with socket.create_connection((parts.hostname, parts.port or 6379)) as sock:
            sock.sendall(f"*2\r\n$6\r\nSELECT\r\n${len(database)}\r\n{database}\r\n".encode())
            sock.sendall(b"*1\r\n$7\r\nFLUSHDB\r\n")
            received = b""
            while received.count(b"\r\n") < 2:
                received += sock.recv(64)

    return flush


def row(name: str, result: dict, static_p50: float) -> str:
    bad = sorted(s for s in result["statuses"] if s != 200)
    return (
        f"| {name} | {result['p50']:.1f} | {result['p95']:.1f} | {result['rps']:.0f} "
        f"| {result['p50'] / static_p50:.0f}× |{' HTTP ' + str(bad) if bad else ''}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="per page and concurrency")
    parser.add_argument("--cold-requests", type=int, default=20, help="0 leaves cold out")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", ""))
    args = parser.parse_args()
    if not args.redis_url or not os.environ.get("DATABASE_URL"):
        raise SystemExit("Give DATABASE_URL (a national data set) and --redis-url (yours alone).")
    environment = production_environment(args.redis_url)
    pages = public_pages(environment)
    flush = _flush(args.redis_url)
    flush()
    server = start_server(environment, args.port, args.workers)
    try:
        for concurrency in args.concurrency:
            static = load(args.port, STATIC_FILE, args.requests, concurrency)
            print(f"\n### Warm, concurrency {concurrency}\n")
            print("| page | p50 ms | p95 ms | req/s | p50 × static |\n|---|---|---|---|---|")
            print(row("static file (whitenoise)", static, static["p50"]))
            for name, url in pages:
                load(args.port, url, 2, 1)  # fills the page cache
                print(row(name, load(args.port, url, args.requests, concurrency), static["p50"]))
        if args.cold_requests:
            static = load(args.port, STATIC_FILE, args.cold_requests, 1, before_each=flush)
            print("\n### Cold (cache emptied before every request), concurrency 1\n")
            print("| page | p50 ms | p95 ms | req/s | p50 × static |\n|---|---|---|---|---|")
            print(row("static file (whitenoise)", static, static["p50"]))
            for name, url in pages:
                result = load(args.port, url, args.cold_requests, 1, before_each=flush)
                print(row(name, result, static["p50"]))
    finally:
        server.terminate()
        server.wait(timeout=30)
        flush()


if __name__ == "__main__":
    main()
