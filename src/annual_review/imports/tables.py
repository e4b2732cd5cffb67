"""Reading an uploaded table (CSV in UTF-8 with or without BOM, or XLSX) into rows of text."""

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, compress, islice, repeat
from operator import contains
from pathlib import Path
from typing import Any

from annual_review.imports.errors import FileRejected, RowError

EMPTY_FILE = "the file is empty"
NO_HEADER = "the file has no header row"
NOT_UTF8 = "the file is not valid UTF-8 text (save it as 'CSV UTF-8')"
NOT_XLSX = "the file is not a readable XLSX workbook"
BAD_CSV = "the CSV could not be read: {reason}"
FORMULA_CELL = "the cell holds a spreadsheet formula; enter the value itself"
UNSUPPORTED_TYPE = "only .csv and .xlsx files can be imported"
WRONG_FIELD_COUNT = "the row has {found} fields but the header has {expected}"
NUL_BYTE = "the file contains a NUL byte, which text files never do"
UTF16 = "the file is UTF-16 or UTF-32 text; save it as 'CSV UTF-8'"
SEEMS_UTF16 = (
    "the file seems to be UTF-16 text without a byte-order mark (every other byte is zero); "
    "save it as 'CSV UTF-8'"
)
SEEMS_BINARY = "the file seems to be {what}, not a table; save the table as 'CSV UTF-8' or .xlsx"
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
XLSX_SHEETS_AMBIGUOUS = (
    "the workbook's active sheet is hidden and it has {count} visible sheets; make the sheet "
    "to import the active one (or the only visible one)"
)
# Files recognised by their first bytes, to say what a refused file seems to be.
SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (such as an Excel .xls workbook)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# Bytes no text file holds (control characters other than tab, line feed and carriage return).
CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])
# A workbook is read only if it unpacks to at most this much in all, and no large part
# unpacks to more than this many times its packed size (plain tables pack 5 to 30 times; a
# zip bomb about 1,000). Checked from the archive's directory, before anything is unpacked;
# zipfile stops at the declared size, so a part cannot unpack to more than it claims.
XLSX_MAX_UNPACKED = 2 * 1024**3
XLSX_MAX_RATIO = 200
XLSX_RATIO_FROM = 1024**2  # parts smaller than this are not held to the ratio
# Byte-order marks of encodings other than UTF-8 (whose BOM is accepted and skipped).
OTHER_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


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


# The file is read this many bytes at a time when it is checked and hashed, and a CSV this
# many lines at a time when its rows are split: neither grows with the file.
READ_CHUNK = 1024**2
SPLIT_LINES = 5_000
# Rows a whole-table read gathers per batch (`table_read`): the batches are joined anyway.
WHOLE_BATCH = 1_000_000


@dataclass
class _Scan:
    """What one pass over a file's bytes finds: its checksum, whether it holds anything but
    white space, and for a text file its first NUL byte (offset, line) and first byte that is
    not UTF-8 (offset)."""

    sha256: str
    blank: bool
    start: bytes
    lines: int
    nul: tuple[int, int] | None
    not_utf8: int | None


def _bytes_scan(path: Path, *, text: bool) -> _Scan:
    digest = hashlib.sha256()
    blank, lines, offset = True, 0, 0
    nul: tuple[int, int] | None = None
    not_utf8: int | None = None
    carry = b""
    start = b""
    with path.open("rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            digest.update(chunk)
            if not start:
                start = chunk[:4000]
            if blank and not chunk.isspace():
                blank = False
            if text:
                if nul is None and (at := chunk.find(b"\x00")) >= 0:
                    nul = (offset + at, lines + chunk.count(b"\n", 0, at) + 1)
                if not_utf8 is None:
                    # A character cut by the chunk's end is carried into the next chunk.
                    buffer = carry + chunk
                    try:
                        buffer.decode("utf-8")
                        carry = b""
                    except UnicodeDecodeError as exc:
                        if exc.end == len(buffer) and exc.reason == "unexpected end of data":
                            carry = buffer[exc.start :]
                        else:
                            not_utf8 = offset - len(carry) + exc.start
                lines += chunk.count(b"\n")
            offset += len(chunk)
    if text and not_utf8 is None and carry:
        not_utf8 = offset - len(carry)
    return _Scan(digest.hexdigest(), blank, start, lines, nul, not_utf8)


def _bytes_at(path: Path, offset: int) -> tuple[int, bytes]:
    """The line (counting line feeds before it) of the byte at `offset`, and its four bytes."""
    lines, read = 0, 0
    with path.open("rb") as handle:
        while read < offset and (chunk := handle.read(min(READ_CHUNK, offset - read))):
            lines += chunk.count(b"\n")
            read += len(chunk)
        return lines + 1, handle.read(4)


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

    def table(self) -> Table:
        """The whole table at once (kinds whose files are small, and tests)."""
        numbers: list[int] = []
        records: list[list[str]] = []
        for batch in self.batches(WHOLE_BATCH):
            numbers.extend(batch.numbers)
            records.extend(batch.records)
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
                sheet = _sheet_chosen(workbook, name)
                for number, row, formulas in _sheet_rows(workbook, sheet):
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


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}f"
_INLINE, _TEXT, _RUN = f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}r"
_SHEET_DATA = f"{_MAIN}sheetData"


