"""Every decision a search matches, for the search's CSV twin: counted, then streamed in chunks.

The page shows twenty results at a time; `/decisions.csv` gives every published decision the
same words and filters match (the one search, casework/search.py), read in chunks of CHUNK so
that a long answer never sits in memory whole. Invalid filters never get here: the view refuses
them first (public/filters.py).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from annual_review.casework.models import Category, Outcome
from annual_review.casework.search import DecisionQuery, decisions_counted, decisions_found
from annual_review.public.decision_rows import (
    DECISION_COLUMNS,
    DecisionRow,
    decision_csv_row,
    decision_row,
)
from annual_review.public.published import councils_by_id, published_decisions
from annual_review.web.csv_files import csv_chunks

CHUNK = 2000
# The response header that says how many rows follow (documented in docs/DATA.md).
ROW_COUNT_HEADER = "X-Row-Count"


@dataclass(frozen=True)
class DecisionRows:
    total: int
    rows: Iterator[DecisionRow]


def decisions_search_all(
    *,
    text: str = "",
    council: str = "",
    category: str = "",
    outcome: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> DecisionRows:
    """All published decisions matching the search, newest first, as the search orders them."""
    councils = councils_by_id()
    query = DecisionQuery(
        text=text,
        organisation_id=next((pk for pk, c in councils.items() if c.slug == council), None),
        category=category if category in Category.values else "",
        outcome=outcome if outcome in Outcome.values else "",
        decided_from=date_from,
        decided_to=date_to,
    )
    ordered = decisions_found(published_decisions(), query=query)
    total, _more = decisions_counted(ordered, cap=None)

    def rows() -> Iterator[DecisionRow]:
        for decision in ordered.iterator(chunk_size=CHUNK):
            yield decision_row(decision, councils.get(decision.organisation_id))

    return DecisionRows(total=total, rows=rows())


def decisions_csv_stream(*, rows: Iterator[DecisionRow]) -> Iterator[bytes]:
    """The CSV twin's bytes, the same columns and encoding as a page's CSV, a chunk at a time."""
    return csv_chunks(
        header=DECISION_COLUMNS, rows=(decision_csv_row(row) for row in rows), chunk=CHUNK
    )
