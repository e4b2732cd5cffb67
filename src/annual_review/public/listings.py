"""Every decision a search matches, for the search's CSV twin: counted, then streamed in chunks.

The page shows twenty results at a time; `/decisions.csv` gives every published decision the
same words and filters match, read in chunks of CHUNK so that a long answer never sits in
memory whole. Invalid filters never get here: the view refuses them first (public/filters.py).
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from annual_review.casework.models import Category, Outcome
from annual_review.public.decision_rows import DecisionRow, decision_row
from annual_review.public.decision_search import decisions_matching
from annual_review.public.published import councils_by_id, published_decisions

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
    found = published_decisions()
    council_id = next((pk for pk, c in councils.items() if c.slug == council), None)
    if council_id is not None:
        found = found.filter(organisation_id=council_id)
    if category in Category.values:
        found = found.filter(category=category)
    if outcome in Outcome.values:
        found = found.filter(outcome=outcome)
    if date_from:
        found = found.filter(decision_date__gte=date_from)
    if date_to:
        found = found.filter(decision_date__lte=date_to)
    matching = decisions_matching(found, text=text)
    ordered = matching.order_by("-decision_date", "reference")
    total = ordered.count()

    def rows() -> Iterator[DecisionRow]:
        for decision in ordered.iterator(chunk_size=CHUNK):
            yield decision_row(decision, councils.get(decision.organisation_id))

    return DecisionRows(total=total, rows=rows())


def decisions_csv_stream(*, rows: Iterator[DecisionRow]) -> Iterator[bytes]:
    """The CSV twin's bytes, the same columns and encoding as a page's CSV, a chunk at a time."""
    from annual_review.public.twins import DECISION_COLUMNS

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(DECISION_COLUMNS)
    yield ("\ufeff" + out.getvalue()).encode("utf-8")
    out.seek(0)
    out.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            (
                row.reference,
                row.decision_date.isoformat(),
                row.council_name,
                row.council_slug,
                row.category,
                row.outcome,
                row.summary,
            )
        )
        if count % CHUNK == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue().encode("utf-8")
