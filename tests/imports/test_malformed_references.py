"""Rows that break a rule across records: unknown councils and decisions, repeated references,
remedies and compliance that do not fit their decision, populations and organisations that
refer to what is not there or is already taken.

Each file is refused with a precise message naming the file, row and column, and the database is
left unchanged (the checks are in tests/imports/malformed.py)."""

import pytest

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
from annual_review.imports.kinds.organisations import GSS_TAKEN, UNKNOWN_PARENT
from annual_review.imports.kinds.register import DUPLICATE_ORGANISATION
from tests.imports.files import decisions_text
from tests.imports.malformed import (
    COMPLIANCE_HEADER,
    GOOD,
    ORGANISATION_HEADER,
    RECOMMENDATION_HEADER,
    Case,
    assert_refused,
    lines,
    stored_decisions,  # noqa: F401 (the fixture "stored")
)

pytestmark = pytest.mark.django_db

CASES = {
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
    "remedy on a decision not upheld": Case(
        "decisions",
        decisions_text(GOOD.replace("upheld,no", "not_upheld,yes")),
        2,
        "satisfactory_remedy",
        REMEDY_NOT_UPHELD,
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
    "compliance twice for one decision": Case(
        "compliance",
        lines(COMPLIANCE_HEADER, "23900001,2023-10-01,satisfied", "23900001,2023-10-02,satisfied"),
        3,
        "reference",
        DUPLICATE_REFERENCE.format(first=2),
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
    "organisation parent unknown": Case(
        "organisations",
        lines(ORGANISATION_HEADER, "XNEW,New Authority,,none,Atlantis"),
        2,
        "parent",
        UNKNOWN_PARENT,
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_file_is_refused_and_nothing_changes(case: Case, run_import, stored):
    """The file is refused with an error naming the file, row and column; nothing is written."""
    assert_refused(case, run_import)
