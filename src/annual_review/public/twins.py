"""The data twins of the public pages: the same page data as JSON, and listings as CSV.

Every page at `/a/b/` has a JSON twin at `/a/b.json` (the home page's is `/index.json`); every
listing also has a CSV twin at `/a/b.csv`. The twins are built from the very dataclasses the
HTML templates read, so a twin never says something its page does not.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from annual_review.public.council_search import CouncilSearch
from annual_review.public.decision_rows import DECISION_COLUMNS, DecisionRow, decision_csv_row
from annual_review.public.map_page import MapPage
from annual_review.public.published import CouncilRef
from annual_review.public.revisions import RevisionsPage
from annual_review.web.csv_files import csv_bytes
from annual_review.web.responses import json_body

# Map areas' SVG outlines, colour classes, table sort keys and the council page's charts are
# drawing instructions, not data: the JSON twin leaves them out (an area's `value` and
# `status` say what it shows; a statistic's `value`, `group_value` and `england_value`).
DRAWING_FIELDS = frozenset(
    {"path", "css_class", "sort_value", "chart", "trend_chart", "trend_charts"}
)


def _plain(value: Any) -> Any:
    """Dataclasses as dicts (recursively), minus drawing-only fields; tuples become lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: _plain(getattr(value, item.name))
            for item in dataclasses.fields(value)
            if item.name not in DRAWING_FIELDS and not callable(getattr(value, item.name))
        }
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def twin_json(*, page: object, address: str, extra: dict[str, object] | None = None) -> bytes:
    """A page's data as JSON bytes, with the address of the HTML page it describes (and, with
    `extra`, more of what the page shows beside its main data, such as England's figures)."""
    data = _plain(page)
    if extra:
        data = {**data, **_plain(extra)}
    return json_body({"page": address, "data": data})


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    return csv_bytes(header=header, rows=rows)


COUNCIL_COLUMNS = ("name", "short_name", "slug", "comparison_group", "gss_code")
# `value` is the measure's value (rates as fractions 0 to 1, empty without data); `status` says
# whether the map shows it ("shown") or not ("too_few_cases", "no_data"); for a measure coloured
# within comparison groups (per 100,000), `group_value` is the group's pooled figure and
# `ratio_to_group` the value divided by it (empty otherwise).
MAP_COLUMNS = (
    "name",
    "gss_code",
    "value",
    "status",
    "group_value",
    "ratio_to_group",
    "basis",
    "address",
)


def councils_csv(*, search: CouncilSearch) -> bytes:
    """The council list (or the councils matching a search) as CSV."""
    listed = search.matches if search.query else [c for g in search.groups for c in g.councils]
    return _csv(COUNCIL_COLUMNS, ([getattr(c, k) for k in COUNCIL_COLUMNS] for c in listed))


def decisions_csv(*, rows: Sequence[DecisionRow], council: CouncilRef | None = None) -> bytes:
    """A page of decisions as CSV (the council's own page names the council for every row)."""
    return _csv(DECISION_COLUMNS, (decision_csv_row(row, council) for row in rows))


def map_csv(*, page: MapPage) -> bytes:
    """The map's table: every council's figure for the chosen measure and year."""
    return _csv(
        MAP_COLUMNS,
        (
            (
                a.name,
                a.gss_code,
                "" if a.value is None else a.value,
                a.status,
                "" if a.group_value is None else a.group_value,
                "" if a.ratio_to_group is None else a.ratio_to_group,
                a.basis_text,
                a.href,
            )
            for a in page.table
        ),
    )


REVISION_COLUMNS = ("year", "version", "revised_on", "reason", "earlier_version", "earlier_url")


def revisions_csv(*, page: RevisionsPage) -> bytes:
    """Every revision of published figures, newest first."""
    return _csv(
        REVISION_COLUMNS,
        (
            (year, r.version, r.revised_on, r.reason, r.earlier_version, r.earlier_url)
            for year, r in page.revisions
        ),
    )
