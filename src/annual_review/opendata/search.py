"""The static export's search: a Pagefind bundle per reporting year of decisions, one for the rest.

A decision is indexed from a small record (its summary, with council, category, outcome, year
and date as Pagefind filters and its place in the server's order as a sort key), not from its
page: the server's `/decisions/` searches summaries only, and a record costs Pagefind far less
than a whole page. Filter values are codes (the server's query values), because Pagefind makes
every metadata value searchable and filters not. The rest of the site (councils, letters,
about, downloads) is indexed from its pages, with their `data-pagefind-body`, in a bundle per
reporting year for the councils' pages and letters of that year (`site-2023-24`) and one for
everything else (`site`: the home, about and downloads pages, each council's own page). Pagefind
reads a copy of each page without the tables it is told to ignore (`page_record`): they are
three quarters of a council's page, and Pagefind's time grows with the bytes it reads.

In the browser (`opendata/static/opendata/search.js`) the site's bundle is the primary index
and each year's bundles are merged into it (`mergeIndex`); a bundle is rebuilt only when its
records or pages changed (see `manifest.py`), so a revision of one year's figures rebuilds that
year's bundle of councils' pages and the site's, not the other years'.
"""

import hashlib
import html
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from annual_review.casework.models import Category, Outcome
from annual_review.public.decision_page import DecisionPage
from annual_review.public.published import published_decisions
from annual_review.years.periods import period_containing

BUNDLES = "pagefind"
SITE_BUNDLE = "site"
# A year's councils' pages and letters: councils/<slug>/<year>/...
_COUNCIL_YEAR_PAGE = re.compile(r"^councils/[^/]+/(\d{4}-\d{2})/")
# A table that is the first child of an element Pagefind ignores (a table's wrapper, in the
# templates): none of it is indexed, so the record leaves it out.
_IGNORED_TABLE = re.compile(
    rb"(<div\b[^>]*\bdata-pagefind-ignore\b[^>]*>)\s*<table\b.*?</table>", re.S
)
PAGEFIND_FAILED = "Pagefind could not index {what} (exit {code}): {output}"
_CATEGORY_CODES = {label: value for value, label in Category.choices}
_OUTCOME_CODES = {label: value for value, label in Outcome.choices}


def site_searched(path: str) -> bool:
    """Whether an exported file is one of the pages the site's bundle indexes (SITE_GLOB)."""
    if not path.endswith(".html"):
        return False
    return path in {"index.html", "decisions/index.html"} or path.startswith(
        ("about/", "councils/", "downloads/")
    )


def site_bundle_of(path: str) -> str:
    """The bundle a searched page of the site goes in: its year's for a council's page or
    letter of a year (`site-2023-24`), else the site's."""
    found = _COUNCIL_YEAR_PAGE.match(path)
    return f"{SITE_BUNDLE}-{found[1]}" if found else SITE_BUNDLE


def page_record(content: bytes) -> bytes:
    """What Pagefind reads of an exported page: the page less the tables it would ignore,
    which Pagefind would parse and then leave out (the index is the same)."""
    return _IGNORED_TABLE.sub(rb"\1", content)


def decision_orders() -> dict[int, tuple[str, int]]:
    """Each published decision's reference and place within its year in the server's order (newest first,
    then by reference): the records' sort key, so that results come as `/decisions/` lists them.
    """
    rows = published_decisions().values_list("id", "decision_date", "reference")
    by_year: dict[int, list[tuple[date, str, int]]] = {}
    for pk, decided, reference in rows:
        by_year.setdefault(period_containing(decided).first_year, []).append(
            (decided, reference, pk)
        )
    orders: dict[int, tuple[str, int]] = {}
    for found in by_year.values():
        # Newest first, then reference ascending: sort by reference, then stably by date.
        found.sort(key=lambda row: row[1])
        found.sort(key=lambda row: row[0], reverse=True)
        orders.update((pk, (ref, place)) for place, (_d, ref, pk) in enumerate(found))
    return orders


