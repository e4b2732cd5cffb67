"""Reading an uploaded table (CSV in UTF-8 with or without BOM, or XLSX) into rows of text."""

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

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


@dataclass(frozen=True)
class Table:
    """A read table: header cells, numbered data rows (each as wide as the header), checksum.

    Row numbers are the line (CSV) or sheet row (XLSX) where a row starts, as an editor or a
    spreadsheet shows them: the header is usually row 1.
    """

    file_name: str
    sha256: str
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]


def table_read(path: Path, *, file_name: str | None = None) -> Table:
    name = file_name or path.name
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise FileRejected(RowError(name, None, None, None, EMPTY_FILE))
    if data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        numbered = _read_xlsx(data, name)
    elif name.lower().endswith((".csv", ".txt")) or "." not in name:
        numbered = _read_csv(data, name)
    else:
        raise FileRejected(RowError(name, None, None, None, UNSUPPORTED_TYPE))
    if not numbered:
        raise FileRejected(RowError(name, None, None, None, NO_HEADER))
    header_row, headers = numbered[0]
    while headers and not headers[-1].strip():
        headers.pop()
    width = len(headers)
    rows = []
    errors = []
    for number, row in numbered[1:]:
        if len(row) > width and not any(c.strip() for c in row[width:]):
            del row[width:]
        if len(row) != width:
            if name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
                row = (row + [""] * width)[:width]
            else:
                errors.append(
                    RowError(
                        name,
                        number,
                        None,
                        None,
                        WRONG_FIELD_COUNT.format(found=len(row), expected=width),
                    )
                )
                continue
        rows.append((number, row))
    if errors:
        raise FileRejected(*errors)
    return Table(file_name=name, sha256=digest, headers=headers, header_row=header_row, rows=rows)


def _read_csv(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FileRejected(RowError(name, line, None, None, NUL_BYTE))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise FileRejected(RowError(name, line, None, f"bytes {bad}", NOT_UTF8)) from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    numbered = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                numbered.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileRejected(
            RowError(name, reader.line_num, None, None, BAD_CSV.format(reason=exc))
        ) from exc
    return numbered


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise FileRejected(RowError(name, None, None, None, NOT_XLSX)) from exc
    numbered: list[tuple[int, list[str]]] = []
    errors: list[RowError] = []
    try:
        sheet = workbook.worksheets[0]
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
                numbered.append((number, row))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileRejected(RowError(name, None, None, None, NOT_XLSX)) from exc
    finally:
        workbook.close()
    if errors:
        raise FileRejected(*errors)
    return numbered
