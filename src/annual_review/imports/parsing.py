"""What an import is made of, and reading a table into it: the kind of record (its columns, its\nplan, its streamed form), the report an import gives, and the checks that turn a table's header\nand cells into parsed rows with a row-and-column error for every bad value."""

import heapq
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Protocol

from django.db import models

from annual_review.imports.columns import (
    FORMULA,
    FORMULA_STARTS,
    REQUIRED,
    TOO_LONG,
    Column,
    header_normalise,
    looks_like_formula,
    parse_reference,
    parse_text,
    references_valid,
)
from annual_review.imports.errors import RowError
from annual_review.imports.tables import Table

MISSING_COLUMN = "the required column is missing"


DUPLICATED_COLUMN = "the column appears more than once (as {first!r} and {second!r})"


NO_ROWS = "the file has a header but no data rows"


HEADER_INVISIBLE = (
    "the header holds an invisible character ({characters}); delete the header and type it again"
)


MAX_ERRORS_KEPT = 1000


_first_character = itemgetter(slice(0, 1))


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
    """Valid rows, column by column: parsed values keyed by column name, and their row numbers.

    Kinds that handle many rows work on `columns` directly; iterating gives one dict per row.
    """

    table: Table
    numbers: list[int]
    columns: dict[str, list[Any]]
    present: set[str]

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        names = list(self.columns)
        for position, number in enumerate(self.numbers):
            yield number, {name: self.columns[name][position] for name in names}


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


class BatchedCheck(Protocol):
    """A kind's checks of a file read a batch of rows at a time (imports/batched.py): it keeps
    what must be known across batches (the keys that must not repeat, say), and only that."""

    def check(self, parsed: ParsedRows, report: ImportReport, *, compare: bool) -> Any:
        """Report the batch's errors; if it has none and `compare`, its plan (an UpsertPlan)
        against what is stored, else None."""
        ...

    def finish(self, warnings: list[str]) -> None:
        """Add the warnings about the whole file, once every batch is checked."""
        ...


# Checks a batch of parsed rows and returns the rows to insert, or None if the batch has an
# error or cannot simply be inserted; must not touch the database (it may run in another process).
BatchRows = Callable[[ParsedRows, ImportReport], list[tuple[Any, ...]] | None]


@dataclass(frozen=True)
class StreamSpec:
    """How a kind streams a large file into an empty table: batches are checked while earlier
    ones are written. `prepare` reads what the checks need (the register, say) as plain,
    picklable data; `check` turns that data into the batch function, in this process or in the
    spawned checking process (imports/spawned.py). The normal path stays the reference for
    every other case."""

    model: type[models.Model]
    fields: tuple[str, ...]
    prepare: Callable[[dict[str, Any]], Any]
    check: Callable[[Any], BatchRows]


@dataclass(frozen=True)
class ImportKind:
    """One kind of record: its columns, how rows become a plan, and how that plan is written."""

    name: str
    columns: tuple[Column, ...]
    plan: Callable[[ParsedRows, ImportReport, dict[str, Any]], Plan]
    description: str = ""
    stream: StreamSpec | None = None
    # Kinds whose files can be large check and write them a batch at a time, holding one batch.
    batched: Callable[[dict[str, Any]], BatchedCheck] | None = None


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
            hidden = _invisible_characters(header)
            if hidden and wanted.get(header_normalise(_invisible_removed(header))):
                report.add_error(
                    RowError(
                        table.file_name,
                        table.header_row,
                        _invisible_shown(header),
                        None,
                        HEADER_INVISIBLE.format(characters=", ".join(hidden)),
                    )
                )
            elif header.strip():
                ignored.append(_invisible_shown(header.strip()))
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


def _is_invisible(character: str) -> bool:
    # Format characters (zero-width space U+200B, joiners, marks) and control characters;
    # the byte-order mark at the start of a file is removed before this.
    return unicodedata.category(character) in ("Cf", "Cc") and character not in "\t\r\n"


