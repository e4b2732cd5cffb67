"""What the malformed-file tests share: the row and headers they start from, builders for their
files, the decisions already stored, and the one check every refused file must pass."""

import io
from datetime import date, timedelta
from typing import Any, NamedTuple

import pytest
from openpyxl import Workbook

from tests.imports.files import database_snapshot, decisions_text

TOMORROW = date.today() + timedelta(days=1)
THIS_YEAR = date.today().year

OUTCOMES = (
    "upheld, not_upheld, closed_after_initial_enquiries, referred_back_for_local_resolution, "
    "advice_given, incomplete_or_invalid"
)
CATEGORIES = (
    "adult_care, benefits_tax, corporate, education_children, environment, highways, housing, "
    "planning, other"
)
GOOD = "23900009,E07000234,2023-06-01,2023-01-05,Housing,upheld,no,no,A summary"
COMPLIANCE_HEADER = "reference,outcome_date,outcome"
RECOMMENDATION_HEADER = "reference,kind,description,due_date,amount"
CONTACT_HEADER = "organisation,role,honorific,first_name,last_name,job_title,email"
ORGANISATION_HEADER = "code,name,gss_code,comparison_group,parent"


def xlsx(*rows: list[Any]) -> bytes:
    """A real XLSX workbook; a cell text starting with '=' is stored as a formula."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


class Case(NamedTuple):
    kind: str
    content: str | bytes
    row: int | None
    column: str | None
    reason: str
    name: str = "records.csv"
    options: dict[str, Any] = {}


@pytest.fixture(name="stored")
def stored_decisions(run_import: Any) -> None:
    """Two Bromsgrove decisions already stored (one upheld), for files that refer to them."""
    report = run_import(
        "decisions",
        decisions_text(
            "23900001,BRM,2023-06-01,,Housing,upheld,,,",
            "23900002,BRM,2023-06-01,,Housing,not_upheld,,,",
        ),
    )
    assert report.ok, [str(e) for e in report.errors]


def assert_refused(case: Case, run_import: Any) -> None:
    """The file is refused with an error naming the file, row and column; nothing is written."""
    before = database_snapshot()
    report = run_import(case.kind, case.content, name=case.name, **case.options)
    assert not report.ok
    assert not report.committed
    first = report.errors[0]
    assert (first.file, first.row, first.column, first.reason) == (
        case.name,
        case.row,
        case.column,
        case.reason,
    ), str(first)
    message = str(first)
    assert message.startswith(case.name)
    if case.row is not None:
        assert f"row {case.row}" in message
    if case.column is not None:
        assert f"column '{case.column}'" in message
    assert message.endswith(case.reason)
    assert database_snapshot() == before
