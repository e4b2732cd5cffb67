"""Full-text search over decision summaries: an FTS5 table on SQLite, a GIN index on PostgreSQL."""

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


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
