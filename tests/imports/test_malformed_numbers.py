"""Malformed numbers and ranges: amounts and populations that are not numbers, too large, in
other digits or implausible, and population years out of range.

Each file is refused with a precise message naming the file, row and column, and the database is
left unchanged (the checks are in tests/imports/malformed.py)."""

import pytest

from annual_review.imports.columns import (
    AMOUNT_TOO_LARGE,
    BAD_AMOUNT,
    BAD_INTEGER,
    COUNT_TOO_LARGE,
    EXPONENT_NUMBER,
    NEGATIVE,
    NOT_ASCII_DIGITS,
    SUB_PENNY,
    UNDERSCORE_NUMBER,
)
from annual_review.imports.kinds.register import (
    POPULATION_IMPLAUSIBLE,
    POPULATION_MAX,
    POPULATION_MIN,
    YEAR_OUT_OF_RANGE,
    YEAR_REQUIRED,
)
from tests.imports.malformed import (
    RECOMMENDATION_HEADER,
    THIS_YEAR,
    Case,
    assert_refused,
    lines,
    stored_decisions,  # noqa: F401 (the fixture "stored")
)

pytestmark = pytest.mark.django_db

CASES = {
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
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_file_is_refused_and_nothing_changes(case: Case, run_import, stored):
    """The file is refused with an error naming the file, row and column; nothing is written."""
    assert_refused(case, run_import)
