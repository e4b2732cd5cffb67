"""The sitemap, through django.contrib.sitemaps: an index and its sections.

`/sitemap.xml` is a sitemap index naming one sitemap per section: the site's own pages
(`/sitemap-site.xml`), every council's published years (`/sitemap-councils.xml`) and each
published reporting year's decisions (`/sitemap-decisions-<year>.xml`). A sitemap holds at most
50,000 addresses; a year's decisions are far fewer (a section past the limit is paged by
Django, `?p=2`, and the index lists its pages). Every address starts with
ANNUAL_REVIEW_BASE_URL, never with the host a request happened to name.
"""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from annual_review.casework.addresses import decision_address
from annual_review.casework.search import DecisionQuery, decisions_found
from annual_review.public.information import INFORMATION_ADDRESSES
from annual_review.public.published import (
    councils_by_id,
    published_decisions,
    published_years,
    year_statistics,
)
from annual_review.years.periods import period_parse

SITE_SECTION = "site"
COUNCILS_SECTION = "councils"
DECISIONS_SECTION = "decisions-{year}"
# Where each section's sitemap is (the index names these; the static export writes them).
SECTION_ADDRESS = "/sitemap-{section}.xml"
MAX_ADDRESSES = 50_000


def site_base() -> tuple[str, str]:
    """(protocol, domain with any path prefix) of ANNUAL_REVIEW_BASE_URL."""
    parts = urlsplit(settings.ANNUAL_REVIEW_BASE_URL.rstrip("/"))
    return parts.scheme or "https", parts.netloc + parts.path


class _Addresses(Sitemap[str]):
    """A section whose items are the addresses themselves, on the configured base."""

    limit = MAX_ADDRESSES

    def get_protocol(self, protocol: str | None = None) -> str:
        return site_base()[0]

    def get_domain(self, site: object = None) -> str:
        return site_base()[1]

    def location(self, item: str) -> str:
        return item


class SitePages(_Addresses):
    def items(self) -> list[str]:
        return ["/", "/councils/", "/decisions/", "/about/", *INFORMATION_ADDRESSES]


class CouncilPages(_Addresses):
    """Every council's page (its latest year) and its page for each published year."""

    def items(self) -> list[str]:
        years = published_years()
        councils = councils_by_id()
        addresses = []
        for year in years:
            for row in year_statistics(year).organisations:
                council = councils[row.organisation_id]
                if year == max(years):
                    addresses.append(f"/councils/{council.slug}/")
                addresses.append(f"/councils/{council.slug}/{year}/")
        return addresses


class DecisionPages(_Addresses):
    """Every published decision of one reporting year, newest first."""

    def __init__(self, year: str) -> None:
        self.year = year

    def items(self) -> Sequence[str]:
        found = decisions_found(
            published_decisions(), query=DecisionQuery(period=period_parse(self.year))
        )
        # The clean address: the one a static export has a page at (the server 301s the rest).
        return [
            decision_address(reference) for reference in found.values_list("reference", flat=True)
        ]


def _sections() -> dict[str, _Addresses]:
    sections: dict[str, _Addresses] = {SITE_SECTION: SitePages(), COUNCILS_SECTION: CouncilPages()}
    for year in sorted(published_years()):
        sections[DECISIONS_SECTION.format(year=year)] = DecisionPages(year)
    return sections


def sitemap_sections() -> dict[str, type[Sitemap[Any]] | Sitemap[Any]]:
    """The sections of the sitemap index, by name (as Django's sitemap view takes them): only
    published years have one."""
    return dict(_sections())


def sitemap_index_addresses() -> list[str]:
    """The addresses of the sections' sitemaps (and of their further pages), in index order."""
    addresses = []
    for section, sitemap in _sections().items():
        address = SECTION_ADDRESS.format(section=section)
        addresses.append(address)
        addresses.extend(f"{address}?p={page}" for page in sitemap.paginator.page_range[1:])
    return addresses
