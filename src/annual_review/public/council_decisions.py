"""Every decision on a council's year page, for its CSV twin: counted, then streamed in chunks.

The page lists twenty at a time; `/councils/<slug>/<year>/decisions.csv` gives every one of the
year's published decisions about the council that the page's category and outcome match.
"""

from collections.abc import Iterator

from annual_review.casework.models import Category, Outcome
from annual_review.public import listings
from annual_review.public.decision_rows import DecisionRow, decision_row
from annual_review.public.listings import DecisionRows
from annual_review.public.published import (
    COUNCIL_NOT_FOUND,
    NotFound,
    council_find,
    published_decisions,
    year_choose,
    year_statistics,
)
from annual_review.years.periods import ReportingPeriod


def council_decisions_all(
    *, slug: str, year: str, category: str = "", outcome: str = ""
) -> DecisionRows:
    """The council's published decisions of the year, newest first as its page lists them
    (an unknown category or outcome is ignored, as on the page); NotFound as the page is."""
    organisation_id, council = council_find(slug=slug)
    chosen = year_choose(year)
    if not any(r.organisation_id == organisation_id for r in year_statistics(chosen).organisations):
        raise NotFound(COUNCIL_NOT_FOUND)
    period = ReportingPeriod(int(chosen[:4]))
    found = published_decisions().in_year(period).filter(organisation_id=organisation_id)
    if category in Category.values:
        found = found.filter(category=category)
    if outcome in Outcome.values:
        found = found.filter(outcome=outcome)
    ordered = found.order_by("-decision_date", "reference")

    def rows() -> Iterator[DecisionRow]:
        for decision in ordered.iterator(chunk_size=listings.CHUNK):
            yield decision_row(decision, council)

    return DecisionRows(total=ordered.count(), rows=rows())
