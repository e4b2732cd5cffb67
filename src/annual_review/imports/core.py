"""The one import core: read -> validate every row -> write in one transaction -> record.

The CLI (`annual-review import`) and the staff upload page both call `import_run`.
"""

import getpass
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction

from annual_review.imports.columns import (
    FORMULA,
    REQUIRED,
    TOO_LONG,
    Column,
    header_normalise,
    looks_like_formula,
)
from annual_review.imports.errors import FileRejected, RowError
from annual_review.imports.models import ImportRecord
from annual_review.imports.tables import Table, table_read

MISSING_COLUMN = "the required column is missing"
DUPLICATED_COLUMN = "the column appears more than once (as {first!r} and {second!r})"
NO_ROWS = "the file has a header but no data rows"
MAX_ERRORS_KEPT = 1000


@dataclass
class ImportReport:
    kind: str
    file_name: str
    sha256: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)

    def summary(self) -> str:
        verb = "Imported" if self.committed else "Would import"
        if not self.ok:
            return f"{self.file_name}: {self.error_count} error(s); nothing was written."
        text = (
            f"{verb} {self.rows} row(s) of {self.kind} from {self.file_name}: "
            f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged"
        )
        if self.skipped:
            text += f", {self.skipped} skipped"
        return text + ("." if self.committed else ". Dry run: add --commit to write.")


@dataclass
class ParsedRows:
    """Valid rows as dicts of parsed values keyed by column name, with their row numbers."""

    table: Table
    numbers: list[int]
    values: list[dict[str, Any]]
    present: set[str]

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return iter(zip(self.numbers, self.values, strict=True))


class Plan(Protocol):
    """What a kind's planning step returns: counts of what would change, and how to write it."""

    @property
    def created(self) -> int: ...

    @property
    def updated(self) -> int: ...

    @property
    def unchanged(self) -> int: ...

    @property
    def skipped(self) -> int: ...

    def write(self) -> None: ...


@dataclass(frozen=True)
class ImportKind:
    """One kind of record: its columns, how rows become a plan, and how that plan is written."""

    name: str
    columns: tuple[Column, ...]
    plan: Callable[[ParsedRows, ImportReport, dict[str, Any]], Plan]
    description: str = ""


def headers_match(table: Table, kind: ImportKind, report: ImportReport) -> dict[str, int]:
    """Column name -> position in the file; reports missing and duplicated columns."""
    wanted: dict[str, str] = {}
    for column in kind.columns:
        for form in (column.name, *column.aliases):
            wanted[header_normalise(form)] = column.name
    positions: dict[str, int] = {}
    seen_as: dict[str, str] = {}
    ignored = []
    for index, header in enumerate(table.headers):
        name = wanted.get(header_normalise(header))
        if name is None:
            if header.strip():
                ignored.append(header.strip())
            continue
        if name in positions:
            report.add_error(
                RowError(
                    table.file_name,
                    table.header_row,
                    header,
                    None,
                    DUPLICATED_COLUMN.format(first=seen_as[name], second=header),
                )
            )
            continue
        positions[name] = index
        seen_as[name] = header
    for column in kind.columns:
        if column.required and column.name not in positions:
            report.add_error(
                RowError(table.file_name, table.header_row, column.name, None, MISSING_COLUMN)
            )
    if ignored:
        report.warnings.append("Columns ignored: " + ", ".join(ignored))
    return positions


def rows_parse(table: Table, kind: ImportKind, report: ImportReport) -> ParsedRows | None:
    positions = headers_match(table, kind, report)
    if not report.ok:
        return None
    if not table.rows:
        report.add_error(RowError(table.file_name, None, None, None, NO_ROWS))
        return None
    columns = [(c, positions[c.name]) for c in kind.columns if c.name in positions]
    file_name = table.file_name
    numbers: list[int] = []
    values: list[dict[str, Any]] = []
    for number, cells in table.rows:
        parsed: dict[str, Any] = {}
        row_ok = True
        for column, index in columns:
            text = cells[index].strip()
            if not text:
                if column.required:
                    report.add_error(RowError(file_name, number, column.name, "", REQUIRED))
                    row_ok = False
                parsed[column.name] = None
                continue
            if len(text) > column.max_length:
                report.add_error(
                    RowError(
                        file_name,
                        number,
                        column.name,
                        text,
                        TOO_LONG.format(limit=column.max_length),
                    )
                )
                row_ok = False
                continue
            if text[0] in "=+-@\t\r" and looks_like_formula(text):
                report.add_error(RowError(file_name, number, column.name, text, FORMULA))
                row_ok = False
                continue
            try:
                parsed[column.name] = column.parse(text)
            except ValueError as exc:
                report.add_error(RowError(file_name, number, column.name, text, str(exc)))
                row_ok = False
        if row_ok:
            numbers.append(number)
            values.append(parsed)
    report.rows = len(table.rows)
    return ParsedRows(table=table, numbers=numbers, values=values, present=set(positions))


def import_run(
    *,
    kind: str,
    path: Path,
    commit: bool = False,
    user: str | None = None,
    options: dict[str, Any] | None = None,
    file_name: str | None = None,
) -> ImportReport:
    """Validate a file of `kind`; if it has no error and `commit` is set, write it atomically."""
    from annual_review.imports.kinds import IMPORT_KINDS

    spec = IMPORT_KINDS[kind]
    options = options or {}
    report = ImportReport(kind=kind, file_name=file_name or path.name)
    try:
        table = table_read(path, file_name=file_name)
    except FileRejected as rejected:
        for error in rejected.errors:
            report.add_error(error)
        return report
    report.sha256 = table.sha256
    parsed = rows_parse(table, spec, report)
    if parsed is None:
        return report
    plan = spec.plan(parsed, report, options)
    if not report.ok:
        return report
    report.created, report.updated = plan.created, plan.updated
    report.unchanged, report.skipped = plan.unchanged, plan.skipped
    if commit:
        with transaction.atomic():
            plan.write()
            ImportRecord.objects.create(
                kind=kind,
                file_name=report.file_name,
                sha256=report.sha256,
                imported_by=user or _current_user(),
                rows=report.rows,
                created=plan.created,
                updated=plan.updated,
                unchanged=plan.unchanged,
                skipped=plan.skipped,
                options={k: v for k, v in options.items() if v is not None},
            )
        report.committed = True
    return report


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
