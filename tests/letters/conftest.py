"""Fixtures for letter tests: Bromsgrove, its chief executive and the seed letter's figures."""

import shutil
from datetime import date

import pytest

from annual_review.register.models import Contact, Organisation
from tests.letters.factories import organisation_statistics, year_statistics

SEED_DATE = date(2024, 7, 17)


@pytest.fixture
def bromsgrove(db) -> Organisation:  # noqa: ANN001
    return Organisation.objects.get(code="BRM")


@pytest.fixture
def chief_executive(bromsgrove: Organisation) -> Contact:
    """Bromsgrove's chief executive as the seed letter addresses her."""
    return Contact.objects.create(
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
