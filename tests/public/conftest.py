"""Fixtures for the public site: published years and decisions made with small factories."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest

from annual_review.casework.models import ComplianceOutcome, DatasetLabel, Decision, Recommendation
from annual_review.register.models import Organisation, Population
from annual_review.web.caching import caches_clear
from annual_review.years.models import ReportingYear

_references = count(1)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test starts with empty page and statistics caches (ids repeat after rollbacks)."""
    caches_clear()
    yield
    caches_clear()


def year_publish(first_year: int, *, published: bool = True) -> ReportingYear:
    """A reporting year, published a day ago (or not at all)."""
    when = datetime.now(tz=UTC) - timedelta(days=1) if published else None
    year, _ = ReportingYear.objects.update_or_create(
        first_year=first_year,
        defaults={"label": f"{first_year}-{(first_year + 1) % 100:02d}", "publish_at": when},
    )
    return year


def decision_make(
    organisation: Organisation,
    *,
    decided: date,
    outcome: str = "upheld",
    category: str = "housing",
    summary: str = "",
    public_report: bool = False,
    satisfactory_remedy: bool = False,
    reference: str | None = None,
) -> Decision:
    return Decision.objects.create(
        reference=reference or f"T{next(_references):07d}",
        organisation=organisation,
        decision_date=decided,
        category=category,
        outcome=outcome,
        summary=summary,
        public_report=public_report,
        satisfactory_remedy=satisfactory_remedy,
    )


def compliance_make(decision: Decision, *, outcome: str = "satisfied") -> ComplianceOutcome:
    return ComplianceOutcome.objects.create(
        decision=decision, outcome_date=decision.decision_date + timedelta(days=30), outcome=outcome
    )


def improvement_make(decision: Decision, description: str) -> Recommendation:
    return Recommendation.objects.create(
        decision=decision, kind=Recommendation.Kind.SERVICE_IMPROVEMENT, description=description
    )


@pytest.fixture
def bromsgrove() -> Organisation:
    organisation = Organisation.objects.get(slug="bromsgrove")
    Population.objects.update_or_create(
        organisation=organisation, year=2020, defaults={"population": 100_000}
    )
    return organisation


@pytest.fixture
def two_years(bromsgrove: Organisation) -> Organisation:
    """Bromsgrove with 2022-23 and 2023-24 published (2024-25 not) and a few decisions in each."""
    year_publish(2022)
    year_publish(2023)
    year_publish(2024, published=False)
    for i in range(3):
        decision_make(bromsgrove, decided=date(2022, 6, 1 + i), outcome="upheld")
    decision_make(bromsgrove, decided=date(2022, 7, 1), outcome="not_upheld")
    upheld = decision_make(
        bromsgrove,
        decided=date(2023, 5, 2),
        summary="The council delayed repairs to a leaking roof and agreed to apologise.",
        public_report=True,
        reference="23000001",
    )
    compliance_make(upheld)
    improvement_make(upheld, "Train housing officers on repair timescales.")
    decision_make(
        bromsgrove,
        decided=date(2023, 6, 2),
        outcome="not_upheld",
        category="planning",
        summary="No fault in how the council decided a planning application for an extension.",
        reference="23000002",
    )
    decision_make(
        bromsgrove,
        decided=date(2024, 5, 2),
        summary="Unpublished year: a complaint about bin collections.",
        reference="24000001",
    )
    return bromsgrove


@pytest.fixture
def demo_label() -> DatasetLabel:
    return DatasetLabel.objects.create(kind=DatasetLabel.Kind.DEMO, note="Made for the tests.")
