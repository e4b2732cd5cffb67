"""Malformed files, refused whole: encodings and byte-order marks, delimiters, file types that
are not what their name says, workbooks, formulas, headers, ragged rows and quoting.

Each file is refused with a precise message naming the file, row and column, and the database is
left unchanged (the checks are in tests/imports/malformed.py)."""

import pytest

from annual_review.imports.columns import BAD_REFERENCE, FORMULA
from annual_review.imports.parsing import (
    DUPLICATED_COLUMN,
    HEADER_INVISIBLE,
    MISSING_COLUMN,
    NO_ROWS,
)
from annual_review.imports.tables import (
    BAD_CSV,
    EMPTY_FILE,
    FORMULA_CELL,
    NO_HEADER,
    NOT_UTF8,
    NOT_XLSX,
    NUL_BYTE,
    OLD_XLS,
    OTHER_DELIMITER,
    SEEMS_BINARY,
    SEEMS_UTF16,
    UNSUPPORTED_TYPE,
    UTF16,
    WRONG_FIELD_COUNT,
)
from tests.imports.files import DECISION_HEADER, decisions_text
from tests.imports.malformed import (
    CONTACT_HEADER,
    GOOD,
    Case,
    assert_refused,
    lines,
    stored_decisions,  # noqa: F401 (the fixture "stored")
    xlsx,
)

pytestmark = pytest.mark.django_db

