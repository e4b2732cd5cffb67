"""Small casework records for the API and download tests: one published year, one embargoed."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from annual_review.casework.models import DatasetLabel
from annual_review.register.models import Organisation
from annual_review.years.models import ReportingYear
from tests.factories import (
    ComplianceOutcomeFactory,
    DatasetLabelFactory,
    DecisionFactory,
    RecommendationFactory,
    ReportingYearFactory,
    council,
)

PUBLISHED = "2023-24"
EMBARGOED = "2024-25"


@dataclass(frozen=True)
class Casework:
    published: ReportingYear
    embargoed: ReportingYear
    bromsgrove: Organisation
    worcester: Organisation


def casework_create(*, demo: bool = False) -> Casework:
    """Decisions for Bromsgrove and Worcester in 2023-24 (published) and 2024-25 (embargoed)."""
    published = ReportingYearFactory(
        label=PUBLISHED, first_year=2023, publish_at=datetime(2024, 7, 1, 9, tzinfo=UTC)
    )
    embargoed = ReportingYearFactory(
        label=EMBARGOED, first_year=2024, publish_at=datetime(2099, 7, 1, 9, tzinfo=UTC)
    )
    bromsgrove = council("BRM")
    worcester = council("WOC")
    rows = [
        (
            "23 000 001",
            bromsgrove,
            date(2023, 4, 3),
            "housing",
            "upheld",
            True,
            True,
            "Repairs were late.",
        ),
        (
            "23 000 002",
            bromsgrove,
            date(2023, 6, 12),
            "planning",
            "not_upheld",
            False,
            False,
            "No fault in the planning decision.",
        ),
        (
            "23 000 003",
            bromsgrove,
            date(2024, 3, 31),
            "housing",
            "upheld",
            False,
            False,
            "Housing register delays.",
        ),
        (
            "23 000 004",
            bromsgrove,
            date(2023, 9, 1),
            "benefits_tax",
            "closed_after_initial_enquiries",
            False,
            False,
            "",
        ),
        (
            "23 000 005",
            worcester,
            date(2023, 11, 20),
            "highways",
            "upheld",
            False,
            False,
            "Pothole claim mishandled.",
        ),
        (
            "23 000 006",
            worcester,
            date(2023, 5, 5),
            "corporate",
            "referred_back_for_local_resolution",
            False,
            False,
            "",
        ),
        (
            "24 000 001",
            bromsgrove,
            date(2024, 4, 1),
            "housing",
            "upheld",
            False,
            True,
            "Embargoed: must never be served.",
        ),
        (
            "24 000 002",
            worcester,
            date(2024, 8, 9),
            "planning",
            "not_upheld",
            False,
            False,
            "Embargoed too.",
        ),
    ]
    decisions = {}
    for reference, organisation, decided, category, outcome, remedy, report, summary in rows:
        decisions[reference] = DecisionFactory(
            reference=reference,
            organisation=organisation,
            decision_date=decided,
            received_date=date(decided.year - 1, 12, 1) if reference.endswith("1") else None,
            category=category,
            outcome=outcome,
            satisfactory_remedy=remedy,
            public_report=report,
            summary=summary,
        )
    RecommendationFactory(
        decision=decisions["23 000 001"],
        kind="apology",
        description="Apologise to Ms X.",
        due_date=date(2023, 5, 3),
    )
    RecommendationFactory(
        decision=decisions["23 000 001"],
        kind="financial_remedy",
        description="Pay £250 for distress.",
        amount=Decimal("250.00"),
    )
    RecommendationFactory(
        decision=decisions["24 000 001"], kind="training", description="Embargoed recommendation."
    )
    ComplianceOutcomeFactory(
        decision=decisions["23 000 001"], outcome_date=date(2023, 6, 1), outcome="satisfied"
    )
    ComplianceOutcomeFactory(
        decision=decisions["23 000 005"], outcome_date=date(2024, 1, 15), outcome="satisfied_late"
    )
    ComplianceOutcomeFactory(
        decision=decisions["24 000 001"], outcome_date=date(2024, 6, 1), outcome="not_satisfied"
    )
    DatasetLabelFactory(kind=DatasetLabel.Kind.DEMO if demo else DatasetLabel.Kind.REAL)
    return Casework(
        published=published, embargoed=embargoed, bromsgrove=bromsgrove, worcester=worcester
    )
