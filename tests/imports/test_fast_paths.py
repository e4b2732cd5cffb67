"""The fast paths of a large import read and write exactly what the plain ways would."""

import csv
import io
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annual_review.casework.models import Decision
from annual_review.imports import bulk, core
from annual_review.imports.errors import FileRejected
from annual_review.imports.models import ImportRecord
from annual_review.imports.tables import Table, table_read
from annual_review.register.models import Organisation
from tests.examples import examples
from tests.imports.files import database_snapshot, decisions_text, stored_decisions

# Cells drawn from the characters that matter to CSV: separators, quotes, line ends, spaces.
CELLS = st.text(alphabet=st.sampled_from(list('ab ,"\r\n\t')), max_size=6)


def _csv_text(header: list[str], rows: list[list[str]], ending: str) -> str:
    handle = io.StringIO(newline="")
    csv.writer(handle, lineterminator=ending).writerows([header, *rows])
    return handle.getvalue()


def _table(text: str) -> Table:
    """The table read from `text` saved as a CSV file, as an import reads it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "test.csv"
        path.write_bytes(text.encode("utf-8"))
        return table_read(path)


def _csv_module_rows(text: str) -> list[tuple[int, list[str]]]:
    """The data rows as the csv module reads them, each with the line it starts on; without
    the header and without blank rows (an import skips those)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, start = [], 1
    for record in reader:
        rows.append((start, record))
        start = reader.line_num + 1
    return [(number, record) for number, record in rows[1:] if "".join(record).strip()]


@settings(max_examples=examples(300), deadline=None)
@given(
    width=st.integers(min_value=1, max_value=4),
    data=st.data(),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_csv_files_read_as_the_csv_module_reads_them(width, data, ending):
    """Whatever the quoting and line endings, an imported CSV's rows are the csv module's, each
    numbered by the line it starts on (a carriage return inside an unquoted cell ends a line
    for the csv module too, so such a file is refused for its rows' widths)."""
    rows = data.draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=12))
    text = _csv_text([f"h{i}" for i in range(width)], rows, ending)
    # Empty cells past the header's width are dropped; any other row of another width refused.
    expected = [
        (number, record[:width] if not "".join(record[width:]).strip() else record)
        for number, record in _csv_module_rows(text)
    ]
    if all(len(record) == width for _number, record in expected):
        assert _table(text).rows == expected
    else:
        with pytest.raises(FileRejected):
            _table(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quoted field spanning lines
        ('h1,h2\n"b\nc",d\ne,f\n', [(2, ["b\nc", "d"]), (4, ["e", "f"])]),
        # a carriage return alone ends a line, as for the csv module
        ("h1,h2\ra,b\nc,d\n", [(2, ["a", "b"]), (3, ["c", "d"])]),
        # CRLF and LF lines in one file, quoted and plain
        (
            'h1,h2\r\n"x, y",2\nplain,3\r\n"q""uote",4',
            [(2, ["x, y", "2"]), (3, ["plain", "3"]), (4, ['q"uote', "4"])],
        ),
    ],
)
def test_csv_rows_and_their_line_numbers(text, expected):
    """Rows that span lines, lone carriage returns and mixed line endings are read as the csv
    module reads them, each numbered by the line it starts on."""
    assert _table(text).rows == expected == _csv_module_rows(text)


def test_an_unterminated_quote_is_refused_at_its_line():
    """A quote left open is refused, naming the line where its row starts."""
    with pytest.raises(FileRejected) as refused:
        _table('h1,h2\nx,y\na,"b\nc,d\n')
    (error,) = refused.value.errors
    assert (error.file, error.row) == ("test.csv", 3)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 7, 10, 23])
