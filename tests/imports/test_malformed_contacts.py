"""Malformed contacts: addresses that are not one email address, unknown roles, a contact given
twice.

Each file is refused with a precise message naming the file, row and column, and the database is
left unchanged (the checks are in tests/imports/malformed.py)."""

import pytest

from annual_review.imports.columns import BAD_CHOICE, BAD_EMAIL, SEVERAL_EMAILS
from annual_review.imports.kinds.register import DUPLICATE_CONTACT
from tests.imports.malformed import (
    CONTACT_HEADER,
    Case,
    assert_refused,
    lines,
    stored_decisions,  # noqa: F401 (the fixture "stored")
)

pytestmark = pytest.mark.django_db

CASES = {
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
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_file_is_refused_and_nothing_changes(case: Case, run_import, stored):
    """The file is refused with an error naming the file, row and column; nothing is written."""
    assert_refused(case, run_import)
