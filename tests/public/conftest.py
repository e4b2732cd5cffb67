"""Fixtures for the public site: published years and decisions made with tests/factories.py."""

from collections.abc import Iterator
from datetime import date

import pytest

from annual_review.casework.models import DatasetLabel
from annual_review.register.models import Organisation
from annual_review.web.caching import caches_clear
from tests.factories import (
    ComplianceOutcomeFactory,
    DatasetLabelFactory,
    DecisionFactory,
    PopulationFactory,
    RecommendationFactory,
    ReportingYearFactory,
    council,
)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test starts with empty page and statistics caches (ids repeat after rollbacks)."""
    caches_clear()
    yield
    caches_clear()


@pytest.fixture
def bromsgrove() -> Organisation:
    """Bromsgrove, with a population of 100,000 in 2020."""
    organisation = council("BRM")
    PopulationFactory(organisation=organisation, year=2020, population=100_000)
    return organisation


@pytest.fixture
def two_years(bromsgrove: Organisation) -> Organisation:
    """Bromsgrove with 2022-23 and 2023-24 published (2024-25 not) and a few decisions in each."""
    ReportingYearFactory(first_year=2022, published=True)
    ReportingYearFactory(first_year=2023, published=True)
    ReportingYearFactory(first_year=2024)
    for i in range(3):
        DecisionFactory(organisation=bromsgrove, decision_date=date(2022, 6, 1 + i))
    DecisionFactory(organisation=bromsgrove, decision_date=date(2022, 7, 1), outcome="not_upheld")
    upheld = DecisionFactory(
        organisation=bromsgrove,
        decision_date=date(2023, 5, 2),
        summary="The council delayed repairs to a leaking roof and agreed to apologise.",
        public_report=True,
        reference="23000001",
    )
    ComplianceOutcomeFactory(decision=upheld)
    RecommendationFactory(
        decision=upheld, description="Train housing officers on repair timescales."
    )
    DecisionFactory(
        organisation=bromsgrove,
        decision_date=date(2023, 6, 2),
        outcome="not_upheld",
        category="planning",
        summary="No fault in how the council decided a planning application for an extension.",
        reference="23000002",
    )
    DecisionFactory(
        organisation=bromsgrove,
        decision_date=date(2024, 5, 2),
        summary="Unpublished year: a complaint about bin collections.",
        reference="24000001",
    )
    return bromsgrove


@pytest.fixture
def demo_label() -> DatasetLabel:
    return DatasetLabelFactory(kind=DatasetLabel.Kind.DEMO, note="Made for the tests.")
