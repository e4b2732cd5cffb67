"""The one CSV writer of the site: data twins, the search's CSV and the downloads.

A CSV file for people starts with a byte-order mark (so that spreadsheet programs read the
names' accents correctly) and ends its lines with CRLF, as RFC 4180 says. The downloads' files
are for programs as well: they are byte for byte what `annual-review stats --format csv` writes
(no mark, "\n" line ends), so they pass `plain=True`.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

BOM = "\ufeff"
LINE_END = "\r\n"


PLAIN_LINE_END = "\n"


def csv_bytes(
    *, header: Sequence[str], rows: Iterable[Sequence[object]], plain: bool = False
) -> bytes:
    """A whole CSV file: the header, then the rows."""
    return b"".join(csv_chunks(header=header, rows=rows, chunk=0, plain=plain))


def csv_chunks(
    *,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    chunk: int = 2000,
    plain: bool = False,
) -> Iterator[bytes]:
    """The same bytes as `csv_bytes`, `chunk` rows at a time (0: all at once), for streaming."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=PLAIN_LINE_END if plain else LINE_END)
    if not plain:
        out.write(BOM)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if chunk and count % chunk == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue().encode("utf-8")
