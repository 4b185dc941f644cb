"""Database pieces that only PostgreSQL has, kept out of the way of SQLite (make run)."""

from django.db.migrations.operations import AddIndex


class AddIndexOnPostgreSQL(AddIndex):
    """AddIndex for an index only PostgreSQL can build (GIN, trigram operator classes).

    The model state always has the index, so makemigrations stays quiet; on SQLite nothing
    is built and the query it serves runs without it.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