def test_many_rows_to_a_statement_stores_every_row_in_order(monkeypatch, count):
    """Rows inserted several to a statement, with a remainder, arrive whole and in file order."""
    monkeypatch.setattr(bulk, "SQLITE_ROWS_PER_STATEMENT", 5)
    org = Organisation.objects.get(code="BRM")
    day = bulk.dates_stored([date(2023, 6, 1)])[0]
    rows = [
        (f"FAST{n:04d}", org.pk, day, None, "housing", "upheld", n % 2 == 0, False, f"text {n}")
        for n in range(count)
    ]
    fields = [
        "reference",
        "organisation_id",
        "decision_date",
        "received_date",
        "category",
        "outcome",
        "satisfactory_remedy",
        "public_report",
        "summary",
    ]
    bulk.rows_insert(Decision, fields, rows)
    stored = list(
        Decision.objects.filter(reference__startswith="FAST")
        .order_by("id")
        .values_list("reference", "satisfactory_remedy", "summary")
    )
    assert stored == [(r[0], r[6], r[8]) for r in rows]


STREAM_ROWS = [
    f"2370{n:04d},{'BRM' if n % 3 else 'E07000234'},2023-06-{1 + n % 28:02d},,Housing,"
    f"{'upheld' if n % 2 else 'not_upheld'},{'yes' if n % 4 == 1 else 'no'},no,Summary {n}"
    for n in range(45)
]


@pytest.fixture
def streamed(monkeypatch):
    """Stream even a small file, in batches of 10 rows; yields how many streams were opened."""
    opened = []
    original = bulk.RowsStream.__init__

    def counting(self, *args, **kwargs):
        opened.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(core, "STREAM_MIN_ROWS", 20)
    monkeypatch.setattr(core, "STREAM_BATCH_ROWS", 10)
    monkeypatch.setattr(bulk.RowsStream, "__init__", counting)
    return opened


@pytest.mark.django_db
def test_streamed_import_stores_what_the_normal_path_stores(run_import, streamed, monkeypatch):
    """A large valid file into an empty table is streamed, with the normal path's result."""
    assert not Decision.objects.exists()
    report = run_import("decisions", decisions_text(*STREAM_ROWS))
    assert streamed == [1]
    assert report.ok and report.committed and (report.rows, report.created) == (45, 45)
    streamed_rows = stored_decisions()
    record = ImportRecord.objects.get()
    assert (record.rows, record.created, record.updated, record.unchanged) == (45, 45, 0, 0)
    Decision.objects.all().delete()
    ImportRecord.objects.all().delete()
    monkeypatch.setattr(core, "STREAM_MIN_ROWS", 10**9)
    normal = run_import("decisions", decisions_text(*STREAM_ROWS))
    assert (normal.rows, normal.created) == (45, 45)
    assert stored_decisions() == streamed_rows
    assert streamed == [1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_row",
    [
        "23700003,BRM,2023-06-02,,Housing,upheld,no,no,",  # a reference from an earlier batch
        "23709999,NOWHERE,2023-06-02,,Housing,upheld,no,no,",  # an unknown organisation
        "23709998,BRM,2023-02-30,,Housing,upheld,no,no,",  # an impossible date
    ],
)
def test_streamed_import_with_an_error_late_in_the_file_stores_nothing(
    run_import, streamed, bad_row, monkeypatch, tmp_path
):
    """An error in the last batch, after earlier batches were written: nothing is stored and
    the errors are exactly those the normal path reports."""
    before = database_snapshot()
    rows = [*STREAM_ROWS, bad_row]
    report = run_import("decisions", decisions_text(*rows))
    assert streamed == [1]
    assert not report.ok and not report.committed
    assert database_snapshot() == before
    monkeypatch.setattr(core, "STREAM_MIN_ROWS", 10**9)
    normal = run_import("decisions", decisions_text(*rows), commit=False)
    assert [str(e) for e in report.errors] == [str(e) for e in normal.errors]


@pytest.mark.django_db
def test_only_commits_into_an_empty_table_are_streamed(run_import, streamed):
    """A dry run never opens a stream; a second import of the same file takes the normal path."""
    dry = run_import("decisions", decisions_text(*STREAM_ROWS), commit=False)
    assert dry.ok and not dry.committed and streamed == []
    assert not Decision.objects.exists()
    run_import("decisions", decisions_text(*STREAM_ROWS))
    again = run_import("decisions", decisions_text(*STREAM_ROWS))
    assert streamed == [1]
    assert again.ok and (again.created, again.unchanged) == (0, 45)
