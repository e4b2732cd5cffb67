"""Dropping a table's secondary indexes, constraints and full-text triggers before a large
insert, and building them again after it in one pass (imports/bulk.py)."""

from typing import Any

from django.db import connection

# Helper threads and memory (KiB) of SQLite's sorter while it builds an index after a large
# insert: see `_sqlite_rebuild`.
SQLITE_SORT_THREADS = 2


SQLITE_SORT_CACHE_KIB = 4000


def _sqlite_rebuild(raw: Any, statements: list[str]) -> None:
    """Run the statements that rebuild what a large insert dropped (indexes, search tables,
    triggers); each CREATE INDEX sorts on several threads.

    SQLite's sorter hands sorted runs to helper threads only when the rows do not fit in its
    memory, which follows `cache_size` (so `PRAGMA threads` alone changes nothing): the cache is
    made small for each index build and restored after it, for the full-text rebuild and the
    rest. The decisions' two indexes over a million rows: 1.2 to 1.7 s instead of 2.2 to 2.4 s
    (docs/PERFORMANCE.md).
    """
    cache = raw.execute("PRAGMA cache_size").fetchone()[0]
    threads = raw.execute("PRAGMA threads").fetchone()[0]
    try:
        for statement in statements:
            sorting = statement.lstrip().upper().startswith("CREATE INDEX")
            if sorting:
                raw.execute(f"PRAGMA threads = {SQLITE_SORT_THREADS}")
                raw.execute(f"PRAGMA cache_size = -{SQLITE_SORT_CACHE_KIB}")
            raw.execute(statement)
            if sorting:
                raw.execute(f"PRAGMA threads = {int(threads)}")
                raw.execute(f"PRAGMA cache_size = {int(cache)}")
    finally:
        raw.execute(f"PRAGMA threads = {int(threads)}")
        raw.execute(f"PRAGMA cache_size = {int(cache)}")


def _constraints_drop(cursor: Any, table: str) -> list[str]:
    """PostgreSQL: drop the table's foreign keys and UNIQUE constraints (not its primary key);
    return the statements that add them again.

    Adding a foreign key checks every row in one join; kept in place, it would fire a trigger
    per inserted row at commit. A UNIQUE constraint added after the insert builds its index in
    one sorted pass and checks every row as it does. Either way a row pointing nowhere, or a
    duplicate, fails the transaction. A UNIQUE constraint that a foreign key relies on is kept.
    """
    if connection.vendor != "postgresql":
        return []
    qn = connection.ops.quote_name
    cursor.execute(
        "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.conrelid = %s::regclass AND (c.contype = 'f' OR (c.contype = 'u' AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid))) "
        "ORDER BY c.contype DESC",
        [table],
    )
    found = cursor.fetchall()
    for name, _ in found:
        cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
    return [f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {rule}" for name, rule in found]


def _search_triggers_suspend(cursor: Any, table: str) -> list[str]:
    """SQLite: stop the triggers that keep external-content FTS5 tables of `table` in step;
    return the statements that rebuild those tables in one pass and restore the triggers.

    A trigger indexes each inserted row on its own (7.6 s per million rows even with empty
    summaries, measured); one 'rebuild' after the insert does the same work set-wise. A large
    insert is at least as many rows as the table held, so rebuilding everything costs at most
    twice the new rows' share.
    """
    if connection.vendor != "sqlite":
        return []
    qn = connection.ops.quote_name
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE %s",
        ["CREATE VIRTUAL TABLE % USING fts5(%"],
    )
    content = (f"content='{table}'", f'content="{table}"', f"content={table}")
    search_tables = [name for name, sql in cursor.fetchall() if any(c in sql for c in content)]
    if not search_tables:
        return []
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
    )
    triggers = [(n, sql) for n, sql in cursor.fetchall() if any(t in sql for t in search_tables)]
    for name, _ in triggers:
        cursor.execute(f"DROP TRIGGER {qn(name)}")
    rebuilds = [f"INSERT INTO {qn(t)}({qn(t)}) VALUES ('rebuild')" for t in search_tables]
    return rebuilds + [sql for _, sql in triggers]


def _indexes_drop(cursor: Any, table: str) -> list[str]:
    """Drop a table's plain secondary indexes; return the statements that create them again.

    Indexes that enforce a primary key or a UNIQUE column are kept, so duplicates still fail
    as they are inserted.
    """
    qn = connection.ops.quote_name
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
    elif connection.vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary",
            [table],
        )
    else:
        return []
    found = cursor.fetchall()
    for name, _ in found:
        cursor.execute(f"DROP INDEX {qn(name)}")
    return [statement for _, statement in found]
