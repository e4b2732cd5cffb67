"""A council page's cost: what it reads does not grow with the number of published years."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from annual_review.public.council_page import council_page_build
from annual_review.public.published import published_years
from annual_review.web.caching import caches_clear, site_version_pinned
from tests.factories import DecisionFactory, ReportingYearFactory, council

# What one council's page asks of the database once the year-wide values are read (the site's
# export renders every council's years in a row): its decisions listed and counted, its public
# reports and its service improvements with their compliance outcomes.
PAGE_QUERIES = 6


def _page_queries(slug: str, year: str) -> list[str]:
    """The queries of `slug`'s page for `year`, after another council's page (of every year)
    has read the values all pages share, in one site version as a request would."""
    caches_clear()
    with site_version_pinned():
        for label in published_years():
            council_page_build(slug="wyre-forest", year=label)
        with CaptureQueriesContext(connection) as captured:
            page = council_page_build(slug=slug, year=year)
    assert page.year == year
    return [q["sql"] for q in captured.captured_queries]


def test_a_council_pages_queries_do_not_grow_with_the_published_years(db):
    """Bromsgrove's page asks the same few queries with two published years as with three:
    the years, figures versions, letters and the register are read once for all pages."""
    bromsgrove, wyre_forest = council("BRM"), council("WYE")
    for first_year in (2021, 2022, 2023):
        for organisation in (bromsgrove, wyre_forest):
            DecisionFactory(organisation=organisation, decision_date=date(first_year, 6, 1))
            DecisionFactory(
                organisation=organisation,
                decision_date=date(first_year, 7, 1),
                outcome="not_upheld",
            )
    ReportingYearFactory(first_year=2022, published=True)
    ReportingYearFactory(first_year=2023, published=True)
    two_years = _page_queries("bromsgrove", "2023-24")
    ReportingYearFactory(first_year=2021, published=True)
    three_years = _page_queries("bromsgrove", "2023-24")
    assert len(three_years) == len(two_years), "\n".join(three_years)
    assert len(three_years) <= PAGE_QUERIES, "\n".join(three_years)
