"""Full-text search over decision summaries: an FTS5 table on SQLite, a GIN index on PostgreSQL.

These were made by `public`'s first migration, which now does nothing: a database that already
has them keeps them as they are (nothing is rebuilt), a new one gets them here. The names keep
their `public_` prefix, so that no database changes.
"""

from django.db import migrations

SQLITE_FORWARD = [
    # External-content FTS5 table: the text stays in casework_decision; triggers keep it in step.
    "CREATE VIRTUAL TABLE public_decision_fts USING fts5("
    "summary, content='casework_decision', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER public_decision_fts_insert AFTER INSERT ON casework_decision BEGIN "
    "INSERT INTO public_decision_fts(rowid, summary) VALUES (new.id, new.summary); END",
    "CREATE TRIGGER public_decision_fts_delete AFTER DELETE ON casework_decision BEGIN "
    "INSERT INTO public_decision_fts(public_decision_fts, rowid, summary) "
    "VALUES ('delete', old.id, old.summary); END",
    "CREATE TRIGGER public_decision_fts_update AFTER UPDATE OF summary ON casework_decision BEGIN "
    "INSERT INTO public_decision_fts(public_decision_fts, rowid, summary) "
    "VALUES ('delete', old.id, old.summary); "
    "INSERT INTO public_decision_fts(rowid, summary) VALUES (new.id, new.summary); END",
    "INSERT INTO public_decision_fts(public_decision_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS public_decision_fts_update",
    "DROP TRIGGER IF EXISTS public_decision_fts_delete",
    "DROP TRIGGER IF EXISTS public_decision_fts_insert",
    "DROP TABLE IF EXISTS public_decision_fts",
]
POSTGRESQL_FORWARD = [
    "CREATE INDEX IF NOT EXISTS public_decision_summary_search ON casework_decision "
    "USING gin (to_tsvector('english', summary))",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS public_decision_summary_search"]


def _made_already(schema_editor) -> bool:
    """Whether `public`'s first migration made the search already (a database from before)."""
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'public_decision_fts'"
            )
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM pg_class WHERE relname = 'public_decision_summary_search'"
            )
        else:
            return False
        return cursor.fetchone() is not None


def _run(statements_by_vendor, *, unless_made=False):
    def run(apps, schema_editor):
        if unless_made and _made_already(schema_editor):
            return
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_dataset_label")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}, unless_made=True),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
