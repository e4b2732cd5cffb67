"""Reading an uploaded table (CSV in UTF-8 with or without BOM, or XLSX) into rows of text."""

import codecs
import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from itertools import compress, repeat
from operator import contains, itemgetter
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


def table_read(path: Path, *, file_name: str | None = None) -> Table:
    name = file_name or path.name
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data or data.isspace():
        raise FileRejected(RowError(name, None, None, None, EMPTY_FILE))
    is_xlsx = data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        numbers, records = _read_xlsx(data, name)
    elif name.lower().endswith((".csv", ".txt")) or "." not in name:
        # Handed over in a list that _read_csv empties: the file's bytes are freed once decoded
        # rather than held beside the text and its rows (a third of the peak for a large file).
        source = [data]
        del data
        numbers, records = _read_csv(source, name)
    elif name.lower().endswith(".xls"):
        raise FileRejected(RowError(name, None, None, None, OLD_XLS))
    else:
        raise FileRejected(RowError(name, None, None, None, UNSUPPORTED_TYPE))
    if not records:
        raise FileRejected(RowError(name, None, None, None, NO_HEADER))
    header_row, headers = numbers[0], records[0]
    while headers and not headers[-1].strip():
        headers.pop()
    width = len(headers)
    if width == 1 and not is_xlsx:
        for delimiter, delimiter_name in ((";", "semicolons"), ("\t", "tabs")):
            if delimiter in headers[0]:
                shown = "';'" if delimiter == ";" else "tabs"
                raise FileRejected(
                    RowError(
                        name,
                        header_row,
                        None,
                        None,
                        OTHER_DELIMITER.format(delimiter=shown, delimiter_name=delimiter_name),
                    )
                )
    del numbers[0], records[0]
    # Checked as a whole first: in a well-formed file every row already has the header's width.
    if records and set(map(len, records)) != {width}:
        errors = []
        for position, (number, row) in enumerate(zip(numbers, records, strict=True)):
            if len(row) > width and not any(c.strip() for c in row[width:]):
                del row[width:]
            if len(row) == width:
                continue
            if is_xlsx:
                records[position] = (row + [""] * width)[:width]
                continue
            errors.append(
                RowError(
                    name,
                    number,
                    None,
                    None,
                    WRONG_FIELD_COUNT.format(found=len(row), expected=width),
                )
            )
        if errors:
            raise FileRejected(*errors)
    return Table(
        file_name=name,
        sha256=digest,
        headers=headers,
        header_row=header_row,
        numbers=numbers,
        records=records,
    )


def _read_csv(source: list[bytes], name: str) -> tuple[list[int], list[list[str]]]:
    data = source.pop()
    if data.startswith(OTHER_BOMS):
        raise FileRejected(RowError(name, None, None, None, UTF16))
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise FileRejected(RowError(name, None, None, None, SEEMS_BINARY.format(what=what)))
    if b"\x00" in data:
        start = data[:4000]
        even, odd = start[0::2].count(0), start[1::2].count(0)
        half = max(len(start) // 2, 1)
        if max(even, odd) >= half * 2 // 5 and min(even, odd) <= half // 20:
            # ASCII letters in UTF-16 are a letter and a zero: zeros on one side only.
            raise FileRejected(RowError(name, None, None, None, SEEMS_UTF16))
        if sum(start.count(byte) for byte in CONTROL_BYTES) >= len(start) // 20:
            raise FileRejected(
                RowError(name, None, None, None, SEEMS_BINARY.format(what="binary data"))
            )
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FileRejected(RowError(name, line, None, None, NUL_BYTE))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise FileRejected(RowError(name, line, None, f"bytes {bad}", NOT_UTF8)) from exc
    del data
    records = _records_split(text)
    if records is None:
        records, numbers = _records_read(text, name)
    else:
        numbers = list(range(1, len(records) + 1))
    # Blank lines (and rows of empty cells) are not rows. A row whose first cell has text is not
    # blank, which settles nearly every row in C; only otherwise is each row joined and checked.
    try:
        blank_possible = not all(map(str.strip, map(itemgetter(0), records)))
    except IndexError:  # an empty line, read as a record without cells
        blank_possible = True
    if blank_possible:
        joined = list(map(str.strip, map("".join, records)))
        if "" in joined:
            keep = [i for i, text in enumerate(joined) if text]
            numbers = [numbers[i] for i in keep]
            records = [records[i] for i in keep]
    return numbers, records


def _records_split(text: str) -> list[list[str]] | None:
    """The records of a CSV text whose quoted fields never span lines, or None for any other.

    A line without a quote character is its fields split at the commas, exactly as the csv
    module reads it, and splitting is several times faster; the lines with quotes go through
    the csv module together. Line i of the text is then record i. None (read it the slow way)
    for a carriage return that does not end a line, a quoted field spanning lines, or a line
    longer than the csv module accepts as a field.
    """
    returns = text.count("\r")
    ending = "\n"
    if returns:
        if returns != text.count("\r\n"):
            return None
        if returns == text.count("\n"):
            ending = "\r\n"  # every line ends so (the csv module writes that)
        else:
            text = text.replace("\r\n", "\n")
    lines = text.split(ending)
    if lines[-1] == "":
        lines.pop()
    if max(map(len, lines), default=0) > csv.field_size_limit():
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


def _records_read(text: str, name: str) -> tuple[list[list[str]], list[int]]:
    """Every record of a CSV text with the line each starts on, read by the csv module."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error:
        # Read again, line by line, to name the line where the broken row starts (an
        # unterminated quote is only noticed at the end of the file).
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        start = 1
        try:
            for _ in reader:
                start = reader.line_num + 1
        except csv.Error as exc:
            raise FileRejected(
                RowError(name, start, None, None, BAD_CSV.format(reason=exc))
            ) from exc
        raise
    # Each record takes at least one line; if there are as many records as lines, record i is
    # on line i + 1 and no quoted field spans lines. Otherwise count lines the slow way.
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    carriage_returns = text.count("\r")
    if lines == len(records) and (not carriage_returns or carriage_returns == text.count("\r\n")):
        return records, list(range(1, len(records) + 1))
    numbers = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    for _ in reader:
        numbers.append(start)
        start = reader.line_num + 1
    return records, numbers


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


def _read_xlsx(data: bytes, name: str) -> tuple[list[int], list[list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    _xlsx_size_check(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise FileRejected(RowError(name, None, None, None, NOT_XLSX)) from exc
    numbers: list[int] = []
    records: list[list[str]] = []
    errors: list[RowError] = []
    try:
        sheet = _sheet_chosen(workbook, name)
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            row = []
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    errors.append(
                        RowError(
                            name,
                            number,
                            get_column_letter(index + 1),
                            str(cell.value),
                            FORMULA_CELL,
                        )
                    )
                row.append(_cell_text(cell.value))
            if any(c.strip() for c in row):
                numbers.append(number)
                records.append(row)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileRejected(RowError(name, None, None, None, NOT_XLSX)) from exc
    finally:
        workbook.close()
    if errors:
        raise FileRejected(*errors)
    return numbers, records


def _xlsx_size_check(data: bytes, name: str) -> None:
    """Refuse a workbook that would unpack to too much, or a part packed like a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
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
