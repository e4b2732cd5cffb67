"""Malformed files: each is refused with a precise message, and the database is left unchanged."""

import io
from datetime import date, timedelta
from typing import Any, NamedTuple

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from annual_review.imports.columns import (
    AMOUNT_TOO_LARGE,
    BAD_AMOUNT,
    BAD_CHOICE,
    BAD_DATE,
    BAD_EMAIL,
    BAD_INTEGER,
    BAD_REFERENCE,
    BAD_YES_NO,
    COUNT_TOO_LARGE,
    DATE_TOO_EARLY,
    DATE_TOO_LATE,
    EXCEL_SERIAL,
    EXPONENT_NUMBER,
    FORMULA,
    IMPOSSIBLE_DATE,
    NEGATIVE,
    NOT_ASCII_DIGITS,
    OMBUDSMAN_WHY,
    REQUIRED,
    SEVERAL_EMAILS,
    SUB_PENNY,
    TOO_LONG,
    UNDERSCORE_NUMBER,
)
from annual_review.imports.kinds.casework import (
    BEFORE_DECISION,
    DUPLICATE_RECOMMENDATION,
    DUPLICATE_REFERENCE,
    NOT_UPHELD_DECISION,
    RECEIVED_AFTER_DECISION,
    REMEDY_NOT_UPHELD,
    UNKNOWN_DECISION,
    UNKNOWN_ORGANISATION,
)
from annual_review.imports.kinds.organisations import BAD_CODE, BAD_GSS, GSS_TAKEN, UNKNOWN_PARENT
from annual_review.imports.kinds.register import (
    DUPLICATE_CONTACT,
    DUPLICATE_ORGANISATION,
    POPULATION_IMPLAUSIBLE,
    POPULATION_MAX,
    POPULATION_MIN,
    YEAR_OUT_OF_RANGE,
    YEAR_REQUIRED,
)
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
from tests.imports.files import DECISION_HEADER, database_snapshot, decisions_text

TOMORROW = date.today() + timedelta(days=1)
THIS_YEAR = date.today().year

