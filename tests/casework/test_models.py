"""The casework records' published() filters: the one rule of what the public may see of each."""

from datetime import UTC, date, datetime

import pytest

from annual_review.casework.models import (
    ComplianceOutcome,
    Decision,
    Recommendation,
    published_spans,
)
from annual_review.years.periods import ReportingPeriod
from tests.factories import (
    ComplianceOutcomeFactory,
    DecisionFactory,
    RecommendationFactory,
    ReportingYearFactory,
)

pytestmark = pytest.mark.django_db

PAST = datetime(2020, 7, 1, 9, tzinfo=UTC)
FUTURE = datetime(2099, 7, 1, 9, tzinfo=UTC)


@pytest.fixture
def years():
    """2022-23 and 2023-24 published, 2024-25 scheduled for the future, 2025-26 never scheduled."""
    for first_year, publish_at in ((2022, PAST), (2023, PAST), (2024, FUTURE), (2025, None)):
        ReportingYearFactory(first_year=first_year, publish_at=publish_at)


def test_consecutive_published_years_make_one_span(years):
    """Two published years in a row are one date range; a gap makes two."""
    assert published_spans() == [(date(2022, 4, 1), date(2024, 3, 31))]
    assert published_spans(years=["2021-22", "2023-24"]) == [
        (date(2021, 4, 1), date(2022, 3, 31)),
        (date(2023, 4, 1), date(2024, 3, 31)),
    ]
    assert published_spans(years=[]) == []


def test_a_decision_is_public_when_its_date_is_in_a_published_year(years):
    """The last day of a published year is public, the first day of the next (embargoed) is not;
    nothing is public before the first stored year or when no year is published."""
    for reference, decided in (
        ("21 1", date(2022, 3, 31)),
        ("22 1", date(2022, 4, 1)),
        ("23 1", date(2024, 3, 31)),
        ("24 1", date(2024, 4, 1)),
        ("25 1", date(2025, 12, 1)),
    ):
        DecisionFactory(reference=reference, decision_date=decided)
    public = Decision.objects.published().values_list("reference", flat=True)
    assert sorted(public) == ["22 1", "23 1"]
    assert not Decision.objects.published(years=[]).exists()
    period = ReportingPeriod(2023)
    assert list(Decision.objects.in_year(period).values_list("reference", flat=True)) == ["23 1"]


def test_a_recommendation_is_dated_by_its_decision_not_its_due_date(years):
    """A recommendation on a published decision is public though due in an embargoed year; one
    on an embargoed decision is not, though due in a published year."""
    published = DecisionFactory(reference="23 1", decision_date=date(2024, 3, 1))
    embargoed = DecisionFactory(reference="24 1", decision_date=date(2024, 4, 2))
    RecommendationFactory(
        decision=published, kind="apology", description="Due later.", due_date=date(2024, 6, 1)
    )
    RecommendationFactory(
        decision=embargoed, kind="apology", description="Bad data.", due_date=date(2024, 1, 1)
    )
    public = Recommendation.objects.published().values_list("description", flat=True)
    assert list(public) == ["Due later."]
    assert list(
        Recommendation.objects.in_year(ReportingPeriod(2024)).values_list("description", flat=True)
    ) == ["Bad data."]


def test_a_compliance_outcome_needs_its_own_year_and_its_decision_published(years):
    """Public only when its own date is in a published year and its decision is public: not an
    outcome dated in the embargoed year on a published decision, nor one dated in a published
    year on a decision before any stored year."""
    cases = {
        "both published": (date(2023, 1, 5), date(2023, 5, 1)),
        "outcome embargoed": (date(2024, 2, 1), date(2024, 4, 1)),
        "decision unpublished": (date(2021, 12, 1), date(2022, 5, 1)),
    }
    for name, (decided, assessed) in cases.items():
        ComplianceOutcomeFactory(
            decision=DecisionFactory(reference=name, decision_date=decided),
            outcome_date=assessed,
            outcome="satisfied",
        )
    public = ComplianceOutcome.objects.published().values_list("decision__reference", flat=True)
    assert list(public) == ["both published"]
    in_2022 = ComplianceOutcome.objects.in_year(ReportingPeriod(2022))
    assert sorted(in_2022.values_list("decision__reference", flat=True)) == ["decision unpublished"]