def decision_record(page: DecisionPage, *, order: int) -> bytes:
    """The HTML Pagefind indexes for one decision: its summary, filters and sort key."""
    decision = page.decision
    return record_html(
        reference=decision.reference,
        summary=decision.summary,
        council=page.council.slug,
        category=_CATEGORY_CODES.get(decision.category, decision.category),
        outcome=_OUTCOME_CODES.get(decision.outcome, decision.outcome),
        year=page.year,
        decided=decision.decision_date,
        order=order,
    )


def record_html(
    *,
    reference: str,
    summary: str,
    council: str,
    category: str,
    outcome: str,
    year: str,
    decided: date,
    order: int,
) -> bytes:
    """A decision's record from its values (codes for category and outcome).

    A record with no summary carries the reference, since Pagefind leaves out an empty page
    (it would then be missing from searches by filters alone).
    """
    text = summary or reference
    filters = (
        ("council", council),
        ("category", category),
        ("outcome", outcome),
        ("year", year),
        ("date", decided.isoformat()),
    )
    spans = "".join(
        f'<span data-pagefind-filter="{name}">{html.escape(value)}</span>'
        for name, value in filters
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>'
        f"<p data-pagefind-body>{html.escape(text)}</p>"
        f'<span data-pagefind-meta="title">{html.escape(reference)}</span>{spans}'
        f'<span data-pagefind-sort="order">{order}</span></body></html>'
    ).encode()


def decision_records() -> dict[str, dict[str, bytes]]:
    """Every published decision's record, by year and reference, from one query (no page is
    built): a year's bundle is rebuilt from these whenever one of them changed."""
    from annual_review.public.published import councils_by_id
    from annual_review.years.periods import ReportingPeriod

    councils = councils_by_id()
    orders = decision_orders()
    rows = published_decisions().values_list(
        "id", "reference", "summary", "organisation_id", "category", "outcome", "decision_date"
    )
    by_year: dict[str, dict[str, bytes]] = {}
    for pk, reference, summary, organisation_id, category, outcome, decided in rows:
        year = ReportingPeriod(decided.year - (1 if decided.month < 4 else 0)).label
        by_year.setdefault(year, {})[reference] = record_html(
            reference=reference,
            summary=summary,
            council=councils[organisation_id].slug,
            category=category,
            outcome=outcome,
            year=year,
            decided=decided,
            order=orders[pk][1],
        )
    return by_year


def record_path(*, records: Path, year: str, reference: str) -> Path:
    """Where a decision's record goes: Pagefind then gives it the decision page's address."""
    return records / year / "decisions" / reference / "index.html"


def inputs_digest(parts: Iterable[tuple[str, str]]) -> str:
    """One sha256 for a bundle's inputs: (path, sha256 of its content) pairs, in path order."""
    digest = hashlib.sha256()
    for path, sha in sorted(parts):
        digest.update(f"{path}\0{sha}\n".encode())
    return digest.hexdigest()


def bundle_build(*, site: Path, output: Path) -> None:
    """Run Pagefind over `site` into `output`, replacing what was there only once it succeeded."""
    staging = output.with_name(f".{output.name}.new")
    if staging.exists():
        shutil.rmtree(staging)
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "en"]
    command += ["--output-path", str(staging)]
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed module
        command, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        output_text = (result.stderr or result.stdout)[-2000:]
        raise RuntimeError(
            PAGEFIND_FAILED.format(what=site, code=result.returncode, output=output_text)
        )
    if output.exists():
        shutil.rmtree(output)
    staging.rename(output)


def decision_years() -> set[str]:
    """The reporting years that have published decisions (each has a bundle)."""
    from annual_review.years.periods import ReportingPeriod

    months = published_decisions().dates("decision_date", "month")
    return {ReportingPeriod(d.year - (1 if d.month < 4 else 0)).label for d in months}
