"""Golden tests: the full text of letters for the cases people read most carefully.

The expected texts are in tests/letters/golden/. After an intended change of wording, regenerate
them with ANNUAL_REVIEW_REGENERATE_GOLDEN=1 (tests/golden.py) and read the diff before committing.
"""

from pathlib import Path

import pytest
from django.test import override_settings

from annual_review.casework.models import DatasetLabel
from annual_review.letters.models import OrganisationParagraph
from annual_review.letters.render import letter_render_text
from annual_review.letters.selectors import letter_build
from annual_review.register.models import Contact
from tests.factories import (
    ContactFactory,
    DatasetLabelFactory,
    organisation_statistics,
    year_statistics,
)
from tests.golden import golden_compare
from tests.letters.conftest import SEED_DATE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_publication")]

GOLDEN = Path(__file__).parent / "golden"

# name -> the figures that differ from the seed letter's (organisation_statistics arguments)
CASES: dict[str, dict[str, object]] = {
    "seed": {},
    "no-investigations": {
        "upheld": 0,
        "not_upheld": 0,
        "compliance_outcomes": 0,
        "compliant": 0,
    },
    "no-compliance-outcomes": {"compliance_outcomes": 0, "compliant": 0},
    "compliance-below-100": {"compliance_outcomes": 3, "compliant": 2},
    "no-comparison-group": {"comparison_group": ""},
    "singular-counts": {
        "upheld": 1,
        "not_upheld": 0,
        "satisfactory_remedies": 1,
        "compliance_outcomes": 1,
    },
    "plural-counts": {
        "upheld": 1234,
        "not_upheld": 766,
        "satisfactory_remedies": 2,
        "compliance_outcomes": 2,
        "compliant": 2,
        "population": 1_073_045,
    },
    "no-population": {"population": None},
}


def assert_golden(name: str, text: str) -> None:
    golden_compare(GOLDEN / f"{name}.txt", text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_letter_text_matches_golden(name, bromsgrove, chief_executive):
    """Each case's letter says exactly what its golden file says."""
    stats = year_statistics([organisation_statistics(bromsgrove, **CASES[name])])  # type: ignore[arg-type]
    letter = letter_build(
        organisation=bromsgrove, year="2023-24", stats=stats, letter_date=SEED_DATE
    )
    assert_golden(name, letter_render_text(letter=letter))


@override_settings(
    ANNUAL_REVIEW_OMBUDSMAN_NAME="Example Ombudsman Service",
    ANNUAL_REVIEW_SIGNATORY_NAME="Alex Example",
    ANNUAL_REVIEW_SIGNATORY_TITLES=["Ombudsman", "Chair, Example Commission"],
)
def test_demonstration_letter_without_chief_executive_matches_golden(bromsgrove):
    """Demonstration data is announced; the leader and scrutiny chair are named; an own paragraph.

    With no chief executive on record the letter goes to "The Chief Executive"; the signatory
    and the Ombudsman's name come from settings.
    """
    DatasetLabelFactory(kind=DatasetLabel.Kind.DEMO)
    ContactFactory(
        organisation=bromsgrove,
        role=Contact.Role.LEADER,
        honorific="Cllr",
        first_name="Karen",
        last_name="May",
        job_title="Leader of the Council",
        email="leader@bromsgrove.example",
    )
    ContactFactory(
        organisation=bromsgrove,
        role=Contact.Role.SCRUTINY_CHAIR,
        honorific="Cllr",
        first_name="Peter",
        last_name="Whittaker",
        email="scrutiny@bromsgrove.example",
    )
    OrganisationParagraph.objects.create(
        organisation=bromsgrove,
        reporting_year="2023-24",
        body="## Our concerns\n\nWe remain concerned about delays in **{organisation}**'s replies.",
    )
    stats = year_statistics([organisation_statistics(bromsgrove)])
    letter = letter_build(
        organisation=bromsgrove, year="2023-24", stats=stats, letter_date=SEED_DATE
    )
    assert_golden("demonstration-fallbacks", letter_render_text(letter=letter))
