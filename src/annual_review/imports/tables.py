"""Reading an uploaded table (CSV in UTF-8 with or without BOM, or XLSX) into rows of text."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, compress, islice, repeat
from operator import contains
from pathlib import Path

from annual_review.imports.errors import FileRejected, RowError
from annual_review.imports.file_bytes import (  # noqa: F401 - the messages tests and pages name
    NOT_UTF8,
    NUL_BYTE,
    SEEMS_BINARY,
    SEEMS_UTF16,
    UTF16,
    bytes_scan,
    text_check,
)
from annual_review.imports.sheets import (  # noqa: F401 - as above
    FORMULA_CELL,
    XLSX_SHEETS_AMBIGUOUS,
    sheet_chosen,
    sheet_rows,
)

EMPTY_FILE = "the file is empty"
NO_HEADER = "the file has no header row"
NOT_XLSX = "the file is not a readable XLSX workbook"
BAD_CSV = "the CSV could not be read: {reason}"
UNSUPPORTED_TYPE = "only .csv and .xlsx files can be imported"
WRONG_FIELD_COUNT = "the row has {found} fields but the header has {expected}"
TOO_MANY_ROWS = (
    "the file has more than {most:,} data rows; a file of this kind is read whole, so it may"
    " hold at most {most:,}"
)
OLD_XLS = "old Excel .xls workbooks cannot be read; save the workbook as .xlsx or 'CSV UTF-8'"
OTHER_DELIMITER = (
    "the header is one column holding {delimiter}: the file seems to be separated by "
    "{delimiter_name}, not commas; save it as 'CSV UTF-8' (comma delimited)"
)
XLSX_TOO_LARGE = (
    "the workbook would unpack to {size:,} MB, more than the {limit:,} MB that can be imported"
)
XLSX_RATIO = (
    "the workbook's part {part!r} unpacks to {ratio:,} times its packed size (at most {limit} "
    "is accepted): it is not a plain table"
)
# A workbook is read only if it unpacks to at most this much in all, and no large part
# unpacks to more than this many times its packed size (plain tables pack 5 to 30 times; a
# zip bomb about 1,000). Checked from the archive's directory, before anything is unpacked;
# zipfile stops at the declared size, so a part cannot unpack to more than it claims.
XLSX_MAX_UNPACKED = 2 * 1024**3
XLSX_MAX_RATIO = 200
XLSX_RATIO_FROM = 1024**2  # parts smaller than this are not held to the ratio


@dataclass(frozen=True)
class Table:
    """A read table: header cells, numbered data rows (each as wide as the header), checksum.

    Row numbers are the line (CSV) or sheet row (XLSX) where a row starts, as an editor or a
    spreadsheet shows them: the header is usually row 1. Rows are kept as two parallel lists
    (`numbers`, `records`) because a million small tuples cost more than the parsing itself.
    """

    file_name: str
    sha256: str
    headers: list[str]
    header_row: int
    numbers: list[int]
    records: list[list[str]]

    @property
    def rows(self) -> list[tuple[int, list[str]]]:
        return list(zip(self.numbers, self.records, strict=True))


SPLIT_LINES = 5_000
# Rows a whole-table read gathers per batch (`table_read`): the batches are joined anyway.
WHOLE_BATCH = 1_000_000


@dataclass
class TableStream:
    """A table read a batch of rows at a time, so that an import holds one batch of the file
    and not all of it (docs/PERFORMANCE.md, "Peak memory of large imports").

    `table_open` reads the file's bytes once (its checksum; for a CSV the checks of its bytes:
    byte-order marks, NUL bytes, UTF-8), a chunk at a time. `batches` then reads its rows and
    can be called again to read them again. Row numbers, blank rows, the header and every error
    are those of reading the whole table (`table_read` is `batches` joined).
    """

    path: Path
    file_name: str
    sha256: str
    is_xlsx: bool
    rows_at_most: int  # no more data rows than this (a CSV's lines; a workbook's bytes / 10)
    headers: list[str] = field(default_factory=list)
    header_row: int = 0
    rows: int = 0  # data rows, once `batches` has gone through the file

    def batches(self, size: int) -> Iterator[Table]:
        """The data rows, `size` at a time (at least one batch, empty if the file has only a
        header). Raises FileRejected for an unreadable file; rows with a file error (a CSV row
        of the wrong width, a workbook's formula) are collected over the whole file and raised
        together at its end, with no batch yielded after the first of them."""
        errors: list[RowError] = []
        records = self._xlsx_records(errors) if self.is_xlsx else self._csv_records()
        first = next(records, None)
        if first is None:
            if errors:
                raise FileRejected(*errors)
            raise FileRejected(RowError(self.file_name, None, None, None, NO_HEADER))
        header_row, headers = first
        while headers and not headers[-1].strip():
            headers.pop()
        width = len(headers)
        if width == 1 and not self.is_xlsx:
            self._delimiter_check(header_row, headers[0])
        self.headers, self.header_row = headers, header_row
        numbers: list[int] = []
        rows: list[list[str]] = []
        count = 0
        yielded = False
        for number, row in records:
            if len(row) != width:
                if len(row) > width and not any(c.strip() for c in row[width:]):
                    del row[width:]
                if len(row) != width:
                    if self.is_xlsx:
                        row = (row + [""] * width)[:width]
                    else:
                        errors.append(
                            RowError(
                                self.file_name,
                                number,
                                None,
                                None,
                                WRONG_FIELD_COUNT.format(found=len(row), expected=width),
                            )
                        )
                        continue
            numbers.append(number)
            rows.append(row)
            if len(rows) >= size:
                count += len(rows)
                if not errors:
                    yield self._table(numbers, rows)
                    yielded = True
                numbers, rows = [], []
        if errors:
            raise FileRejected(*errors)
        count += len(rows)
        self.rows = count
        if rows or not yielded:
            yield self._table(numbers, rows)

    def table(self, *, most_rows: int | None = None) -> Table:
        """The whole table at once (kinds whose files are small, and tests). With `most_rows`,
        a file with more data rows is refused once they have been read, before the rest is:
        what is held stays bounded whatever the file's size."""
        numbers: list[int] = []
        records: list[list[str]] = []
        size = WHOLE_BATCH if most_rows is None else min(WHOLE_BATCH, most_rows + 1)
        for batch in self.batches(size):
            numbers.extend(batch.numbers)
            records.extend(batch.records)
            if most_rows is not None and len(records) > most_rows:
                raise FileRejected(
                    RowError(self.file_name, None, None, None, TOO_MANY_ROWS.format(most=most_rows))
                )
        return self._table(numbers, records)

    def _table(self, numbers: list[int], records: list[list[str]]) -> Table:
        return Table(
            file_name=self.file_name,
            sha256=self.sha256,
            headers=self.headers,
            header_row=self.header_row,
            numbers=numbers,
            records=records,
        )

    def _delimiter_check(self, header_row: int, header: str) -> None:
        for delimiter, delimiter_name in ((";", "semicolons"), ("\t", "tabs")):
            if delimiter in header:
                shown = "';'" if delimiter == ";" else "tabs"
                raise FileRejected(
                    RowError(
                        self.file_name,
                        header_row,
                        None,
                        None,
                        OTHER_DELIMITER.format(delimiter=shown, delimiter_name=delimiter_name),
                    )
                )

    def _csv_records(self) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank record of the CSV with the line it starts on, as the csv module
        reads them. Most lines are split at their commas (several times faster, and exactly
        what the csv module makes of a line without quotes), `SPLIT_LINES` lines at a time;
        a batch of lines that cannot be (a quoted field over several lines, a carriage return
        alone) is read by the csv module, which may read on to the end of its last record."""
        limit = csv.field_size_limit()
        with self.path.open("rb") as raw:
            lines = iter(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
            line = 1  # the line the batch starts on
            while batch := list(islice(lines, SPLIT_LINES)):
                split = _lines_split(batch, limit)
                if split is not None:
                    for offset, record in enumerate(split):
                        if record[0].strip() or "".join(record).strip():
                            yield line + offset, record
                    line += len(batch)
                    continue
                reader = csv.reader(chain(batch, lines), strict=True)
                read = 0  # lines of the batch read so far
                try:
                    for record in reader:
                        if record and (record[0].strip() or "".join(record).strip()):
                            yield line + read, record
                        read = reader.line_num
                        if read >= len(batch):
                            break
                except csv.Error as exc:
                    raise FileRejected(
                        RowError(
                            self.file_name, line + read, None, None, BAD_CSV.format(reason=exc)
                        )
                    ) from exc
                line += read

    def _xlsx_records(self, errors: list[RowError]) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank row of the workbook's sheet with its number, read as openpyxl's
        read-only mode streams the sheet; a formula cell is an error (added to `errors`)."""
        from openpyxl import load_workbook
        from openpyxl.utils import get_column_letter

        name = self.file_name
        with self.path.open("rb") as handle:
            try:
                workbook = load_workbook(handle, read_only=True, data_only=False)
            except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
                raise FileRejected(RowError(name, None, None, None, NOT_XLSX)) from exc
            try:
                sheet = sheet_chosen(workbook, name)
                for number, row, formulas in sheet_rows(workbook, sheet):
                    for index, formula in formulas:
                        errors.append(
                            RowError(
                                name, number, get_column_letter(index + 1), formula, FORMULA_CELL
                            )
                        )
                    if any(c.strip() for c in row):
                        yield number, row
            except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
                raise FileRejected(RowError(name, None, None, None, NOT_XLSX)) from exc
            finally:
                workbook.close()


def _lines_split(batch: list[str], limit: int) -> list[list[str]] | None:
    """The records of lines (each with its line ending) whose quoted fields never span lines,
    one record a line, or None for any other batch (read it with the csv module).

    A line without a quote character is its fields split at the commas, exactly as the csv
    module reads it; the lines with quotes go through the csv module together. None for a
    carriage return that does not end a line, a quoted field spanning lines, or a line longer
    than the csv module accepts as a field.
    """
    joined = "".join(batch)
    if "\r" in joined and joined.count("\r") != joined.count("\r\n"):
        return None
    del joined
    lines = list(map(str.rstrip, batch, repeat("\r\n")))
    if max(map(len, lines), default=0) > limit:
        return None  # the csv module's own error names the over-long field
    records = list(map(str.split, lines, repeat(",")))
    quoted = list(compress(range(len(lines)), map(contains, lines, repeat('"'))))
    if quoted:
        try:
            parsed = list(csv.reader([lines[i] for i in quoted], strict=True))
        except csv.Error:
            return None
        if len(parsed) != len(quoted):
            return None
        for i, record in zip(quoted, parsed, strict=True):
            records[i] = record
    return records


def table_open(path: Path, *, file_name: str | None = None) -> TableStream:
    """Check a file's bytes (a chunk at a time) and open it for reading in batches; raises
    FileRejected if it is empty, not a table, or not UTF-8 text."""
    name = file_name or path.name
    with path.open("rb") as handle:
        head = handle.read(4)
    is_xlsx = head == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm"))
    is_csv = not is_xlsx and (name.lower().endswith((".csv", ".txt")) or "." not in name)
    scan = bytes_scan(path, text=is_csv)
    if scan.blank:
        raise FileRejected(RowError(name, None, None, None, EMPTY_FILE))
    rows_at_most = scan.lines + 1
    if is_xlsx:
        # Each row is at least `<row r="1"/>` unpacked.
        rows_at_most = _xlsx_size_check(path, name) // 10
    elif is_csv:
        text_check(path, name, scan)
    elif name.lower().endswith(".xls"):
        raise FileRejected(RowError(name, None, None, None, OLD_XLS))
    else:
        raise FileRejected(RowError(name, None, None, None, UNSUPPORTED_TYPE))
    return TableStream(
        path=path,
        file_name=name,
        sha256=scan.sha256,
        is_xlsx=is_xlsx,
        rows_at_most=rows_at_most,
    )


def table_read(path: Path, *, file_name: str | None = None) -> Table:
    """The whole table at once (kinds whose files are small, and tests)."""
    return table_open(path, file_name=file_name).table()


def _xlsx_size_check(path: Path, name: str) -> int:
    """Refuse a workbook that would unpack to too much, or a part packed like a zip bomb;
    the size it unpacks to."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileRejected(RowError(name, None, None, None, NOT_XLSX)) from exc
    total = sum(part.file_size for part in parts)
    if total > XLSX_MAX_UNPACKED:
        raise FileRejected(
            RowError(
                name,
                None,
                None,
                None,
                XLSX_TOO_LARGE.format(size=total // 1024**2, limit=XLSX_MAX_UNPACKED // 1024**2),
            )
        )
    for part in parts:
        if part.file_size < XLSX_RATIO_FROM:
            continue
        ratio = part.file_size // max(part.compress_size, 1)
        if ratio > XLSX_MAX_RATIO:
            raise FileRejected(
                RowError(
                    name,
                    None,
                    None,
                    None,
                    XLSX_RATIO.format(part=part.filename, ratio=ratio, limit=XLSX_MAX_RATIO),
                )
            )
    return total