pytestmark = pytest.mark.django_db

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
    "unknown outcome": Case(
        "decisions",
        decisions_text(GOOD.replace("upheld", "partly upheld")),
        2,
        "outcome",
        BAD_CHOICE.format(choices=OUTCOMES),
    ),
    "unknown category": Case(
        "decisions",
        decisions_text(GOOD.replace("Housing", "Parking")),
        2,
        "category",
        BAD_CHOICE.format(choices=CATEGORIES),
    ),
    "impossible date": Case(
        "decisions",
        decisions_text(GOOD.replace("2023-06-01", "2023-02-30")),
        2,
        "decision_date",
        IMPOSSIBLE_DATE,
    ),
    "impossible UK date": Case(
        "decisions",
        decisions_text(GOOD.replace("2023-01-05", "31/04/2023")),
        2,
        "received_date",
        IMPOSSIBLE_DATE,
    ),
    "bad date format": Case(
        "decisions",
        decisions_text(GOOD.replace("2023-06-01", "1 June 2023")),
        2,
        "decision_date",
        BAD_DATE,
    ),
    "American date format": Case(
        "decisions",
        decisions_text(GOOD.replace("2023-06-01", "2023/06/01")),
        2,
        "decision_date",
        BAD_DATE,
    ),
    "unknown council": Case(
        "decisions",
        decisions_text(GOOD.replace("E07000234", "E07999999")),
        2,
        "organisation",
        UNKNOWN_ORGANISATION,
    ),
    "duplicate reference": Case(
        "decisions", decisions_text(GOOD, GOOD), 3, "reference", DUPLICATE_REFERENCE.format(first=2)
    ),
    "empty file": Case("decisions", b"", None, None, EMPTY_FILE),
    "blank lines only": Case("decisions", b"\n \r\n\n", None, None, EMPTY_FILE),
    "header only": Case("decisions", lines(DECISION_HEADER), None, None, NO_ROWS),
    "required value empty": Case(
        "decisions", decisions_text(GOOD.replace(",upheld,", ",,")), 2, "outcome", REQUIRED
    ),
    "over-long reference": Case(
        "decisions",
        decisions_text(GOOD.replace("23900009", "R" * 33)),
        2,
        "reference",
        TOO_LONG.format(limit=32),
    ),
    "over-long summary": Case(
        "decisions",
        decisions_text(GOOD.replace("A summary", "x" * 10_001)),
        2,
        "summary",
        TOO_LONG.format(limit=10_000),
    ),
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
    "remedy on a decision not upheld": Case(
        "decisions",
        decisions_text(GOOD.replace("upheld,no", "not_upheld,yes")),
        2,
        "satisfactory_remedy",
        REMEDY_NOT_UPHELD,
    ),
    "yes/no not yes or no": Case(
        "decisions",
        decisions_text(GOOD.replace("upheld,no,no", "upheld,no,maybe")),
        2,
        "public_report",
        BAD_YES_NO,
    ),
    "received after decided": Case(
        "decisions",
        decisions_text(GOOD.replace("2023-01-05", "2023-06-02")),
        2,
        "received_date",
        RECEIVED_AFTER_DECISION.format(decided="2023-06-01"),
    ),
    "compliance for an unknown decision": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "NOSUCHREF,2023-10-01,satisfied"),
        2,
        "reference",
        UNKNOWN_DECISION,
    ),
    "compliance dated before the decision": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "23900001,2023-05-31,satisfied"),
        2,
        "outcome_date",
        BEFORE_DECISION.format(decided="2023-06-01"),
    ),
    "compliance on a decision not upheld": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "23900002,2023-10-01,satisfied"),
        2,
        "reference",
        NOT_UPHELD_DECISION,
    ),
    "compliance outcome unknown": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "23900001,2023-10-01,mostly"),
        2,
        "outcome",
        BAD_CHOICE.format(choices="satisfied, satisfied_late, not_satisfied"),
    ),
    "compliance twice for one decision": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "23900001,2023-10-01,satisfied", "23900001,2023-10-02,satisfied"),
        3,
        "reference",
        DUPLICATE_REFERENCE.format(first=2),
    ),
    "amount not a number": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,financial_remedy,Pay for distress,,two hundred"),
        2,
        "amount",
        BAD_AMOUNT,
    ),
    "amount negative": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,financial_remedy,Pay for distress,,-200"),
        2,
        "amount",
        NEGATIVE,
    ),
    "recommendation kind unknown": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,hug,Say sorry,,"),
        2,
        "kind",
        BAD_CHOICE.format(
            choices="apology, financial_remedy, service_improvement, procedure_change, "
            "training, other"
        ),
    ),
    "recommendation repeated": Case(
        "recommendations",
        lines(
            RECOMMENDATION_HEADER, "23900001,apology,Say sorry,,", "23900001,Apology,Say sorry,,"
        ),
        3,
        "description",
        DUPLICATE_RECOMMENDATION.format(first=2),
    ),
    "bad email in contacts": Case(
        "contacts",
        lines(CONTACT_HEADER, "BRM,leader,Cllr,Ann,Smith,Leader,ann.example.org"),
        2,
        "email",
        BAD_EMAIL,
    ),
    "unknown role in contacts": Case(
        "contacts",
        lines(CONTACT_HEADER, "BRM,mayor,Cllr,Ann,Smith,Leader,ann@example.org"),
        2,
        "role",
        BAD_CHOICE.format(choices="chief_executive, leader, scrutiny_chair, monitoring_officer"),
    ),
    "contact repeated": Case(
        "contacts",
        lines(
            CONTACT_HEADER,
            "BRM,leader,Cllr,Ann,Smith,Leader,ann@example.org",
            "Bromsgrove,leader,Cllr,Ann,Smith,Leader,ANN@example.org",
        ),
        3,
        "email",
        DUPLICATE_CONTACT.format(first=2),
    ),
    "population negative": Case(
        "population",
        lines("code,population", "E07000234,-5"),
        2,
        "population",
        NEGATIVE,
        options={"year": 2023},
    ),
    "population not a number": Case(
        "population",
        lines("code,population", "E07000234,lots"),
        2,
        "population",
        BAD_INTEGER,
        options={"year": 2023},
    ),
    "population without --year": Case(
        "population", lines("code,population", "E07000234,100000"), None, None, YEAR_REQUIRED
    ),
    "population for an unknown code": Case(
        "population",
        lines("code,population", "E07999999,100000"),
        2,
        "code",
        UNKNOWN_ORGANISATION,
        options={"year": 2023},
    ),
    "population twice for one council": Case(
        "population",
        lines("code,population", "E07000234,100000", "BRM,100001"),
        3,
        "code",
        DUPLICATE_ORGANISATION.format(first=2),
        options={"year": 2023},
    ),
    "organisation with a GSS code already taken": Case(
        "organisations",
        lines(ORGANISATION_HEADER, "XNEW,New Authority,E07000234,none,"),
        2,
        "gss_code",
        GSS_TAKEN.format(other="BRM"),
    ),
    "organisation with a bad comparison group": Case(
        "organisations",
        lines(ORGANISATION_HEADER, "XNEW,New Authority,,parish,"),
        2,
        "comparison_group",
        BAD_CHOICE.format(choices="county, district, metropolitan, unitary, london, none"),
    ),
    "organisation code with spaces": Case(
        "organisations",
        lines(ORGANISATION_HEADER, "X NEW,New Authority,,none,"),
        2,
        "code",
        BAD_CODE,
    ),
    "organisation GSS code malformed": Case(
        "organisations",
        lines(ORGANISATION_HEADER, "XNEW,New Authority,E0700023,none,"),
        2,
        "gss_code",
        BAD_GSS,
    ),
    "organisation parent unknown": Case(
        "organisations",
        lines(ORGANISATION_HEADER, "XNEW,New Authority,,none,Atlantis"),
        2,
        "parent",
        UNKNOWN_PARENT,
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
    "amount with more digits than stored": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,financial_remedy,Pay,,99999999999999.99"),
        2,
        "amount",
        AMOUNT_TOO_LARGE.format(limit="£9,999,999,999.99"),
    ),
    "amount with an exponent": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,financial_remedy,Pay,,1e30"),
        2,
        "amount",
        EXPONENT_NUMBER,
    ),
    "amount in fractions of a penny": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,financial_remedy,Pay,,250.005"),
        2,
        "amount",
        SUB_PENNY,
    ),
    "amount in full-width digits": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,financial_remedy,Pay,,\uff12\uff15\uff10"),
        2,
        "amount",
        NOT_ASCII_DIGITS.format(digit="\uff12", code=0xFF12),
    ),
    "amount with an underscore": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,financial_remedy,Pay,,1_000"),
        2,
        "amount",
        UNDERSCORE_NUMBER,
    ),
    "amount that is not a finite number": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,financial_remedy,Pay,,NaN"),
        2,
        "amount",
        BAD_AMOUNT,
    ),
    "population with more digits than stored": Case(
        "population",
        lines("code,population", "E07000234,99999999999999999999"),
        2,
        "population",
        COUNT_TOO_LARGE.format(limit=2**31 - 1),
        options={"year": 2023},
    ),
    "population in Arabic-Indic digits": Case(
        "population",
        lines("code,population", "E07000234,\u0661\u0660\u0660\u0660\u0660\u0660"),
        2,
        "population",
        NOT_ASCII_DIGITS.format(digit="\u0661", code=0x0661),
        options={"year": 2023},
    ),
    "population with an underscore": Case(
        "population",
        lines("code,population", "E07000234,100_000"),
        2,
        "population",
        UNDERSCORE_NUMBER,
        options={"year": 2023},
    ),
    "population not plausible for a council": Case(
        "population",
        lines("code,population", "E07000234,2000000000"),
        2,
        "population",
        POPULATION_IMPLAUSIBLE.format(low=POPULATION_MIN, high=POPULATION_MAX),
        options={"year": 2023},
    ),
    "population of nobody": Case(
        "population",
        lines("code,population", "E07000234,0"),
        2,
        "population",
        POPULATION_IMPLAUSIBLE.format(low=POPULATION_MIN, high=POPULATION_MAX),
        options={"year": 2023},
    ),
    "population for year 1": Case(
        "population",
        lines("code,population", "E07000234,100000"),
        None,
        None,
        YEAR_OUT_OF_RANGE.format(year=1, first=1974, last=THIS_YEAR),
        options={"year": 1},
    ),
    "population for year 99999": Case(
        "population",
        lines("code,population", "E07000234,100000"),
        None,
        None,
        YEAR_OUT_OF_RANGE.format(year=99999, first=1974, last=THIS_YEAR),
        options={"year": 99999},
    ),
    **{
        f"decision dated {day}": Case(
            "decisions",
            decisions_text(GOOD.replace("2023-06-01", day).replace("2023-01-05", "")),
            2,
            "decision_date",
            DATE_TOO_EARLY.format(earliest="1974-04-01", why=OMBUDSMAN_WHY),
        )
        for day in ("0001-01-01", "1900-06-01", "1974-03-31")
    },
    **{
        f"decision dated {day}": Case(
            "decisions",
            decisions_text(GOOD.replace("2023-06-01", day)),
            2,
            "decision_date",
            DATE_TOO_LATE.format(
                latest=TOMORROW, why="tomorrow is the latest date a record can have"
            ),
        )
        for day in ("2100-01-01", "9999-12-31", (TOMORROW + timedelta(days=1)).isoformat())
    },
    "complaint received in 1900": Case(
        "decisions",
        decisions_text(GOOD.replace("2023-01-05", "01/01/1900")),
        2,
        "received_date",
        DATE_TOO_EARLY.format(earliest="1974-04-01", why=OMBUDSMAN_WHY),
    ),
    "compliance outcome dated 2123": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "23900001,2123-10-01,satisfied"),
        2,
        "outcome_date",
        DATE_TOO_LATE.format(latest=TOMORROW, why="tomorrow is the latest date a record can have"),
    ),
    "recommendation due in 2200": Case(
        "recommendations",
        lines(RECOMMENDATION_HEADER, "23900001,apology,Say sorry,2200-01-01,"),
        2,
        "due_date",
        DATE_TOO_LATE.format(
            latest=date.today() + timedelta(days=3653),
            why="a due date is at most ten years ahead",
        ),
    ),
    "Excel serial date in CSV": Case(
        "decisions",
        decisions_text(GOOD.replace("2023-06-01", "45078")),
        2,
        "decision_date",
        EXCEL_SERIAL.format(day="2023-06-01"),
    ),
    **{
        f"reference with {what}": Case(
            "decisions",
            decisions_text(GOOD.replace("23900009", reference)),
            2,
            "reference",
            BAD_REFERENCE,
        )
        for what, reference in (
            ("a slash", "23/900/009"),
            ("a question mark", "23900009?x=1"),
            ("a hash", "23900009#top"),
            ("two dots", "23..900"),
            ("a percent sign", "23%2F900"),
            ("a backslash", "23\\900"),
            ("two spaces", "23  900"),
            ("a trailing dot", "23900."),
            ("a letter outside A-Z", "23900\u00e9"),
        )
    },
    "compliance reference with a slash": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "../23900001,2023-10-01,satisfied"),
        2,
        "reference",
        BAD_REFERENCE,
    ),
    "two email addresses in one field": Case(
        "contacts",
        lines(CONTACT_HEADER, 'BRM,leader,Cllr,Ann,Smith,Leader,"a@example.org,b@example.org"'),
        2,
        "email",
        SEVERAL_EMAILS,
    ),
    "email with a comma before the address": Case(
        "contacts",
        lines(CONTACT_HEADER, 'BRM,leader,Cllr,Ann,Smith,Leader,"a,b@example.org"'),
        2,
        "email",
        BAD_EMAIL,
    ),
    "email with a display name": Case(
        "contacts",
        lines(CONTACT_HEADER, 'BRM,leader,Cllr,Ann,Smith,Leader,"Ann <ann@example.org>"'),
        2,
        "email",
        BAD_EMAIL,
    ),
    "email with a domain that is not one": Case(
        "contacts",
        lines(CONTACT_HEADER, "BRM,leader,Cllr,Ann,Smith,Leader,ann@exa_mple..org"),
        2,
        "email",
        BAD_EMAIL,
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


@pytest.fixture
def stored(run_import):
    """Two Bromsgrove decisions already stored (one upheld), for files that refer to them."""
    report = run_import(
        "decisions",
        decisions_text(
            "23900001,BRM,2023-06-01,,Housing,upheld,,,",
            "23900002,BRM,2023-06-01,,Housing,not_upheld,,,",
        ),
    )
    assert report.ok, [str(e) for e in report.errors]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_file_is_refused_and_nothing_changes(case: Case, run_import, stored):
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
