"""More decisions for the export's search tests: a second published year (2022-23) and enough
decisions in both years, several on the same day, for a first page of twenty to mean something."""

from datetime import UTC, date, datetime, timedelta

from annual_review.casework.models import Decision
from tests.factories import DecisionFactory, ReportingYearFactory, council

EARLIER = "2022-23"
_WORDS = (
    "Damp and mould in the flat were not treated.",
    "Repairs to the roof took too long.",
    "The council delayed the school transport appeal.",
    "Noise complaints about a neighbour were not investigated.",
    "Damp repairs were promised and not done.",
)
_OUTCOMES = ("upheld", "not_upheld", "closed_after_initial_enquiries")
_CATEGORIES = ("housing", "education_children", "environment")


def search_decisions_create() -> None:
    """Fifty decisions over 2022-23 and 2023-24 for Bromsgrove and Worcester."""
    ReportingYearFactory(
        label=EARLIER, first_year=2022, publish_at=datetime(2023, 7, 1, 9, tzinfo=UTC)
    )
    councils = [council("BRM"), council("WOC")]
    rows = []
    for number in range(50):
        # Two decisions a day, so that the order by reference within a day is tested too.
        decided = date(2022, 5, 2) + timedelta(days=(number // 2) * 14)
        rows.append(
            DecisionFactory.build(
                reference=f"22 100 {999 - number:03d}",
                organisation=councils[number % 2],
                decision_date=decided,
                category=_CATEGORIES[number % 3],
                outcome=_OUTCOMES[(number // 2) % 3],
                summary=_WORDS[number % 5] if number % 7 else "",
            )
        )
    Decision.objects.bulk_create(rows)
