"""The one import core: read -> validate every row -> write in one transaction -> record.

The CLI (`annual-review import`) and the staff upload page both call `import_run`.
"""

import errno
import gc
import getpass
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction

from annual_review.imports.batched import batched_import
from annual_review.imports.bulk import INDEX_REBUILD_MIN_ROWS, RowsStream
from annual_review.imports.errors import FileRejected, RowError
from annual_review.imports.models import ImportRecord
from annual_review.imports.parsing import (
    BatchRows,
    ImportKind,
    ImportReport,
    StreamSpec,
    headers_match,
    rows_parse,
)
from annual_review.imports.spawned import StreamWorker
from annual_review.imports.tables import Table, TableStream, table_open

# What a failed write says (the transaction is rolled back: nothing is written).
WRITE_CONFLICT = (
    "another import stored some of these records while this one was being checked; nothing "
    "was written: check the file again, then import it"
)


DATABASE_BUSY = (
    "the database is busy with another import or task; nothing was written: try again in a minute"
)


DISK_FULL = "the disk holding the database is full; nothing was written: free some space first"


NOT_WRITABLE = (
    "the database or its folder cannot be written to (check its permissions); nothing was written"
)


WRITE_FAILED = "the database refused the write ({reason}); nothing was written"


# The bulk writes use the driver's own cursor, whose errors Django does not wrap.
try:
    from psycopg import Error as _PostgresError
except ImportError:  # pragma: no cover - SQLite-only installs
    _PostgresError = sqlite3.DatabaseError  # type: ignore[assignment,misc]


DATABASE_ERRORS = (DatabaseError, sqlite3.DatabaseError, _PostgresError)


WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS})


