"""Fixtures for letter tests: Bromsgrove, its chief executive and the seed letter's figures."""

import shutil
from datetime import UTC, date, datetime

import pytest

from annual_review.register.models import Contact, Organisation
from annual_review.years.models import ReportingYear
from tests.factories import (
    ContactFactory,
    ReportingYearFactory,
    council,
    organisation_statistics,
    year_statistics,
)

SEED_DATE = date(2024, 7, 17)
SEED_PUBLICATION = datetime(2024, 7, 24, 9, 0, tzinfo=UTC)
# The letter settings every letter test sees, whatever the environment running the tests says.
LETTER_SETTINGS = {
    "ANNUAL_REVIEW_OMBUDSMAN_NAME": "Local Government and Social Care Ombudsman",
    "ANNUAL_REVIEW_SIGNATORY_NAME": "Alex Example",
    "ANNUAL_REVIEW_SIGNATORY_TITLES": [
        "Local Government and Social Care Ombudsman",
        "Chair, Commission for Local Administration in England",
    ],
    "ANNUAL_REVIEW_CONTACT_EMAIL": "annual-review@example.org",
    "ANNUAL_REVIEW_CONTACT_TELEPHONE": "0306 999 0123",
    "ANNUAL_REVIEW_FEEDBACK_URL": "https://survey.example.org/ombudsman-service/",
    "ANNUAL_REVIEW_BASE_URL": "https://councils.example.org",
}


@pytest.fixture(autouse=True)
def letter_settings(settings):  # noqa: ANN001, ANN201
    for name, value in LETTER_SETTINGS.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def seed_publication(db) -> ReportingYear:  # noqa: ANN001
    """2023-24 scheduled for publication on 24 July 2024, as in the seed letter."""
    return ReportingYearFactory(first_year=2023, publish_at=SEED_PUBLICATION)


@pytest.fixture
def bromsgrove(db) -> Organisation:  # noqa: ANN001
    return council("BRM")


@pytest.fixture
def chief_executive(bromsgrove: Organisation) -> Contact:
    """Bromsgrove's chief executive as the seed letter addresses her."""
    return ContactFactory(
        organisation=bromsgrove,
        role=Contact.Role.CHIEF_EXECUTIVE,
        honorific="Ms",
        first_name="Sue",
        last_name="Hanley",
        job_title="Interim Chief Executive",
        email="chief.executive@bromsgrove.example",
    )


@pytest.fixture
def seed_stats(bromsgrove: Organisation):
    """The seed letter's figures: Bromsgrove 50%, 1, 100%, 0%; District Councils 63%, 1.2, 99%, 21%."""
    return year_statistics([organisation_statistics(bromsgrove)])


@pytest.fixture
def poppler() -> None:
    """pdftotext and pdfinfo (Debian's poppler-utils, installed by CI)."""
    missing = [tool for tool in ("pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"poppler-utils is needed for this test: {', '.join(missing)} not found")
