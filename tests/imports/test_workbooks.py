"""XLSX workbooks: which sheet is read, date cells, and zip bombs refused before unpacking."""

import io
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from annual_review.casework.models import Decision
from annual_review.imports import tables
from annual_review.imports.errors import FileRejected
from annual_review.imports.tables import (
    XLSX_MAX_RATIO,
    XLSX_RATIO,
    XLSX_SHEETS_AMBIGUOUS,
    XLSX_TOO_LARGE,
    table_read,
)
from tests.imports.files import DECISION_HEADER, database_snapshot

pytestmark = pytest.mark.django_db

ROW = ["23900009", "E07000234", "2023-06-01", "", "Housing", "upheld", "no", "no", "A summary"]


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _decisions_book() -> Workbook:
    book = Workbook()
    book.active.append(DECISION_HEADER.split(","))
    book.active.append(ROW)
    return book


def test_the_active_visible_sheet_is_read_not_a_hidden_first_sheet(run_import):
    """A hidden first sheet holding other rows is ignored: the visible, active sheet is read."""
    book = Workbook()
    hidden = book.active
    hidden.title = "Old"
    hidden.append(DECISION_HEADER.split(","))
    hidden.append(["23900077", *ROW[1:]])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Decisions")
    shown.append(DECISION_HEADER.split(","))
    shown.append(ROW)
    book.active = 1
    report = run_import("decisions", _saved(book), name="two-sheets.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert list(Decision.objects.values_list("reference", flat=True)) == ["23900009"]


def test_a_workbook_whose_active_sheet_is_hidden_among_visible_ones_is_refused(run_import):
    """Active sheet hidden, two visible: which one is meant is ambiguous, so nothing is read."""
    book = _decisions_book()
    book.create_sheet("Second").append(DECISION_HEADER.split(","))
    book.create_sheet("Third").append(DECISION_HEADER.split(","))
    book.active.sheet_state = "hidden"
    # openpyxl makes a visible sheet active on saving; a workbook from elsewhere may not.
    saved = zipfile.ZipFile(io.BytesIO(_saved(book)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in saved.namelist():
            part = saved.read(name)
            if name == "xl/workbook.xml":
                part = part.replace(b'activeTab="1"', b'activeTab="0"')
            archive.writestr(name, part)
    before = database_snapshot()
    report = run_import("decisions", out.getvalue(), name="ambiguous.xlsx")
    assert [e.reason for e in report.errors] == [XLSX_SHEETS_AMBIGUOUS.format(count=2)]
    assert database_snapshot() == before


def test_a_date_cell_holding_a_time_gives_its_date(run_import):
    """A decision date cell of 2023-06-01 14:30 is the decision of 1 June 2023."""
    book = Workbook()
    book.active.append(DECISION_HEADER.split(","))
    book.active.append([*ROW[:2], datetime(2023, 6, 1, 14, 30), *ROW[3:]])
    report = run_import("decisions", _saved(book), name="timed.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert Decision.objects.get().decision_date.isoformat() == "2023-06-01"


def _bomb(path: Path, *, part: str, head: bytes, filler: bytes, size: int, tail: bytes) -> None:
    """A real workbook whose `part` is rewritten as head + `size` bytes of filler + tail,
    streamed into the archive (never held in memory), packed as tightly as deflate can."""
    original = zipfile.ZipFile(io.BytesIO(_saved(_decisions_book())))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in original.namelist():
            if name != part:
                content = original.read(name)
                if name == "[Content_Types].xml" and part == "xl/sharedStrings.xml":
                    # openpyxl writes no shared strings; declare the part, as Excel does.
                    content = content.replace(b"</Types>", SST_TYPE + b"</Types>")
                archive.writestr(name, content)
        with archive.open(part, "w", force_zip64=True) as out:
            out.write(head)
            chunk = filler * (1024**2 // len(filler))
            for _ in range(size // len(chunk)):
                out.write(chunk)
            out.write(tail)


SST_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SST_HEAD = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'


def test_a_sheet_inflating_to_whitespace_is_refused_before_reading(run_import, tmp_path):
    """A sheet packed 1,000 to 1 (whitespace) is refused from the archive's directory."""
    path = tmp_path / "whitespace.xlsx"
    _bomb(
        path,
        part="xl/worksheets/sheet1.xml",
        head=b'<?xml version="1.0"?><worksheet>',
        filler=b" ",
        size=64 * 1024**2,
        tail=b"</worksheet>",
    )
    before = database_snapshot()
    report = run_import("decisions", path.read_bytes(), name="whitespace.xlsx")
    assert len(report.errors) == 1
    error = report.errors[0]
    assert error.reason.startswith(
        XLSX_RATIO.split("{ratio")[0].format(part="xl/worksheets/sheet1.xml")
    )
    assert f"at most {XLSX_MAX_RATIO} is accepted" in str(error)
    assert database_snapshot() == before


def test_a_workbook_unpacking_beyond_the_limit_is_refused(run_import, monkeypatch):
    """The whole archive's unpacked size is bounded too (here the limit is lowered to 1 KB)."""
    monkeypatch.setattr(tables, "XLSX_MAX_UNPACKED", 1024)
    data = _saved(_decisions_book())
    total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    report = run_import("decisions", data, name="large.xlsx")
    assert [e.reason for e in report.errors] == [
        XLSX_TOO_LARGE.format(size=total // 1024**2, limit=0)
    ]


MEASURE = """
import resource, sys
from pathlib import Path
from annual_review.imports.errors import FileRejected
from annual_review.imports.tables import table_read
try:
    table_read(Path(sys.argv[1]))
    print("read")
except FileRejected as rejected:
    print(rejected.errors[0].reason)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.slow
def test_a_one_gib_shared_string_is_refused_within_a_small_memory_bound(tmp_path):
    """A 1 MB workbook holding one 1 GiB shared string is refused; reading it peaks under
    150 MB of resident memory (measured in a fresh process; before the check it took 2.1 GB)."""
    path = tmp_path / "bomb.xlsx"
    _bomb(
        path,
        part="xl/sharedStrings.xml",
        head=SST_HEAD,
        filler=b"a",
        size=1024**3,
        tail=b"</t></si></sst>",
    )
    assert path.stat().st_size < 2 * 1024**2
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True
    )
    reason, peak_mb = result.stdout.strip().splitlines()
    assert reason.startswith("the workbook's part 'xl/sharedStrings.xml' unpacks to")
    assert int(peak_mb) < 150, f"peak {peak_mb} MB"


def test_table_read_refuses_the_bomb_with_a_file_error(tmp_path):
    """The refusal is a file error (no row, no column), as every unreadable file's is."""
    path = tmp_path / "small-bomb.xlsx"
    _bomb(
        path,
        part="xl/sharedStrings.xml",
        head=SST_HEAD,
        filler=b"a",
        size=16 * 1024**2,
        tail=b"</t></si></sst>",
    )
    with pytest.raises(FileRejected) as refused:
        table_read(path)
    (error,) = refused.value.errors
    assert (error.row, error.column) == (None, None)
    assert "xl/sharedStrings.xml" in error.reason
