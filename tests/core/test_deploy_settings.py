import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    # A production process: none of the test run's own settings leak into it.
    leaking = {
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "SECURE_SSL_REDIRECT",
        "ALLOWED_HOSTS",
        "EMAIL_URL",
    }
    environment = {k: v for k, v in os.environ.items() if k not in leaking}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 30 + "production-secret-key-of-some-length-1234567890",
        ALLOWED_HOSTS="compact.example.org",
        SITE_URL="https://compact.example.org",
        DATABASE_URL="sqlite:////tmp/check-deploy.sqlite3",
        EMAIL_URL="smtp://portal:secret@mail.example.org:587?tls=1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "url,backend",
    [
        ("console://", "console"),
        ("smtp://user:pw@mail.example.org:587?tls=1", "smtp"),
    ],
)
def test_email_url_becomes_a_mailer(url, backend):
    from compact_portal.settings import _mailers_from_url

    mailer = _mailers_from_url(url)["default"]
    assert backend in mailer["BACKEND"]
    if backend == "smtp":
        assert mailer["OPTIONS"]["host"] == "mail.example.org"
        assert mailer["OPTIONS"]["port"] == 587
        assert mailer["OPTIONS"]["use_tls"] is True


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 30 + "production-secret-key-of-some-length-1234567890",
    "ALLOWED_HOSTS": "compact.example.org",
    "SITE_URL": "https://compact.example.org",
    "DATABASE_URL": "sqlite:////tmp/check-deploy.sqlite3",
}


@pytest.mark.parametrize("email_url", [None, "console://"])
def test_production_refuses_to_start_without_a_mail_server(email_url):
    """The console mailer would print password-reset and verification links into the log."""
    environment = dict(PRODUCTION)
    if email_url is not None:
        environment["EMAIL_URL"] = email_url
    result = _manage("check", **environment)
    assert result.returncode != 0
    assert "EMAIL_URL must name a mail server" in result.stderr


def test_a_deployment_check_refuses_mail_kept_in_memory():
    """locmem:// lets the image's build step load the settings; a server must not run on it."""
    result = _manage("check", "--deploy", EMAIL_URL="locmem://", **PRODUCTION)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr + result.stdout


def test_a_local_run_may_print_mail_to_the_console():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])",
        DEBUG="true",
        SECRET_KEY="",
        DATABASE_URL="sqlite:////tmp/check-deploy.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert "console" in result.stdout


def test_with_redis_named_the_cache_is_shared_and_survives_its_loss():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6399/0",
        EMAIL_URL="smtp://portal:secret@mail.example.org:587?tls=1",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "core.cache.ResilientRedisCache"
