"""Malformed files: how a refused file is reported. The command exits non-zero and prints the
errors, every row's errors are listed in row order, and a file with errors on every row keeps the
first thousand and counts the rest. The cases, one family a file, are in test_malformed_*.py."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.imports.files import database_snapshot, decisions_text
from tests.imports.malformed import GOOD, Case, stored_decisions  # noqa: F401 (the fixture "stored")
from tests.imports.test_malformed_files import CASES as FILE_CASES
from tests.imports.test_malformed_references import CASES as REFERENCE_CASES

pytestmark = pytest.mark.django_db

CASES = {**FILE_CASES, **REFERENCE_CASES}


@pytest.mark.parametrize(
    "case",
    [CASES["unknown council"], CASES["empty file"], CASES["formula cell in XLSX"]],
    ids=["row error", "file error", "xlsx"],
)
def test_command_exits_non_zero_and_prints_the_errors(case: Case, tmp_path, stored):
    """`annual-review import` raises CommandError (exit status 1) and lists every error."""
    path = tmp_path / case.name
    path.write_bytes(case.content.encode() if isinstance(case.content, str) else case.content)
    before = database_snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import", case.kind, str(path), "--commit", stderr=err)
    assert case.reason in err.getvalue()
    assert database_snapshot() == before


def test_errors_on_several_rows_are_all_listed_in_row_order(run_import, stored):
    """One file with problems on rows 2, 4 and 5 (two on row 5): every error is reported."""
    before = database_snapshot()
    report = run_import(
        "decisions",
        decisions_text(
            GOOD.replace("E07000234", "Nowhere"),
            GOOD.replace("23900009", "23900020"),
            GOOD.replace("23900009", "23900021").replace("2023-06-01", "2023-13-01"),
            GOOD.replace("23900009", "23900022")
            .replace("Housing", "Parking")
            .replace("upheld,no", "upheld,perhaps"),
        ),
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "organisation"),
        (4, "decision_date"),
        (5, "category"),
        (5, "satisfactory_remedy"),
    ]
    assert report.error_count == 4
    assert report.summary() == "records.csv: 4 error(s); nothing was written."
    assert database_snapshot() == before


def test_errors_found_across_rows_after_parsing_are_all_listed(run_import, stored):
    """Row checks that need the register or other rows also report every row, not the first."""
    report = run_import(
        "decisions",
        decisions_text(
            GOOD,
            GOOD.replace("E07000234", "Nowhere").replace("23900009", "23900030"),
            GOOD,
            GOOD.replace("upheld,no", "advice_given,yes").replace("23900009", "23900031"),
        ),
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "organisation"),
        (4, "reference"),
        (5, "satisfactory_remedy"),
    ]


def test_a_file_with_errors_on_every_row_keeps_the_first_thousand_and_counts_the_rest(
    run_import, stored
):
    """5,000 rows with a bad date and 5,000 bad outcomes: the first 1,000 errors are listed in
    row order (both of a row together), and the count is every error."""
    from annual_review.imports.parsing import MAX_ERRORS_KEPT

    rows = [
        f"2391{n:04d},BRM,2023-13-01,,Housing,mostly,,,"
        for n in range(5000)  # month 13; outcome unknown
    ]
    before = database_snapshot()
    report = run_import("decisions", decisions_text(*rows))
    assert report.error_count == 10_000
    assert len(report.errors) == MAX_ERRORS_KEPT
    assert [(e.row, e.column) for e in report.errors[:4]] == [
        (2, "decision_date"),
        (2, "outcome"),
        (3, "decision_date"),
        (3, "outcome"),
    ]
    assert report.errors[-1].row == 2 + MAX_ERRORS_KEPT // 2 - 1
    assert database_snapshot() == before
