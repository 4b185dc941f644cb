"""The PL/pgSQL that writes a history row for every insert, update and delete of a tracked
table, whoever makes it: a page, `.update()`, a migration or someone at `psql`.

Installed after each migrate (audit.apps), on PostgreSQL only; SQLite (the embedded run)
keeps only the application's own history (status changes, timelines, amendments).
"""

import logging

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections

from .models import AuditEvent
from .tracked import tracked_models, trigger_arguments

logger = logging.getLogger(__name__)

TRIGGER_NAME = "audit_history"
# The request's user id, set by audit.middleware before each write; empty for the shell.
USER_SETTING = "audit.user_id"
# Set to "on" (for one transaction) by whoever must redact the history, e.g. an erasure.
REDACTING_SETTING = "audit.redacting"


def _record_function(events_table: str) -> str:
    # Built from the model's own table name (quoted), never from anything a person typed.
    return f"""
CREATE OR REPLACE FUNCTION audit_record_change() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
    old_row jsonb;
    new_row jsonb;
    link text;
    hop integer := 1;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
    IF TG_OP = 'UPDATE' AND old_row = new_row THEN
        RETURN NULL;  -- a save that changed nothing is no event
    END IF;
    -- Walk from the row to its compact: TG_ARGV holds column, then (table, column) pairs.
    link := coalesce(new_row, old_row) ->> TG_ARGV[0];
    WHILE hop < TG_NARGS AND link IS NOT NULL LOOP
        EXECUTE format(
            'SELECT to_jsonb(parent) ->> %L FROM %I AS parent WHERE parent.id = $1',
            TG_ARGV[hop + 1], TG_ARGV[hop]
        ) INTO link USING link::bigint;
        hop := hop + 2;
    END LOOP;
    INSERT INTO {events_table}
        (table_name, row_id, operation, old_row, new_row, compact_id, user_id, at)
    VALUES (
        TG_TABLE_NAME, coalesce(new_row, old_row) ->> 'id', TG_OP, old_row, new_row,
        link::bigint, nullif(current_setting('{USER_SETTING}', true), '')::bigint,
        clock_timestamp()
    );
    RETURN NULL;
END
$body$;
"""  # noqa: S608


def _append_only_function() -> str:
    return f"""
CREATE OR REPLACE FUNCTION audit_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    IF current_setting('{REDACTING_SETTING}', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'The history of changes is added to, never changed or deleted';
END
$body$;
"""


def install(*, using: str = DEFAULT_DB_ALIAS, apps=global_apps) -> int:
    """(Re)create the functions and one trigger per tracked table. Returns how many tables
    are tracked; 0 on a database other than PostgreSQL, where nothing is installed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    events_table = connection.ops.quote_name(AuditEvent._meta.db_table)
    tracked = tracked_models(apps)
    with connection.cursor() as cursor:
        cursor.execute(_record_function(events_table))
        cursor.execute(_append_only_function())
        cursor.execute(f"DROP TRIGGER IF EXISTS audit_append_only ON {events_table}")
        cursor.execute(
            f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {events_table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_refuse_rewrite()"
        )
        for model, path in tracked:
            table = connection.ops.quote_name(model._meta.db_table)
            arguments = ", ".join(
                "'" + argument.replace("'", "''") + "'"
                for argument in trigger_arguments(model, path)
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION audit_record_change({arguments})"
            )
    return len(tracked)


def install_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate receiver: `apps` is the migrated state, so models match the tables."""
    count = install(using=using, apps=apps)
    if count:
        logger.info("History triggers installed on %d tables", count)