def import_run(
    *,
    kind: str,
    path: Path,
    commit: bool = False,
    user: str | None = None,
    options: dict[str, Any] | None = None,
    file_name: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Validate a file of `kind`; if it has no error and `commit` is set, write it atomically.

    `progress`, if given, is told each step as it starts ("Checking 1,000 rows"), outside
    any transaction (the staff page's background import shows it).
    """
    from annual_review.imports.kinds import IMPORT_KINDS

    spec = IMPORT_KINDS[kind]
    options = options or {}
    report = ImportReport(kind=kind, file_name=file_name or path.name)
    # A large file makes millions of small lists and tuples that live until the end; the cyclic
    # garbage collector would walk them over and over and find nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _import_steps(spec, path, commit, user, options, file_name, report, progress or _quiet)
    except (*DATABASE_ERRORS, OSError) as failure:
        if isinstance(failure, OSError) and failure.errno not in WRITE_ERRNOS:
            raise
        # The transaction was rolled back on the way out: nothing is half-written.
        report.committed = False
        report.add_error(RowError(report.file_name, None, None, None, write_failure(failure)))
    finally:
        if collecting:
            gc.enable()
    return report


def write_failure(failure: Exception) -> str:
    """A plain reason for a write the database (or the disk under it) refused."""
    text = str(failure).casefold()
    if isinstance(failure, (IntegrityError, sqlite3.IntegrityError)) or type(failure).__name__ in (
        "IntegrityError",
        "UniqueViolation",
    ):
        return WRITE_CONFLICT
    if "locked" in text or "busy" in text or "could not obtain lock" in text:
        return DATABASE_BUSY
    if "full" in text or getattr(failure, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return NOT_WRITABLE
    if isinstance(failure, PermissionError):
        return NOT_WRITABLE
    return WRITE_FAILED.format(reason=str(failure).splitlines()[0] if str(failure) else "error")


def _quiet(stage: str) -> None:
    pass


def _import_steps(
    spec: ImportKind,
    path: Path,
    commit: bool,
    user: str | None,
    options: dict[str, Any],
    file_name: str | None,
    report: ImportReport,
    progress: Callable[[str], None],
) -> None:
    # A large file committed into an empty table is read and checked by a spawned process
    # while this one stores the rows (see `_import_streamed`); the file is read here only if
    # that process gives up, for the normal path to report every error.
    worker = _worker_start(spec, path, commit, options, file_name)
    if worker is not None:
        progress("Checking and storing the rows as they are read")
        try:
            if _import_streamed(spec, spec.stream, user, options, report, worker=worker):  # type: ignore[arg-type]
                return
        finally:
            worker.stop()
    progress("Reading the file")
    try:
        stream = table_open(path, file_name=file_name)
    except FileRejected as rejected:
        for error in rejected.errors:
            report.add_error(error)
        return
    report.sha256 = stream.sha256
    streamed = (
        commit
        and spec.stream is not None
        and worker is None
        and stream.rows_at_most >= STREAM_MIN_ROWS
    )
    if streamed:
        progress("Checking and storing the rows as they are read")
        if _import_streamed(spec, spec.stream, user, options, report, table_stream=stream):  # type: ignore[arg-type]
            return
    if spec.batched is not None:
        progress("Checking the rows")
        batched_import(
            spec,
            stream,
            commit=commit,
            options=options,
            report=report,
            progress=progress,
            record=lambda: _record(spec, report, user, options),
        )
        return
    try:
        table = stream.table(most_rows=WHOLE_FILE_MOST_ROWS)
    except FileRejected as rejected:
        for error in rejected.errors:
            report.add_error(error)
        return
    progress(f"Checking {len(table.records):,} rows")
    parsed = rows_parse(table, spec, report)
    if parsed is None:
        return
    plan = spec.plan(parsed, report, options)
    if not report.ok:
        report.errors.sort(key=lambda error: error.row or 0)
        return
    report.created, report.updated = plan.created, plan.updated
    report.unchanged, report.skipped = plan.unchanged, plan.skipped
    if commit:
        progress(f"Writing {report.created + report.updated:,} records")
        with transaction.atomic():
            plan.write()
            _record(spec, report, user, options)
        report.committed = True


def _record(
    spec: ImportKind, report: ImportReport, user: str | None, options: dict[str, Any]
) -> None:
    ImportRecord.objects.create(
        kind=spec.name,
        file_name=report.file_name,
        sha256=report.sha256,
        imported_by=user or _current_user(),
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        skipped=report.skipped,
        options={k: v for k, v in options.items() if v is not None},
    )


# A file this large, committed into an empty table, is written while it is being checked.
STREAM_MIN_ROWS = max(INDEX_REBUILD_MIN_ROWS, 100_000)


STREAM_BATCH_ROWS = 50_000
# A kind not read in batches (organisations: a row may name any other row of the file as its
# parent or successor) is read whole, so its files are refused beyond this many rows. The
# register has about 400; a file of other organisations, a few thousand at most.
WHOLE_FILE_MOST_ROWS = 50_000


# A file at least this large (bytes), committed into an empty table, is read and checked by a
# spawned process while this one writes. Starting it costs about 0.45 s of the other core: at
# 20 MB (200,000 decisions) it breaks even, at 41 MB it saves 18% (docs/PERFORMANCE.md).
STREAM_WORKER_MIN_BYTES = 20_000_000


class StreamAbandoned(Exception):
    """The streamed import met an error or a case it does not handle: roll back, go the normal way."""


def headers_probe(spec: ImportKind, table: Table) -> list[str]:
    """The warnings about a streamed file's header; StreamAbandoned if it has an error."""
    probe = ImportReport(kind=spec.name, file_name=table.file_name)
    headers_match(table, spec, probe)
    if not probe.ok:
        raise StreamAbandoned
    return probe.warnings


def batches_check(
    spec: ImportKind, tables: Iterable[Table], batch_rows: BatchRows
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows to insert of each batch of a file read in batches (`TableStream.batches`),
    each batch parsed and checked as the normal path would; raises StreamAbandoned at the first
    batch with an error, or if the file is rejected. The one batch loop, whether it runs in
    this process or in the spawned one."""
    try:
        for batch in tables:
            checked = ImportReport(kind=spec.name, file_name=batch.file_name)
            parsed = rows_parse(batch, spec, checked)
            rows = None if parsed is None else batch_rows(parsed, checked)
            if rows is None or not checked.ok or len(rows) != len(batch.records):
                raise StreamAbandoned
            yield rows
    except FileRejected as rejected:
        raise StreamAbandoned from rejected


def _worker_start(
    spec: ImportKind,
    path: Path,
    commit: bool,
    options: dict[str, Any],
    file_name: str | None,
) -> "StreamWorker | None":
    stream = spec.stream
    if not commit or stream is None:
        return None
    try:
        large = path.stat().st_size >= STREAM_WORKER_MIN_BYTES
    except OSError:
        return None
    if not large or stream.model._default_manager.exists():
        return None
    return StreamWorker.start(
        kind=spec.name,
        path=path,
        file_name=file_name,
        context=stream.prepare(options),
        vendor=connection.vendor,
        batch_rows=STREAM_BATCH_ROWS,
    )


def _import_streamed(
    spec: ImportKind,
    stream: StreamSpec,
    user: str | None,
    options: dict[str, Any],
    report: ImportReport,
    *,
    table_stream: TableStream | None = None,
    worker: "StreamWorker | None" = None,
) -> bool:
    """Check and write a large file batch by batch into an empty table, overlapping the two.

    Either the spawned `worker` reads the file and checks its batches (imports/spawned.py:
    the same `TableStream` and `batches_check`), or this process checks the batches of the
    `table_stream` it reads, while in both cases a writer thread stores the previous batch. Only the
    case where every row is valid and new is handled here: at the first error, or if the table
    holds any row, the transaction is rolled back (nothing is stored) and False returned, and
    the caller takes the normal path, which reports every error as it always does. So the
    errors, the counts and what is stored are the normal path's, only sooner.
    """
    try:
        if worker is not None:
            sha256, most, warnings = worker.read()
            if most < STREAM_MIN_ROWS:
                raise StreamAbandoned
            tables = None
        elif table_stream is not None:
            sha256, tables = table_stream.sha256, table_stream.batches(STREAM_BATCH_ROWS)
            try:
                first = next(tables)
            except FileRejected as rejected:
                raise StreamAbandoned from rejected
            warnings = headers_probe(spec, first)
            tables = chain([first], tables)
        else:
            raise StreamAbandoned
        with transaction.atomic():
            if stream.model._default_manager.exists():
                raise StreamAbandoned
            if worker is not None:
                batches = worker.batches()
            else:
                check = stream.check(stream.prepare(options))
                batches = batches_check(spec, tables, check)  # type: ignore[arg-type]
            writer = RowsStream(stream.model, stream.fields)
            try:
                for rows in batches:
                    writer.put(rows)
            finally:
                writer.close()
            stored = writer.finish()
            count = worker.rows if worker is not None else table_stream.rows  # type: ignore[union-attr]
            if stored != count or count < STREAM_MIN_ROWS:
                raise StreamAbandoned
            report.sha256 = sha256
            report.rows = report.created = count
            report.warnings.extend(warnings)
            _record(spec, report, user, options)
    except StreamAbandoned:
        return False
    report.committed = True
    return True


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
