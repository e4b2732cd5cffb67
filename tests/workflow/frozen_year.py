"""What the frozen-figures tests share: a published year (2023-24, Bromsgrove's four decisions,
frozen at publication), a late upheld decision imported after it, and fresh caches for each test."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from annual_review.casework.models import Category, Outcome
from annual_review.imports.core import import_run
from annual_review.register.models import Organisation
from annual_review.web.caching import caches_clear
from annual_review.workflow.publication import publish_due
from tests.factories import (
    ComplianceOutcomeFactory,
    DecisionFactory,
    PopulationFactory,
    ReportingYearFactory,
)

YEAR = "2023-24"
REASON = "An upheld decision of January 2024 was recorded after publication."
LATE_REFERENCE = "LATE24001"


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Each test starts and ends with empty caches."""
    caches_clear()
    yield
    caches_clear()


@pytest.fixture(name="published")
def published_year(db: None) -> Organisation:
    """Bromsgrove with four decisions in 2023-24, which was published (and frozen) a day ago."""
    bromsgrove = Organisation.objects.get(slug="bromsgrove")
    PopulationFactory(organisation=bromsgrove, year=2023, population=100_000)
    ReportingYearFactory(first_year=2023, label=YEAR, published=True)
    for day in (1, 2):
        DecisionFactory(organisation=bromsgrove, decision_date=date(2023, 6, day), outcome="upheld")
    ComplianceOutcomeFactory(
        decision=DecisionFactory(
            organisation=bromsgrove, decision_date=date(2023, 7, 1), outcome="upheld"
        )
    )
    DecisionFactory(organisation=bromsgrove, decision_date=date(2023, 8, 1), outcome="not_upheld")
    publish_due()
    return bromsgrove


def late_decision_import(tmp_path: Path) -> None:
    """One upheld decision dated in the published year, through the real import."""
    path = tmp_path / "late.csv"
    path.write_text(
        "reference,organisation,decision_date,received_date,category,outcome,"
        "satisfactory_remedy,public_report,summary\n"
        f"{LATE_REFERENCE},Bromsgrove District Council,2024-01-15,2023-11-01,"
        f"{Category.HOUSING.label},{Outcome.UPHELD.label},no,no,"
        "The council delayed a repair and agreed to apologise.\n"
    )
    report = import_run(kind="decisions", path=path, commit=True, user="tester")
    assert report.ok, report.summary()
