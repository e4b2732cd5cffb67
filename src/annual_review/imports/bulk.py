"""Fast writes for large imports: COPY on PostgreSQL, executemany on SQLite."""

import queue
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.db import connection, models

from annual_review.imports.indexes import (
    _constraints_drop,
    _indexes_drop,
    _search_triggers_suspend,
    _sqlite_rebuild,
)

BATCH = 5000


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    meta = model._meta
    columns: list[str] = []
    for name in fields:
        found = meta.get_field(name)
        assert isinstance(found, models.Field), name  # a concrete column, not a reverse relation
        columns.append(found.column or found.name)
    return columns


# Inserting at least this many rows, and at least as many as the table already holds, into a
# table with secondary indexes: drop them first and build them again after, inside the same
# transaction. Building an index once from sorted rows is several times faster than updating it
# row by row; an error anywhere rolls back the drop with everything else.
INDEX_REBUILD_MIN_ROWS = 50_000
# SQLite's page cache for a large import (KiB, as a negative cache_size): the default 2 MB makes
# building an index over a million rows spill to disk again and again.
SQLITE_IMPORT_CACHE_KIB = 262_144
# Rows per INSERT statement on SQLite: one statement of many VALUES rows costs SQLite far less
# per row than a statement per row (3.4 s instead of 5.3 s for a million decisions, measured),
# and the driver binds the values of a whole statement in one call.
SQLITE_ROWS_PER_STATEMENT = 500


def dates_stored(values: list[Any]) -> list[Any]:
    """Dates as the database driver wants them: SQLite stores ISO text, so format each date once."""
    if connection.vendor != "sqlite":
        return values
    texts = {day: day.isoformat() for day in set(values) if day is not None}
    texts[None] = None
    return list(map(texts.__getitem__, values))


