"""The public site's pages in the static export: which addresses, rendered by the real site.

Every page is requested through Django's test client against the project's URLconf, so a file
in the export holds exactly what the server answers at that address. A page `/a/b/` is written
as `a/b/index.html` (clean addresses work on any static host), its twins `a/b.json`, `a/b.csv`.
Listings filtered or paged by a query string cannot be files: their unfiltered first page is
written, and the decision search form is pointed at the export's own search page (Pagefind).
"""

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client

from annual_review.casework.models import Category, Outcome
from annual_review.opendata.manifest import Writes, file_write
from annual_review.public.information import INFORMATION_ADDRESSES
from annual_review.public.letters import public_letter_exists
from annual_review.public.published import councils_by_id, site_notice, year_statistics

Write = Callable[[str, bytes], None]

# The addresses of the site as a whole (each page and its twins).
SITE_PAGES = (
    "/",
    "/index.json",
    "/index.csv",
    "/councils/",
    "/councils.json",
    "/councils.csv",
    "/decisions/",
    "/decisions.json",
    "/decisions.csv",
    "/about/",
    *INFORMATION_ADDRESSES,
    "/revisions/",
    "/revisions.json",
    "/revisions.csv",
)
SEARCH_PAGE = "/search/"
NOT_FOUND_PAGE = "/404.html"
# In the export the decision search form goes to the Pagefind search page, which reads `q`.
_SEARCH_FORM = re.compile(rb'(<form[^>]*action=")/decisions/(")')


class PageMissing(Exception):
    """An address the export must contain did not answer 200."""


def page_get(client: Client, url: str) -> bytes:
    """The server's answer at `url`, or PageMissing."""
    response = client.get(url)
    if response.status_code != 200:
        raise PageMissing(f"{url} answered {response.status_code} during the export")
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content


def council_addresses(*, years: list[str]) -> Iterator[str]:
    """Every council's pages and twins for the published years, letters included."""
    councils = councils_by_id()
    # A council's own address shows its latest year: the latest published year for a current
    # council, its last for an abolished one.
    seen: set[int] = set()
    for year in sorted(years, reverse=True):
        statistics = year_statistics(year)
        for row in statistics.organisations:
            council = councils[row.organisation_id]
            base = f"/councils/{council.slug}"
            if row.organisation_id not in seen:
                seen.add(row.organisation_id)
                yield f"{base}/"
                yield f"{base}.json"
            yield f"{base}/{year}/"
            yield f"{base}/{year}.json"
            yield f"{base}/{year}/decisions.csv"
            if public_letter_exists(organisation_id=row.organisation_id, year=year):
                yield f"{base}/{year}/letter/"
                yield f"{base}/{year}/letter.pdf"


def html_for_export(url: str, content: bytes) -> bytes:
    """The page as the export serves it: the decision search form goes to /search/."""
    if url == "/decisions/" or url.startswith("/councils/"):
        return _SEARCH_FORM.sub(rb"\1" + SEARCH_PAGE.encode() + rb"\2", content)
    return content


def search_page(*, years: list[str], site_years: list[str]) -> bytes:
    """The export's search page: the server's decision search form (words, council, category,
    outcome, and year instead of dates), answered in the browser from the Pagefind bundles
    (`years`: the years with a bundle of decisions; `site_years`: with one of councils' pages)."""
    councils = councils_by_id().values()
    labels = {
        # Every council's name (results show it), not only the form's comparison councils.
        "councils": {c.slug: c.name for c in sorted(councils, key=lambda c: c.slug)},
        "categories": dict(Category.choices),
        "outcomes": dict(Outcome.choices),
        "years": years,
        "site_years": site_years,
    }
    context = {
        "notice": site_notice(),
        "councils": sorted((c for c in councils if c.comparison_group), key=lambda c: c.short_name),
        "categories": Category.choices,
        "outcomes": Outcome.choices,
        "years": years,
        # Inside a <script type="application/json">: "<" escaped so no text can close it.
        "labels": json.dumps(labels, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"),
    }
    return render_to_string("opendata/search.html", context).encode("utf-8")


def not_found_page() -> bytes:
    return render_to_string("opendata/404.html", {"notice": site_notice()}).encode()


def static_assets_copy(*, directory: Path, writes: Writes) -> None:
    """Every app's static files under STATIC_URL, as `collectstatic` would gather them."""
    prefix = settings.STATIC_URL.strip("/")
    seen: set[str] = set()
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns=["*.scss"]):
            if path in seen:
                continue  # the first finder's file wins, as in collectstatic
            seen.add(path)
            with storage.open(path) as source:
                content = source.read()
            file_write(
                directory=directory,
                path=f"{prefix}/{path}",
                content=content,
                inputs=(f"static:{path}",),
                writes=writes,
            )
