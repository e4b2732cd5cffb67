"""Reading a workbook's sheet: which sheet, and its rows' cells as text."""

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from annual_review.imports.errors import FileRejected, RowError

FORMULA_CELL = "the cell holds a spreadsheet formula; enter the value itself"


XLSX_SHEETS_AMBIGUOUS = (
    "the workbook's active sheet is hidden and it has {count} visible sheets; make the sheet "
    "to import the active one (or the only visible one)"
)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


_ROW, _CELL, _VALUE, _FORMULA = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}f"


_INLINE, _TEXT, _RUN = f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}r"


_SHEET_DATA = f"{_MAIN}sheetData"


def sheet_rows(workbook: Any, sheet: Any) -> Iterator[tuple[int, list[str], list[tuple[int, str]]]]:
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


def sheet_chosen(workbook: Any, name: str) -> Any:
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