def rows_insert(
    model: type[models.Model], fields: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows (values in the order of `fields`, dates as `dates_stored` gives them)."""
    if not rows:
        return
    inserter = RowsInserter(model, fields, expected=len(rows))
    try:
        inserter.put(rows)
        inserter.finish()
    finally:
        inserter.close()


class RowsInserter:
    """Insert rows a batch at a time, in the caller's transaction, expecting `expected` in all.

    If that is at least INDEX_REBUILD_MIN_ROWS and at least as many as the table holds, the
    table's secondary indexes (and, on PostgreSQL, its foreign keys and UNIQUE constraints; on
    SQLite, its full-text triggers) are dropped first and built again in `finish`: an error
    anywhere rolls the drop back with everything else. Call `close` in any case (it restores
    SQLite's page cache size).
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, expected: int) -> None:
        self.table = model._meta.db_table
        columns = _columns(model, fields)
        qn = connection.ops.quote_name
        column_list = ", ".join(qn(c) for c in columns)
        self.copy_sql = f"COPY {qn(self.table)} ({column_list}) FROM STDIN"
        self.insert = f"INSERT INTO {qn(self.table)} ({column_list}) VALUES "
        self.width = len(columns)
        self.rebuild: list[str] = []
        self.cache: int | None = None
        large = expected >= INDEX_REBUILD_MIN_ROWS
        with connection.cursor() as cursor:
            if large:
                cursor.execute(f"SELECT COUNT(*) FROM {qn(self.table)}")
                if expected >= cursor.fetchone()[0]:
                    if connection.vendor == "postgresql":
                        # PostgreSQL refuses to alter a table with pending (deferred) trigger
                        # events, as an earlier import in the same transaction leaves: run them.
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    self.rebuild = (
                        _indexes_drop(cursor, self.table)
                        + _constraints_drop(cursor, self.table)
                        + _search_triggers_suspend(cursor, self.table)
                    )
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            raw = connection.connection
            self.cache = raw.execute("PRAGMA cache_size").fetchone()[0]
            if large:
                raw.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")

    def put(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        elif connection.vendor == "sqlite":
            # The driver's own executemany: Django's wrapper re-reads every parameter tuple.
            marks = ", ".join(["?"] * self.width)
            _sqlite_insert(connection.connection, self.insert, marks, rows)
        else:
            marks = ", ".join(["%s"] * self.width)
            with connection.cursor() as cursor:
                for start in range(0, len(rows), BATCH):
                    cursor.executemany(f"{self.insert}({marks})", rows[start : start + BATCH])

    def finish(self) -> None:
        """Build again what was dropped."""
        rebuild, self.rebuild = self.rebuild, []
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                _sqlite_rebuild(connection.connection, rebuild)
            else:
                for statement in rebuild:
                    cursor.execute(statement)
                if rebuild and connection.vendor == "postgresql":
                    # Back to Django's default: every foreign key it creates is INITIALLY DEFERRED.
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def close(self) -> None:
        if self.cache is not None and connection.connection is not None:
            connection.connection.execute(f"PRAGMA cache_size = {int(self.cache)}")
            self.cache = None


class RowsStream:
    """Insert rows into an empty table from a writer thread while the caller prepares more.

    The caller's thread drops the table's secondary indexes (and, on PostgreSQL, its foreign
    keys and UNIQUE constraints; on SQLite, its full-text triggers) when the stream opens and
    builds them again in `finish`, as `rows_insert` does for a large insert; in between, the
    writer thread sends each batch given to `put` through the raw driver connection: SQLite
    releases the interpreter while it executes a statement, and PostgreSQL's server is another
    process, so parsing the next batch overlaps storing this one. Everything happens inside the
    caller's transaction; the caller must not use the connection until `finish` or `close`.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.table = model._meta.db_table
        qn = connection.ops.quote_name
        columns = ", ".join(qn(c) for c in _columns(model, fields))
        self.marks = ", ".join(["?"] * len(fields))
        self.insert = f"INSERT INTO {qn(self.table)} ({columns}) VALUES "
        self.copy_sql = f"COPY {qn(self.table)} ({columns}) FROM STDIN"
        self.vendor = connection.vendor
        if self.vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(self.vendor)
        self.batches: queue.Queue[list[tuple[Any, ...]] | None] = queue.Queue(maxsize=4)
        self.failure: BaseException | None = None
        self.stored = 0
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            else:
                cursor.execute("PRAGMA cache_size")
                self.cache = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
            self.rebuild = (
                _indexes_drop(cursor, self.table)
                + _constraints_drop(cursor, self.table)
                + _search_triggers_suspend(cursor, self.table)
            )
        connection.ensure_connection()
        self.raw = connection.connection
        self.thread = threading.Thread(target=self._write, name="import-writer", daemon=True)
        self.thread.start()

    def put(self, rows: list[tuple[Any, ...]]) -> None:
        """Queue a batch for the writer; raises what the writer met, if it failed."""
        if self.failure is not None:
            raise self.failure
        if rows:
            self.batches.put(rows)

    def _write(self) -> None:
        try:
            if self.vendor == "sqlite":
                while (rows := self.batches.get()) is not None:
                    _sqlite_insert(self.raw, self.insert, self.marks, rows)
                    self.stored += len(rows)
            else:
                with self.raw.cursor() as cursor, cursor.copy(self.copy_sql) as copy:
                    while (rows := self.batches.get()) is not None:
                        for row in rows:
                            copy.write_row(row)
                        self.stored += len(rows)
        except BaseException as exc:  # handed to the caller's thread
            self.failure = exc
            while self.batches.get() is not None:  # let `put` and `close` go on
                pass

    def close(self) -> None:
        """Stop the writer and wait for it (the caller then rolls the transaction back)."""
        if self.thread.is_alive():
            self.batches.put(None)
            self.thread.join()

    def finish(self) -> int:
        """Wait for every batch, build the indexes and constraints again; rows stored."""
        self.close()
        if self.failure is not None:
            raise self.failure
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                _sqlite_rebuild(self.raw, self.rebuild)
            else:
                for statement in self.rebuild:
                    cursor.execute(statement)
            if self.vendor == "postgresql":
                # Back to Django's default: every foreign key it creates is INITIALLY DEFERRED.
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                cursor.execute(f"PRAGMA cache_size = {int(self.cache)}")
        return self.stored


def _sqlite_insert(raw: Any, insert: str, marks: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert `rows` through the driver, many rows to a statement (as many as SQLite's limit on
    bound values allows); the rows that do not fill a last statement go one by one."""
    width = len(rows[0])
    try:
        limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python before 3.11: SQLite's default limit before 3.32
        limit = 999
    per_statement = max(1, min(SQLITE_ROWS_PER_STATEMENT, limit // width))
    whole = len(rows) - len(rows) % per_statement if per_statement > 1 else 0
    if whole:
        # Flat values regrouped a statement's worth at a time, all in C.
        values = iter(chain.from_iterable(rows[:whole]))
        raw.executemany(
            insert + ", ".join([f"({marks})"] * per_statement),
            zip(*[values] * (per_statement * width), strict=True),
        )
    if whole < len(rows):
        raw.executemany(insert + f"({marks})", rows[whole:])


def rows_update(
    model: type[models.Model], fields: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Each row is (id, *values in the order of fields)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(c)} = %s" for c in _columns(model, fields))
    sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE id = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [(*r[1:], r[0]) for r in rows[start : start + BATCH]])


@dataclass
class UpsertPlan:
    """Rows sorted into new, changed and unchanged against what is stored, keyed naturally."""

    model: type[models.Model]
    insert_fields: list[str]
    update_fields: list[str]
    to_create: list[tuple[Any, ...]] = field(default_factory=list)
    to_update: list[tuple[Any, ...]] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    # A batch of a file written in batches inserts through the file's one inserter.
    inserter: RowsInserter | None = None

    @property
    def created(self) -> int:
        return len(self.to_create)

    @property
    def updated(self) -> int:
        return len(self.to_update)

    def write(self) -> None:
        if self.inserter is not None:
            self.inserter.put(self.to_create)
        else:
            rows_insert(self.model, self.insert_fields, self.to_create)
        rows_update(self.model, self.update_fields, self.to_update)


def upsert_plan(
    *,
    model: type[models.Model],
    insert_fields: list[str],
    update_fields: list[str],
    incoming: dict[Any, tuple[tuple[Any, ...], tuple[Any, ...]]],
    existing: Iterable[tuple[Any, int, tuple[Any, ...]]],
) -> UpsertPlan:
    """incoming: key -> (insert values, comparable update values); existing: (key, id, values)."""
    plan = UpsertPlan(model=model, insert_fields=insert_fields, update_fields=update_fields)
    stored = {key: (pk, values) for key, pk, values in existing}
    for key, (insert_values, update_values) in incoming.items():
        found = stored.get(key)
        if found is None:
            plan.to_create.append(insert_values)
        elif found[1] == update_values:
            plan.unchanged += 1
        else:
            plan.to_update.append((found[0], *update_values))
    return plan


def chunked(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
