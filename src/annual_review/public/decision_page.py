"""One published decision's page, and many at once for the static export."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from annual_review.casework.addresses import decisions_at_slug
from annual_review.casework.models import Decision, Outcome
from annual_review.public.decision_rows import DecisionRow, compliance_status, decision_row
from annual_review.public.published import (
    CouncilRef,
    NotFound,
    councils_by_id,
    published_compliance_of,
    published_decisions,
    published_recommendations,
)
from annual_review.years.periods import period_containing

DECISION_NOT_FOUND = "There is no published decision with this reference."


@dataclass(frozen=True)
class DecisionPage:
    decision: DecisionRow
    council: CouncilRef
    year: str
    received_date: date | None
    satisfactory_remedy: bool
    public_report: bool
    recommendations: list[tuple[str, str]]
    compliance: str


def decision_page_build(*, slug: str) -> DecisionPage:
    """One published decision, found by its address's slug (casework/addresses.py), with its
    summary, what was recommended and whether it was done."""
    decision = (
        decisions_at_slug(published_decisions(), slug=slug)
        .prefetch_related(published_compliance_of("compliance"), published_recommendations())
        .first()
    )
    if decision is None:
        raise NotFound(DECISION_NOT_FOUND)
    return _decision_page(decision, councils_by_id())


def decision_pages_build(*, ids: Sequence[int]) -> list[DecisionPage]:
    """Many published decisions' pages in three queries (the static export's bulk path)."""
    councils = councils_by_id()
    found = (
        published_decisions()
        .filter(pk__in=ids)
        .prefetch_related(published_compliance_of("compliance"), published_recommendations())
        .order_by("reference")
    )
    return [_decision_page(decision, councils) for decision in found]


def _decision_page(decision: Decision, councils: dict[int, CouncilRef]) -> DecisionPage:
    council = councils[decision.organisation_id]
    return DecisionPage(
        decision=decision_row(decision, council),
        council=council,
        year=period_containing(decision.decision_date).label,
        received_date=decision.received_date,
        satisfactory_remedy=decision.satisfactory_remedy,
        public_report=decision.public_report,
        recommendations=[
            (r.get_kind_display(), r.description) for r in decision.recommendations.all()
        ],
        compliance=compliance_status(decision) if decision.outcome == Outcome.UPHELD else "",
    )