CASES = {
    "latin-1 bytes": Case(
        "decisions",
        decisions_text(GOOD, "23900010,BRM,2023-06-01,,Housing,upheld,,,Caf\u00e9 owner").encode(
            "latin-1"
        ),
        3,
        None,
        NOT_UTF8,
    ),
    "utf-16 with BOM": Case("decisions", decisions_text(GOOD).encode("utf-16"), None, None, UTF16),
    "utf-16-be with BOM": Case(
        "decisions", b"\xfe\xff" + decisions_text(GOOD).encode("utf-16-be"), None, None, UTF16
    ),
    "utf-32 with BOM": Case("decisions", decisions_text(GOOD).encode("utf-32"), None, None, UTF16),
    "BOM only": Case("decisions", b"\xef\xbb\xbf", None, None, NO_HEADER),
    "missing column": Case(
        "decisions",
        lines(DECISION_HEADER.replace(",outcome", ""), GOOD.replace(",upheld", "")),
        1,
        "outcome",
        MISSING_COLUMN,
    ),
    "duplicated column": Case(
        "decisions",
        lines(DECISION_HEADER + ",Outcome", GOOD + ",upheld"),
        1,
        "Outcome",
        DUPLICATED_COLUMN.format(first="outcome", second="Outcome"),
    ),
    "empty file": Case("decisions", b"", None, None, EMPTY_FILE),
    "blank lines only": Case("decisions", b"\n \r\n\n", None, None, EMPTY_FILE),
    "header only": Case("decisions", lines(DECISION_HEADER), None, None, NO_ROWS),
    "formula cell in XLSX": Case(
        "decisions",
        xlsx(
            DECISION_HEADER.split(","),
            GOOD.split(",")[:-1] + ['=HYPERLINK("http://example.invalid","x")'],
        ),
        2,
        "I",
        FORMULA_CELL,
        name="records.xlsx",
    ),
    "formula text in CSV": Case(
        "decisions",
        decisions_text(GOOD.replace("A summary", '"=HYPERLINK(""http://example.invalid"",""x"")"')),
        2,
        "summary",
        FORMULA,
    ),
    "at-sign formula in CSV": Case(
        "decisions",
        decisions_text(GOOD.replace("E07000234", "@SUM(A1)")),
        2,
        "organisation",
        FORMULA,
    ),
    "formula text in XLSX string cell": Case(
        "contacts",
        xlsx(
            CONTACT_HEADER.split(","),
            ["BRM", "leader", "Cllr", "Ann", "+Smith()", "Leader", "ann@example.org"],
        ),
        2,
        "last_name",
        FORMULA,
        name="contacts.xlsx",
    ),
    "ragged row, too few fields": Case(
        "decisions",
        decisions_text(GOOD, "23900011,BRM,2023-06-01"),
        3,
        None,
        WRONG_FIELD_COUNT.format(found=3, expected=9),
    ),
    "ragged row, too many fields": Case(
        "decisions",
        decisions_text(GOOD + ",extra"),
        2,
        None,
        WRONG_FIELD_COUNT.format(found=10, expected=9),
    ),
    "unterminated quote": Case(
        "decisions",
        decisions_text(GOOD, '23900012,BRM,2023-06-01,,Housing,upheld,,,"never closed', GOOD),
        3,
        None,
        BAD_CSV.format(reason="unexpected end of data"),
    ),
    "text after closing quote": Case(
        "decisions",
        decisions_text('23900013,"BRM"x,2023-06-01,,Housing,upheld,,,'),
        2,
        None,
        BAD_CSV.format(reason="',' expected after '\"'"),
    ),
    "NUL byte": Case(
        "decisions", decisions_text(GOOD, GOOD.replace("A summary", "A\x00b")), 3, None, NUL_BYTE
    ),
    "XLSX that is not a zip": Case(
        "decisions", decisions_text(GOOD), None, None, NOT_XLSX, name="records.xlsx"
    ),
    "XLSX truncated": Case(
        "decisions",
        xlsx(DECISION_HEADER.split(","), GOOD.split(","))[:300],
        None,
        None,
        NOT_XLSX,
        name="records.xlsx",
    ),
    "unsupported file type": Case(
        "decisions", decisions_text(GOOD), None, None, UNSUPPORTED_TYPE, name="records.pdf"
    ),
    "UTF-16 without a byte-order mark": Case(
        "decisions", decisions_text(GOOD).encode("utf-16-le"), None, None, SEEMS_UTF16
    ),
    "a PDF named .csv": Case(
        "decisions",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        None,
        None,
        SEEMS_BINARY.format(what="a PDF document"),
    ),
    "an old Excel workbook named .csv": Case(
        "decisions",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        None,
        None,
        SEEMS_BINARY.format(what="an old Office file (such as an Excel .xls workbook)"),
    ),
    "binary data named .csv": Case(
        "decisions",
        bytes(range(256)) * 8,
        None,
        None,
        SEEMS_BINARY.format(what="binary data"),
    ),
    "an old .xls workbook": Case(
        "decisions", b"\xd0\xcf\x11\xe0" + bytes(100), None, None, OLD_XLS, name="records.xls"
    ),
    "semicolon-delimited CSV": Case(
        "decisions",
        decisions_text(GOOD.replace(",", ";"), header=DECISION_HEADER.replace(",", ";")),
        1,
        None,
        OTHER_DELIMITER.format(delimiter="';'", delimiter_name="semicolons"),
    ),
    "tab-delimited CSV": Case(
        "decisions",
        decisions_text(GOOD.replace(",", "\t"), header=DECISION_HEADER.replace(",", "\t")),
        1,
        None,
        OTHER_DELIMITER.format(delimiter="tabs", delimiter_name="tabs"),
    ),
    "header with a zero-width space": Case(
        "decisions",
        decisions_text(GOOD, header=DECISION_HEADER.replace("reference", "refer\u200bence")),
        1,
        "refer<U+200B>ence",
        HEADER_INVISIBLE.format(characters="U+200B"),
    ),
    "XLSX date cell in a reference column is still checked": Case(
        "decisions",
        xlsx(DECISION_HEADER.split(","), ["23/9", *GOOD.split(",")[1:]]),
        2,
        "reference",
        BAD_REFERENCE,
        name="records.xlsx",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_file_is_refused_and_nothing_changes(case: Case, run_import, stored):
    """The file is refused with an error naming the file, row and column; nothing is written."""
    assert_refused(case, run_import)
