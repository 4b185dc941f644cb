"""scripts/backup.sh and scripts/restore.sh: back up, restore into a fresh database and
empty folders, and find the same records and the same files."""

import hashlib
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from outbox.services import email_queue_rendered
from tests.factories import OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


def _url(name: str) -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{name}"
    )


def _drop(name: str) -> None:
    with psycopg.connect(_url("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows."""
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as database:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        digest = sql.SQL(
            "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            " FROM {} t"
        )
        return {
            table: database.execute(digest.format(sql.Identifier(table))).fetchone()
            for table in tables
        }


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _run(script: str, *args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def restored_name():
    if connection.vendor != "postgresql":
        pytest.skip("backups are of PostgreSQL")
    name = f"{connection.settings_dict['NAME']}_restored"
    _drop(name)
    yield name
    _drop(name)


def test_a_backup_restores_into_a_fresh_database_with_the_same_records_and_files(
    tmp_path, restored_name
):
    UserFactory.create_batch(3)
    OrganisationFactory(name="Riverside Food Bank")
    OrganisationFactory(name="Oakfield Advice Centre")
    email_queue_rendered(to=["a@example.org"], template="test", subject="Hello", text="Hé")
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "compacts").mkdir(parents=True)
    (media / "compacts" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    (private / "disputes" / "7").mkdir(parents=True)
    (private / "disputes" / "7" / "evidence letter.pdf").write_bytes(
        b"%PDF-1.7\n" + os.urandom(4096)
    )
    source_url = _url(connection.settings_dict["NAME"])
    backups = tmp_path / "backups"

    made = _run(
        "backup.sh",
        str(backups),
        env={
            "DATABASE_URL": source_url,
            "MEDIA_ROOT": str(media),
            "PRIVATE_MEDIA_ROOT": str(private),
        },
    )
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.strip().splitlines()[-1])
    assert archive.name.startswith("compact-portal-") and archive.suffix == ".tar"
    with tarfile.open(archive) as contents:
        assert sorted(contents.getnames()) == [
            "MANIFEST",
            "database.dump",
            "media.tar",
            "private.tar",
        ]

    restored_media, restored_private = tmp_path / "restored-media", tmp_path / "restored-private"
    restored_url = _url(restored_name)
    restore_env = {
        "DATABASE_URL": restored_url,
        "MEDIA_ROOT": str(restored_media),
        "PRIVATE_MEDIA_ROOT": str(restored_private),
    }
    restored = _run("restore.sh", str(archive), env=restore_env)
    assert restored.returncode == 0, restored.stderr

    source = _fingerprint(source_url)
    assert source["accounts_user"][0] == 3 and source["outbox_message"][0] == 1
    assert _fingerprint(restored_url) == source
    assert _files(restored_media) == _files(media)
    assert _files(restored_private) == _files(private)
    assert "evidence letter.pdf" in str(list(restored_private.rglob("*.pdf")))

    # Never over what is there: a second restore into the same database is refused.
    again = _run(
        "restore.sh",
        str(archive),
        env={
            **restore_env,
            "MEDIA_ROOT": str(tmp_path / "m"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "p"),
        },
    )
    assert again.returncode != 0
    assert "restore into a fresh one" in again.stderr


def test_a_damaged_archive_is_refused_before_anything_is_restored(tmp_path, restored_name):
    made = _run(
        "backup.sh",
        str(tmp_path),
        env={
            "DATABASE_URL": _url(connection.settings_dict["NAME"]),
            "MEDIA_ROOT": str(tmp_path / "none"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "none-either"),
        },
    )
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.strip())
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as contents:
        contents.extractall(unpacked, filter="data")
    dump = unpacked / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-100] + b"\0" * 100)
    with tarfile.open(archive, "w") as damaged:
        for name in ("MANIFEST", "database.dump", "media.tar", "private.tar"):
            damaged.add(unpacked / name, arcname=name)

    refused = _run(
        "restore.sh",
        str(archive),
        env={
            "DATABASE_URL": _url(restored_name),
            "MEDIA_ROOT": str(tmp_path / "m"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "p"),
        },
    )

    assert refused.returncode != 0
    assert "damaged" in refused.stderr
    with psycopg.connect(_url("postgres").replace("postgres://", "postgresql://", 1)) as server:
        assert not server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [restored_name]
        ).fetchone()