def _sheet_rows(
    workbook: Any, sheet: Any
) -> Iterator[tuple[int, list[str], list[tuple[int, str]]]]:
    """Each row of a read-only sheet: its number, its cells' text (as `_cell_text` makes it;
    a cell missing between two is empty) and its formula cells (column index, formula).

    The values are openpyxl's (shared and inline strings, numbers, dates by the cell's style,
    booleans), read from the sheet's XML with one parse and no cell objects: openpyxl's own
    `iter_rows` costs several times more per cell (docs/PERFORMANCE.md). The dimension the sheet
    declares is not trusted: every row and cell is read.
    """
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.worksheet._reader import _cast_number
    from openpyxl.xml.functions import iterparse

    shared = sheet._shared_strings
    dates = workbook._date_formats
    durations = workbook._timedelta_formats
    epoch = workbook.epoch
    with workbook._archive.open(sheet._worksheet_path) as source:
        parent = None
        number = 0
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET_DATA:
                    parent = element  # its rows are let go once read
                continue
            if element.tag != _ROW:
                continue
            found = element.get("r")
            number = int(found) if found else number + 1
            texts: list[str] = []
            formulas: list[tuple[int, str]] = []
            for cell in element.iter(_CELL):
                where = cell.get("r")
                column = coordinate_to_tuple(where)[1] - 1 if where else len(texts)
                if column > len(texts):
                    texts.extend([""] * (column - len(texts)))
                kind = cell.get("t")
                formula = cell.find(_FORMULA)
                value: Any = None
                if formula is not None:
                    value = "=" + (formula.text or "")
                    formulas.append((column, value))
                elif kind == "inlineStr":
                    inline = cell.find(_INLINE)
                    if inline is not None:
                        value = "".join(
                            (node.text or "") if node.tag == _TEXT else node.findtext(_TEXT, "")
                            for node in inline
                            if node.tag in (_TEXT, _RUN)
                        )
                else:
                    value = cell.findtext(_VALUE, None) or None
                    if value is None:
                        pass
                    elif kind is None or kind == "n":
                        value = _cast_number(value)
                        style = int(cell.get("s", 0))
                        if style and style in dates:
                            try:
                                value = from_excel(value, epoch, timedelta=style in durations)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                    elif kind == "s":
                        value = shared[int(value)]
                    elif kind == "b":
                        value = bool(int(value))
                    elif kind == "d":
                        value = from_ISO8601(value)
                texts.append(_cell_text(value))
            element.clear()
            if parent is not None:
                parent.clear()
            yield number, texts, formulas


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
    scan = _bytes_scan(path, text=is_csv)
    if scan.blank:
        raise FileRejected(RowError(name, None, None, None, EMPTY_FILE))
    rows_at_most = scan.lines + 1
    if is_xlsx:
        # Each row is at least `<row r="1"/>` unpacked.
        rows_at_most = _xlsx_size_check(path, name) // 10
    elif is_csv:
        _text_check(path, name, scan)
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


def _text_check(path: Path, name: str, scan: _Scan) -> None:
    """Refuse a CSV whose bytes are not UTF-8 text, saying what the file seems to be."""
    start = scan.start
    if start.startswith(OTHER_BOMS):
        raise FileRejected(RowError(name, None, None, None, UTF16))
    for signature, what in SIGNATURES:
        if start.startswith(signature):
            raise FileRejected(RowError(name, None, None, None, SEEMS_BINARY.format(what=what)))
    if scan.nul is not None:
        even, odd = start[0::2].count(0), start[1::2].count(0)
        half = max(len(start) // 2, 1)
        if max(even, odd) >= half * 2 // 5 and min(even, odd) <= half // 20:
            # ASCII letters in UTF-16 are a letter and a zero: zeros on one side only.
            raise FileRejected(RowError(name, None, None, None, SEEMS_UTF16))
        if sum(start.count(byte) for byte in CONTROL_BYTES) >= len(start) // 20:
            raise FileRejected(
                RowError(name, None, None, None, SEEMS_BINARY.format(what="binary data"))
            )
        raise FileRejected(RowError(name, scan.nul[1], None, None, NUL_BYTE))
    if scan.not_utf8 is not None:
        # Where the "utf-8-sig" decoder puts it: counted from after a byte-order mark.
        offset = scan.not_utf8 - (3 if start.startswith(codecs.BOM_UTF8) else 0)
        line, bad = _bytes_at(path, offset)
        raise FileRejected(RowError(name, line, None, f"bytes {bad.hex(' ')}", NOT_UTF8))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # A date cell that also holds a time of day: the record's date is the day (a time in
        # the cell is how some systems export a date); the time is not kept anywhere.
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def _sheet_chosen(workbook: Any, name: str) -> Any:
    """The sheet a person sees on opening the workbook: the active one, if it is visible;
    otherwise the only visible sheet; several visible sheets and a hidden active one are
    ambiguous and refused."""
    sheets = workbook.worksheets
    active = workbook.active
    if active is not None and getattr(active, "sheet_state", "visible") == "visible":
        return active
    visible = [sheet for sheet in sheets if getattr(sheet, "sheet_state", "visible") == "visible"]
    if len(visible) == 1:
        return visible[0]
    raise FileRejected(
        RowError(name, None, None, None, XLSX_SHEETS_AMBIGUOUS.format(count=len(visible)))
    )
