"""Decisions as the listings show them, and paging through them."""

from dataclasses import dataclass
from datetime import date

from annual_review.casework.models import Decision
from annual_review.public.published import CouncilRef


@dataclass(frozen=True)
class DecisionRow:
    reference: str
    decision_date: date
    category: str
    outcome: str
    summary: str
    council_name: str = ""
    council_slug: str = ""
    # A search result's excerpt: (text, matched) pieces, so templates can mark the words found.
    excerpt: tuple[tuple[str, bool], ...] = ()


def decision_row(decision: Decision, council: CouncilRef | None = None) -> DecisionRow:
    return DecisionRow(
        reference=decision.reference,
        decision_date=decision.decision_date,
        category=decision.get_category_display(),
        outcome=decision.get_outcome_display(),
        summary=decision.summary,
        council_name=council.name if council else "",
        council_slug=council.slug if council else "",
    )


def page_number(page: int, pages: int) -> int:
    return min(max(page, 1), max(pages, 1))


AWAITING_COMPLIANCE = "Not yet assessed"


def compliance_status(decision: Decision) -> str:
    try:
        return decision.compliance.get_outcome_display()
    except Decision.compliance.RelatedObjectDoesNotExist:
        return AWAITING_COMPLIANCE


# The columns of every CSV of decisions the site's pages offer (a council's year, the search).
DECISION_COLUMNS = (
    "reference",
    "decision_date",
    "council",
    "council_slug",
    "category",
    "outcome",
    "summary",
)


def decision_csv_row(row: DecisionRow, council: CouncilRef | None = None) -> tuple[str, ...]:
    """A decision as a CSV row of DECISION_COLUMNS (`council` when the listing is one council's)."""
    return (
        row.reference,
        row.decision_date.isoformat(),
        council.name if council else row.council_name,
        council.slug if council else row.council_slug,
        row.category,
        row.outcome,
        row.summary,
    )
