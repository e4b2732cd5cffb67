"""The fast paths of a large import read and write exactly what the plain ways would."""

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annual_review.casework.models import Decision
from annual_review.imports import bulk
from annual_review.imports.tables import _records_read, _records_split
from annual_review.register.models import Organisation

# Cells drawn from the characters that matter to CSV: separators, quotes, line ends, spaces.
CELLS = st.text(alphabet=st.sampled_from(list('ab ,"\r\n\t')), max_size=6)
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=12)


def _csv_text(rows: list[list[str]], ending: str) -> str:
    handle = io.StringIO(newline="")
    csv.writer(handle, lineterminator=ending).writerows(rows)
    return handle.getvalue()


@settings(max_examples=300, deadline=None)
@given(rows=ROWS, ending=st.sampled_from(["\n", "\r\n"]))
def test_split_reading_matches_the_csv_module(rows, ending):
    """Whenever the split path answers, its records are the csv module's, line for line."""
    text = _csv_text(rows, ending)
    split = _records_split(text)
    records, numbers = _records_read(text, "test.csv")
    if split is not None:
        assert split == records
        assert numbers == list(range(1, len(records) + 1))


@pytest.mark.parametrize(
    "text",
    [
        'a,"b\nc",d\ne,f,g\n',  # a quoted field spanning lines
        "a,b\rc,d\n",  # a carriage return that does not end a line
        'a,"b\n',  # an unterminated quote
    ],
)
def test_split_reading_declines_what_it_cannot_read(text):
    """Files the split path cannot read line by line are left to the csv module."""
    assert _records_split(text) is None


def test_split_reading_mixed_line_endings():
    """CRLF and LF lines in one file, quoted and plain, read as the csv module reads them."""
    text = 'h1,h2\r\n"x, y",2\nplain,3\r\n"q""uote",4'
    expected = [["h1", "h2"], ["x, y", "2"], ["plain", "3"], ['q"uote', "4"]]
    assert _records_split(text) == expected == _records_read(text, "test.csv")[0]


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