def _invisible_characters(header: str) -> list[str]:
    """The invisible characters of a header, as U+XXXX, each once, in order."""
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in header.lstrip("\ufeff") if _is_invisible(c))
    return list(found)


def _invisible_removed(header: str) -> str:
    return "".join(c for c in header if not _is_invisible(c))


def _invisible_shown(header: str) -> str:
    """A header with each invisible character written out, e.g. 'refer<U+200B>ence'."""
    return "".join(f"<U+{ord(c):04X}>" if _is_invisible(c) else c for c in header)


def column_parse(column: Column, raw: list[str]) -> tuple[list[Any], list[tuple[int, str, str]]]:
    """Parse one column of text: (values, errors as (position, value, reason)).

    Each distinct text is checked and parsed once (files repeat the same organisations, dates
    and outcomes); free-text columns, mostly distinct, are checked as a whole column first.
    """
    if column.parse is parse_text or column.parse is parse_reference:
        stripped = list(map(str.strip, raw))
        fine = (
            not (column.required and "" in stripped)
            and max(map(len, stripped), default=0) <= column.max_length
            and not FORMULA_STARTS & set(map(_first_character, stripped))
            and (column.parse is parse_text or references_valid(stripped))
        )
        if fine:
            return ([text or None for text in stripped] if "" in stripped else stripped), []
    good: dict[str, Any] = {}
    bad: dict[str, tuple[str, str]] = {}
    for cell in set(raw):
        text = cell.strip()
        if not text:
            if column.required:
                bad[cell] = ("", REQUIRED)
            else:
                good[cell] = None
        elif len(text) > column.max_length:
            bad[cell] = (text, TOO_LONG.format(limit=column.max_length))
        elif looks_like_formula(text):
            bad[cell] = (text, FORMULA)
        else:
            try:
                good[cell] = column.parse(text)
            except ValueError as exc:
                bad[cell] = (text, str(exc))
    values = list(map(good.get, raw))
    if not bad:
        return values, []
    return values, [(i, *bad[cell]) for i, cell in enumerate(raw) if cell in bad]


def rows_parse(table: Table, kind: ImportKind, report: ImportReport) -> ParsedRows | None:
    """Parse every cell of every row; rows with an error are reported and left out."""
    positions = headers_match(table, kind, report)
    if not report.ok:
        return None
    if not table.records:
        report.add_error(RowError(table.file_name, None, None, None, NO_ROWS))
        return None
    numbers = table.numbers
    # Problems as small tuples; RowErrors are made only for the ones the report keeps, so a
    # file with an error on each of a million rows does not hold a million error objects.
    problems_found: list[tuple[int, int, str, str]] = []
    columns: dict[str, list[Any]] = {}
    for order, column in enumerate(kind.columns):
        index = positions.get(column.name)
        if index is None:
            continue
        values, problems = column_parse(column, list(map(itemgetter(index), table.records)))
        columns[column.name] = values
        problems_found.extend(
            (position, order, text, reason) for position, text, reason in problems
        )
    report.rows = len(table.records)
    if problems_found:
        # Listed row by row, as a person fixing the file reads it.
        names = [column.name for column in kind.columns]
        kept = heapq.nsmallest(MAX_ERRORS_KEPT, problems_found, key=itemgetter(0, 1))
        for position, order, text, reason in kept:
            report.add_error(
                RowError(table.file_name, numbers[position], names[order], text, reason)
            )
        report.error_count += len(problems_found) - len(kept)
        failed = {problem[0] for problem in problems_found}
        del problems_found
        keep = [i for i in range(len(numbers)) if i not in failed]
        numbers = [numbers[i] for i in keep]
        columns = {name: [values[i] for i in keep] for name, values in columns.items()}
    return ParsedRows(table=table, numbers=list(numbers), columns=columns, present=set(positions))
