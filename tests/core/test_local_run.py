"""`make run` (scripts/run.sh) and the README's own commands, in a copy of the checkout.

Each test runs the real scripts and `manage.py` in a subprocess, in a temporary copy, with
none of the test run's settings in its environment: what a newcomer's shell would have.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Nothing of the test run (settings module, SECRET_KEY, database) reaches the subprocess.
SHELL_ENVIRONMENT = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
NOT_PART_OF_A_CHECKOUT = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "assets", "var", "media", "staticfiles", "test-results",
    "db.sqlite3", ".env", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
    "tests", "bench", "frontend", "docs",
)  # fmt: skip


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of the checkout as a newcomer has it: no .env, no database yet."""
    copy = tmp_path / "compact-portal"
    shutil.copytree(ROOT, copy, ignore=NOT_PART_OF_A_CHECKOUT)
    return copy


def _run(command: list[str], directory: Path, **environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=directory,
        env={**SHELL_ENVIRONMENT, **environment},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


# -- make run: what scripts/run.sh hands to the portal ------------------------------------

# Stands in for .venv/bin/python: notes the settings it was started with, then stops run.sh
# (set -e) before it migrates, loads the demo and serves.
NOTING_PYTHON = """#!/bin/sh
checkout="$(dirname "$0")/../.."
{ echo "SITE_URL=${SITE_URL:-}"; echo "DEBUG=${DEBUG:-}"; } > "$checkout/seen.txt"
[ -f "$checkout/.env" ] && cp "$checkout/.env" "$checkout/env-at-start.txt"
exit 3
"""


def _make_run(checkout: Path, **environment) -> dict[str, str]:
    python = checkout / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text(NOTING_PYTHON)
    python.chmod(0o755)
    result = _run(["bash", "scripts/run.sh"], checkout, **environment)
    assert result.returncode == 3, result.stdout + result.stderr
    seen = (checkout / "seen.txt").read_text().splitlines()
    return dict(line.split("=", 1) for line in seen)


def test_make_run_on_another_port_puts_that_port_in_links(checkout):
    assert _make_run(checkout, PORT="8811")["SITE_URL"] == "http://127.0.0.1:8811"


def test_make_run_keeps_a_site_url_that_is_given(checkout):
    given = "https://compact.example.org"
    assert _make_run(checkout, PORT="8811", SITE_URL=given)["SITE_URL"] == given
    # Given in .env: run.sh leaves it for the settings to read.
    (checkout / ".env").write_text(f"SITE_URL={given}\n")
    assert _make_run(checkout, PORT="8811")["SITE_URL"] == ""


def test_make_run_writes_a_local_env_once_and_keeps_one_that_exists(checkout):
    _make_run(checkout)
    written = (checkout / "env-at-start.txt").read_text()
    assert "DEBUG=true" in written.splitlines()
    [key_line] = [line for line in written.splitlines() if line.startswith("SECRET_KEY=")]
    assert len(key_line.removeprefix("SECRET_KEY=")) >= 50
    assert (checkout / ".env").stat().st_mode & 0o077 == 0  # a secret: the owner's only

    _make_run(checkout)
    assert (checkout / ".env").read_text() == written


# -- The README's commands, after make run -------------------------------------------------


def test_the_readme_commands_work_in_a_checkout_after_make_run(checkout):
    _make_run(checkout)  # stopped before it migrates: what it leaves for commands typed by hand
    manage = [sys.executable, "manage.py"]  # the README's .venv/bin/python

    for command in (
        ["migrate", "--noinput"],
        ["import_compact", "commitments/demo/riverside.yaml"],
    ):
        result = _run([*manage, *command], checkout)
        assert result.returncode == 0, result.stderr
    exported = _run([*manage, "export_compact", "riverside"], checkout)

    assert exported.returncode == 0, exported.stderr
    assert "SECRET_KEY is not set" not in exported.stderr
    assert "slug: riverside" in exported.stdout


def test_without_make_runs_env_the_portal_still_refuses_to_start_without_a_secret_key(checkout):
    result = _run([sys.executable, "manage.py", "check"], checkout)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


# -- make run: the worker is supervised ---------------------------------------------------


def test_the_supervisor_starts_a_worker_that_exits_again_and_stops_with_it(tmp_path):
    """scripts/supervise.sh, as make run uses it for the Celery worker."""
    import signal
    import time

    runs = tmp_path / "runs.txt"
    log = tmp_path / "worker.log"
    # A "worker" that dies at once, as one did after a Redis restart.
    dying = ["sh", "-c", f"echo started >> {runs}; exit 1"]
    supervisor = subprocess.Popen(
        ["/bin/bash", str(ROOT / "scripts" / "supervise.sh"), str(log), *dying],
        env=SHELL_ENVIRONMENT,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if runs.exists() and len(runs.read_text().splitlines()) >= 2:
                break
            time.sleep(0.2)
        assert len(runs.read_text().splitlines()) >= 2, "the worker was not started again"
        assert "exited with status 1; starting it again" in log.read_text()
    finally:
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=10) == 0
