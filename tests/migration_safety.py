"""Which statements of a migration's SQL (`manage.py sqlmigrate`) would lock or break a
live PostgreSQL database during a rolling deploy, where the old code keeps running
against the new schema until every web process has been replaced.

A table created earlier in the same migration is new: nothing reads it yet and it is
empty, so anything goes there. On a table that already exists:

- a NOT NULL column without a database default (Django adds a default and drops it
  again): the old code's inserts fail. Use `db_default=`, or `null=True` first;
- SET NOT NULL, a CHECK or UNIQUE constraint without NOT VALID, or a column TYPE
  change: the whole table is read (or rewritten) under a lock that stops writes;
- CREATE INDEX without CONCURRENTLY: writes wait until the index is built. Use
  `AddIndexConcurrently` in a migration with `atomic = False`;
- DROP or RENAME of a column or table: the old code still uses it. Stop using it in
  one release and drop it in the next (the "contract" step, allow-listed by name).
"""

import re

_TABLE = r'"(?P<table>[^"]+)"'


def statements(sql: str) -> list[str]:
    """The SQL's statements, without comments; semicolons inside quotes do not split."""
    parts, current, quote = [], [], None
    text = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    for character in text:
        if quote:
            quote = None if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character == ";":
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(character)
    parts.append("".join(current).strip())
    return [part for part in parts if part and part.upper() not in ("BEGIN", "COMMIT")]


def _rules():
    flags = re.IGNORECASE | re.DOTALL
    return [
        (
            re.compile(
                rf"^ALTER TABLE {_TABLE} ADD COLUMN \"(?P<column>[^\"]+)\" .*NOT NULL", flags
            ),
            "adds NOT NULL column {column} without a database default: the old code's "
            "inserts fail (use db_default=, or null=True first)",
        ),
        (
            re.compile(
                rf"^ALTER TABLE {_TABLE} ALTER COLUMN \"(?P<column>[^\"]+)\" SET NOT NULL", flags
            ),
            "sets {column} NOT NULL: reads the whole table under an exclusive lock, and the "
            "old code may still write NULL",
        ),
        (
            re.compile(rf"^ALTER TABLE {_TABLE} ALTER COLUMN \"(?P<column>[^\"]+)\" TYPE", flags),
            "changes the type of {column}: rewrites the table under an exclusive lock",
        ),
        (
            re.compile(
                rf"^ALTER TABLE {_TABLE} ADD CONSTRAINT (?!.*NOT VALID).*\b(CHECK|UNIQUE)\b", flags
            ),
            "adds a constraint that reads the whole table under a lock (CHECK … NOT VALID, "
            "then VALIDATE; or a unique index built concurrently)",
        ),
        (
            re.compile(rf"^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY).* ON {_TABLE}", flags),
            "builds an index without CONCURRENTLY: writes wait until it is built "
            "(AddIndexConcurrently, atomic = False)",
        ),
        (
            re.compile(rf"^ALTER TABLE {_TABLE} DROP COLUMN \"?(?P<column>[^\" ]+)", flags),
            "drops column {column}, which the old code still reads (contract in a later release)",
        ),
        (
            re.compile(rf"^ALTER TABLE {_TABLE} RENAME ", flags),
            "renames what the old code uses (add the new, copy, drop the old later)",
        ),
        (
            re.compile(rf"^DROP TABLE (IF EXISTS )?{_TABLE}", flags),
            "drops a table the old code may still use (contract in a later release)",
        ),
    ]


_RULES = _rules()
_CREATE_TABLE = re.compile(rf"^CREATE TABLE {_TABLE}", re.IGNORECASE)
_ADD_COLUMN_WITH_DEFAULT = re.compile(r"\bDEFAULT\b", re.IGNORECASE)


def problems(sql: str) -> list[str]:
    """What in `sql` (one migration's `sqlmigrate` output) is unsafe on a live database."""
    found, created = [], set()
    listed = statements(sql)
    for position, statement in enumerate(listed):
        if created_table := _CREATE_TABLE.match(statement):
            created.add(created_table["table"])
            continue
        for pattern, reason in _RULES:
            match = pattern.match(statement)
            if not match or match["table"] in created:
                continue
            details = match.groupdict()
            if "ADD COLUMN" in pattern.pattern and _default_kept(
                statement, listed[position + 1 :], details
            ):
                continue
            found.append(f"{match['table']}: " + reason.format(**details))
            break
    return found


def _default_kept(statement: str, following: list[str], details: dict) -> bool:
    # Django writes a default only to fill the existing rows, then drops it: the old
    # code's inserts (which do not name the column) then fail. db_default= keeps it.
    if not _ADD_COLUMN_WITH_DEFAULT.search(statement):
        return False
    dropped = re.compile(
        rf'^ALTER TABLE "{re.escape(details["table"])}" ALTER COLUMN '
        rf'"{re.escape(details["column"])}" DROP DEFAULT',
        re.IGNORECASE,
    )
    return not any(dropped.match(later) for later in following)
