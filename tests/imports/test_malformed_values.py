"""Malformed values in a row: dates (impossible, in other formats, too early or too late),
choices, yes/no, required and over-long text, and references and codes of the wrong form.

Each file is refused with a precise message naming the file, row and column, and the database is
left unchanged (the checks are in tests/imports/malformed.py)."""

from datetime import date, timedelta

import pytest

from annual_review.imports.columns import (
    BAD_CHOICE,
    BAD_DATE,
    BAD_REFERENCE,
    BAD_YES_NO,
    DATE_TOO_EARLY,
    DATE_TOO_LATE,
    EXCEL_SERIAL,
    IMPOSSIBLE_DATE,
    OMBUDSMAN_WHY,
    REQUIRED,
    TOO_LONG,
)
from annual_review.imports.kinds.organisations import BAD_CODE, BAD_GSS
from tests.imports.files import decisions_text
from tests.imports.malformed import (
    CATEGORIES,
    COMPLIANCE_HEADER,
    GOOD,
    ORGANISATION_HEADER,
    OUTCOMES,
    RECOMMENDATION_HEADER,
    TOMORROW,
    Case,
    assert_refused,
    lines,
    stored_decisions,  # noqa: F401 (the fixture "stored")
)

pytestmark = pytest.mark.django_db

CASES = {
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
    "yes/no not yes or no": Case(
        "decisions",
        decisions_text(GOOD.replace("upheld,no,no", "upheld,no,maybe")),
        2,
        "public_report",
        BAD_YES_NO,
    ),
    "compliance outcome unknown": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "23900001,2023-10-01,mostly"),
        2,
        "outcome",
        BAD_CHOICE.format(choices="satisfied, satisfied_late, not_satisfied"),
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
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_file_is_refused_and_nothing_changes(case: Case, run_import, stored):
    """The file is refused with an error naming the file, row and column; nothing is written."""
    assert_refused(case, run_import)
