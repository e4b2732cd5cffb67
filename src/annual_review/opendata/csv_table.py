"""How the downloads write a table as CSV: one header of column names, cells as plain text."""

from collections.abc import Iterable, Sequence
from decimal import Decimal

from annual_review.opendata.dictionary import Field
from annual_review.web.csv_files import csv_bytes


def _cell(value: object) -> object:
    """How a value is written to CSV: empty for None, true/false, ISO dates, plain decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def table_csv(fields: Sequence[Field], rows: Iterable[Sequence[object]]) -> bytes:
    # Plain: byte for byte what `annual-review stats --format csv` writes.
    return csv_bytes(
        header=[f.name for f in fields], rows=([_cell(v) for v in row] for row in rows), plain=True
    )
