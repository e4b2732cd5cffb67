"""An import read, checked and written a batch of rows at a time, so that its memory does not
grow with the file (docs/PERFORMANCE.md, "Peak memory of large imports").

The file is read twice. The first reading checks every batch as the whole file would be
checked (the kind's `BatchedCheck` keeps what is needed across rows, such as each reference's
first row) and counts what would change; nothing is written. If no row has an error and the
import is committed, the second reading writes batch by batch inside one transaction: an error
anywhere (a file changed in between, a refused write) rolls everything back.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from annual_review.imports.bulk import RowsInserter
from annual_review.imports.errors import FileRejected, RowError
from annual_review.imports.parsing import (
    MAX_ERRORS_KEPT,
    ImportKind,
    ImportReport,
    rows_parse,
)
from annual_review.imports.tables import TableStream

# Data rows read, checked and written at a time: with a decision's cells, parsed values and
# row to insert, about 50 MB of a batch at most (docs/PERFORMANCE.md).
BATCH_ROWS = 20_000


FILE_CHANGED = "the file changed while it was being imported; nothing was written: check it again"


class FileChanged(Exception):
    """The second reading did not find what the first one checked."""


@dataclass
class _Kept:
    """The first MAX_ERRORS_KEPT errors of one kind over every batch, and how many in all."""

    errors: list[RowError] = field(default_factory=list)
    count: int = 0

    def take(self, scratch: ImportReport) -> None:
        room = MAX_ERRORS_KEPT - len(self.errors)
        self.errors.extend(scratch.errors[: max(room, 0)])
        self.count += scratch.error_count


def batched_import(
    spec: ImportKind,
    stream: TableStream,
    *,
    commit: bool,
    options: dict[str, Any],
    report: ImportReport,
    progress: Callable[[str], None],
    record: Callable[[], None],
) -> None:
    """Check the file in batches; if it has no error and `commit` is set, write it in batches
    in one transaction and `record` the import in it. Errors, warnings and counts are those of
    checking the whole file at once (the first MAX_ERRORS_KEPT errors of the cells, then of
    the checks across rows, each in row order)."""
    try:
        checked = _check(spec, stream, options, report, progress)
    except FileRejected as rejected:
        for error in rejected.errors:
            report.add_error(error)
        return
    if not checked or not report.ok or not commit:
        return
    progress(f"Writing {report.created + report.updated:,} records")
    try:
        with transaction.atomic():
            _write(spec, stream, options, report)
            record()
    except FileChanged:
        report.add_error(RowError(report.file_name, None, None, None, FILE_CHANGED))
        return
    report.committed = True


def _check(
    spec: ImportKind,
    stream: TableStream,
    options: dict[str, Any],
    report: ImportReport,
    progress: Callable[[str], None],
) -> bool:
    """The first reading: errors, warnings and counts into `report`; False if the file's
    header or emptiness stopped it before any row was checked. Raises FileRejected."""
    assert spec.batched is not None
    checker = spec.batched(options)
    cells, across = _Kept(), _Kept()
    warnings: list[str] = []
    rows = created = updated = unchanged = skipped = 0
    for number, table in enumerate(stream.batches(BATCH_ROWS)):
        scratch = ImportReport(kind=spec.name, file_name=report.file_name)
        parsed = rows_parse(table, spec, scratch)
        if number == 0:
            warnings.extend(scratch.warnings)  # the header's, the same for every batch
        if parsed is None:  # a header error or no data rows: only a first batch can have one
            for error in scratch.errors:
                report.add_error(error)
            report.error_count += scratch.error_count - len(scratch.errors)
            report.warnings.extend(warnings)
            return False
        rows += scratch.rows
        cells.take(scratch)
        found = ImportReport(kind=spec.name, file_name=report.file_name)
        plan = checker.check(parsed, found, compare=not (cells.count or across.count))
        across.take(found)
        if plan is not None and not (cells.count or across.count):
            created, updated = created + plan.created, updated + plan.updated
            unchanged, skipped = unchanged + plan.unchanged, skipped + plan.skipped
        progress(f"Checking the rows: {rows:,} so far")
    checker.finish(warnings)
    report.rows = rows
    report.warnings.extend(warnings)
    for error in [*cells.errors, *across.errors]:
        report.add_error(error)
    report.error_count += cells.count - len(cells.errors) + across.count - len(across.errors)
    if not report.ok:
        report.errors.sort(key=lambda error: error.row or 0)
        return True
    report.created, report.updated = created, updated
    report.unchanged, report.skipped = unchanged, skipped
    return True


def _write(
    spec: ImportKind, stream: TableStream, options: dict[str, Any], report: ImportReport
) -> None:
    """The second reading, inside the caller's transaction: each batch checked again and
    written. Raises FileChanged if the file is no longer what the first reading checked."""
    assert spec.batched is not None
    checker = spec.batched(options)
    inserter: RowsInserter | None = None
    counts = [0, 0, 0, 0]
    try:
        try:
            for table in stream.batches(BATCH_ROWS):
                scratch = ImportReport(kind=spec.name, file_name=report.file_name)
                parsed = rows_parse(table, spec, scratch)
                plan = None if parsed is None else checker.check(parsed, scratch, compare=True)
                if plan is None or not scratch.ok:
                    raise FileChanged
                if inserter is None:
                    inserter = RowsInserter(plan.model, plan.insert_fields, expected=report.created)
                plan.inserter = inserter
                plan.write()
                for position, value in enumerate(
                    (plan.created, plan.updated, plan.unchanged, plan.skipped)
                ):
                    counts[position] += value
        except FileRejected as rejected:
            raise FileChanged from rejected
        if inserter is not None:
            inserter.finish()
    finally:
        if inserter is not None:
            inserter.close()
    wanted = [report.created, report.updated, report.unchanged, report.skipped]
    if counts != wanted or stream.rows != report.rows:
        raise FileChanged
