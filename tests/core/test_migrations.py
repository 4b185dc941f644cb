"""Migrations in CI: no model change without its migration, and no new migration that
would lock or break the live database while the old code still runs (tests/migration_safety.py)."""

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.migration_safety import problems

ROOT = Path(__file__).resolve().parents[2]

# Migrations that were applied before this check existed: reviewed when they landed, and
# on every database already. Some would be refused today (signatories 0003, 0005 and
# 0007, disputes 0002); a new migration is never added here to get it past the check, only a
# contract step (dropping what an earlier release stopped using), with the reason.
ALLOWED = {
    ("accountability", "0001_initial"),
    ("accountability", "0002_exceptional_request"),
    ("accounts", "0001_initial"),
    ("commitments", "0001_initial"),
    # Landed with the compact-as-a-document change while the check was being written;
    # 0002 and 0004 would be refused now (NOT NULL columns whose default is dropped,
    # indexes built with writes waiting, a column dropped in the same release).
    ("commitments", "0002_compact_document_parts"),
    ("commitments", "0003_undertakings_into_lists"),
    ("commitments", "0004_undertaking_party_from_its_list"),
    ("disputes", "0001_initial"),
    ("disputes", "0002_case_links_to_accountability"),
    ("disputes", "0003_timeline_succession"),
    ("outbox", "0001_initial"),
    ("reminders", "0001_initial"),
    ("reviews", "0001_initial"),
    ("signatories", "0001_initial"),
    ("signatories", "0002_signing_up"),
    ("signatories", "0003_directory_indexes"),
    ("signatories", "0004_one_organisation_per_registered_number"),
    ("signatories", "0005_sign_up_compact_from_link"),
    # Landed while the check was being written: 0007 sets NOT NULL and builds an index
    # on the status history in one step, which the check would now refuse.
    ("signatories", "0006_status_change_compact"),
    ("signatories", "0007_status_change_compact_index"),
}


def _project_migrations() -> list[tuple[str, str]]:
    # The project's own apps sit at the top of the checkout; a virtualenv inside the
    # checkout (CI makes one) holds Django's and allauth's, which are not ours to check.
    ours = {app.label for app in apps.get_app_configs() if Path(app.path).parent == ROOT}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(key for key in loader.disk_migrations if key[0] in ours)


def _sql(app_label: str, name: str) -> str:
    output = StringIO()
    call_command("sqlmigrate", app_label, name, stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit:
        pytest.fail(
            f"A model changed without a migration (run makemigrations):\n{output.getvalue()}"
        )


def test_the_allow_list_names_only_migrations_that_exist():
    assert set(_project_migrations()) >= ALLOWED


# Outside a transaction: Django refuses even to print the SQL of AddIndexConcurrently
# (the operation this check asks for) inside one.
@pytest.mark.django_db(transaction=True)
def test_no_new_migration_would_lock_or_break_the_live_database():
    if connection.vendor != "postgresql":
        pytest.skip("the check reads PostgreSQL's SQL")
    refused = {
        f"{app_label} {name}": found
        for app_label, name in _project_migrations()
        if (app_label, name) not in ALLOWED and (found := problems(_sql(app_label, name)))
    }
    assert refused == {}, (
        "These migrations would lock or break the live database during a deploy "
        "(docs/operations.md, 'Migrations without downtime'):\n"
        + "\n".join(f"{key}: {reason}" for key, reasons in refused.items() for reason in reasons)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("app_label", "name", "expected"),
    [
        # Indexes built with writes waiting, on tables that hold the national directory.
        ("signatories", "0003_directory_indexes", "without CONCURRENTLY"),
        # A NOT NULL column whose default Django drops again.
        ("signatories", "0005_sign_up_compact_from_link", "NOT NULL column compact_from_link"),
        ("disputes", "0002_case_links_to_accountability", "without CONCURRENTLY"),
        ("signatories", "0007_status_change_compact_index", "sets compact_id NOT NULL"),
    ],
)
def test_the_check_refuses_what_older_migrations_did(app_label, name, expected):
    if connection.vendor != "postgresql":
        pytest.skip("the check reads PostgreSQL's SQL")
    assert any(expected in reason for reason in problems(_sql(app_label, name)))


@pytest.mark.django_db
def test_a_new_table_with_its_indexes_and_constraints_is_safe():
    if connection.vendor != "postgresql":
        pytest.skip("the check reads PostgreSQL's SQL")
    assert problems(_sql("accountability", "0002_exceptional_request")) == []


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('ALTER TABLE "t" DROP COLUMN "name" CASCADE;', "drops column name"),
        ('ALTER TABLE "t" RENAME COLUMN "a" TO "b";', "renames"),
        ('ALTER TABLE "t" RENAME TO "u";', "renames"),
        ('DROP TABLE "t" CASCADE;', "drops a table"),
        ('ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL;', "sets a NOT NULL"),
        ('ALTER TABLE "t" ALTER COLUMN "a" TYPE bigint USING "a"::bigint;', "type of a"),
        ('ALTER TABLE "t" ADD CONSTRAINT "c" CHECK ("a" > 0);', "constraint"),
        ('ALTER TABLE "t" ADD COLUMN "a" integer NOT NULL;', "NOT NULL column a"),
        ('CREATE UNIQUE INDEX "i" ON "t" ("a");', "without CONCURRENTLY"),
    ],
)
def test_each_unsafe_statement_is_named(sql, expected):
    [reason] = problems(f"BEGIN;\n--\n-- a change\n--\n{sql}\nCOMMIT;")
    assert reason.startswith("t: ") and expected in reason


@pytest.mark.parametrize(
    "sql",
    [
        # db_default: the default stays, so the old code's inserts still work.
        'ALTER TABLE "t" ADD COLUMN "a" integer DEFAULT 0 NOT NULL;',
        'ALTER TABLE "t" ADD COLUMN "a" integer NULL;',
        'CREATE INDEX CONCURRENTLY "i" ON "t" ("a");',
        'ALTER TABLE "t" ADD CONSTRAINT "c" CHECK ("a" > 0) NOT VALID;',
        'CREATE TABLE "n" ("a" integer NOT NULL);\nCREATE INDEX "i" ON "n" ("a");\n'
        'ALTER TABLE "n" ADD COLUMN "b" integer NOT NULL;',
        'INSERT INTO "t" ("a") VALUES (\'DROP TABLE "t"; ALTER TABLE x\');',
    ],
)
def test_safe_statements_pass(sql):
    assert problems(sql) == []
