"""What a fault test (and bench/faults.py) starts, stops and kills: its own Redis, never
the shared one, and Celery workers running the portal's code against the test database."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[1]
# Each engineer's fault Redis listens on a port of its own (16300 + their number).
FAULT_REDIS_PORT = int(os.environ.get("FAULT_REDIS_PORT", "16303"))


def wait_for(condition, seconds: float = 30, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


class RedisProcess:
    """A redis-server of the test's own, without persistence: a restart forgets everything,
    the worst a broker can do."""

    def __init__(self, directory: Path, port: int = FAULT_REDIS_PORT):
        self.directory = directory
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisProcess":
        executable = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        if not wait_for(lambda: self._pings(client), seconds=10):
            raise RuntimeError(f"redis-server did not start on port {self.port}")
        return self

    @staticmethod
    def _pings(client) -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self, down_for: float = 1.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()


class WorkerProcess:
    """`celery worker` for the portal, in its own process group, on the given broker,
    database and mail server (settings_test, as the suite runs)."""

    def __init__(self, *, broker_url: str, database_url: str, smtp_port: int, log: Path,
                 concurrency: int = 1, name: str = "fault"):  # fmt: skip
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "compact_portal.settings_test",
            "TEST_CELERY_BROKER_URL": broker_url,
            "DATABASE_URL": database_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        }
        self.command = [
            str(ROOT / ".venv" / "bin" / "celery"), "-A", "compact_portal", "worker",
            "--loglevel=INFO", f"--concurrency={concurrency}", "-n", f"{name}@%h",
            "--without-mingle", "--without-gossip",
        ]  # fmt: skip
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        self.started_at = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
                self.command, cwd=ROOT, env=self.environment, stdout=output,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        if not wait_for(lambda: " ready." in self.output() or not self.alive, seconds=60):
            raise RuntimeError("the worker did not start:\n" + self.output())
        if not self.alive:
            raise RuntimeError("the worker exited at start:\n" + self.output())
        return self

    def output(self) -> str:
        if not self.log.exists():
            return ""
        with self.log.open("rb") as log:
            log.seek(self.started_at)
            return log.read().decode(errors="replace")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: the main process and its pool, mid-whatever."""
        if self.alive:
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process:
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def database_url(settings_dict: dict) -> str:
    """The URL of the database Django is connected to (the test database, in a test)."""
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}" if password else user
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{settings_dict['NAME']}"


def terminate_backend(settings_dict: dict, pid: int) -> None:
    """pg_terminate_backend from a connection of its own: what a database restart does to
    one connection."""
    import psycopg

    with psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict.get("USER") or "postgres",
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or "127.0.0.1",
        port=settings_dict.get("PORT") or 5432,
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
