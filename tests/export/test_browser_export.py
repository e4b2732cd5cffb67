"""The public site's browser tests, against the static export served by nginx.

What needs the server differs in the export, and the tests say how: the map fetches each map
from a file (/map/<year>/<measure>/<layer>.html) instead of `/?...&fragment=map`; finding a
council or a decision goes through the export's search page (/search/, Pagefind bundles merged
in the browser) instead of the server's search: the same words and filters (council, category,
outcome, and a year instead of dates) give the same decisions in the same order.
"""

import re
from urllib.parse import urlencode

import pytest

from annual_review.casework.addresses import decision_slug
from tests.export.conftest import SEARCHES

pytestmark = pytest.mark.browser

BROMSGROVE = 'a[data-gss="E07000234"]'


@pytest.fixture(scope="package")
def static_url(nginx_url, server_answers) -> str:
    """The export served by Debian's nginx with the repository's configuration (and the
    server's answers read first: Django refuses the database once the browser runs)."""
    return nginx_url


@pytest.fixture
def page(static_url, browser):  # noqa: ANN001
    # The export first: it uses the database, which Django refuses once the browser runs.
    context = browser.new_context(base_url=static_url, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


def _map_classes(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(
        "[data-app-map] path", "paths => paths.map(p => p.getAttribute('class'))"
    )


def test_changing_the_measure_recolours_the_map_in_place(page):
    """Choosing another measure loads that map's file and redraws the map without navigating."""
    page.goto("/")
    before = _map_classes(page)
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(re.compile(r"/map/2023-24/upheld_per_100k/ltla\.html$")):
        page.select_option("#measure", "upheld_per_100k")
    page.wait_for_function(
        "document.querySelector('#map-heading').textContent.includes('per 100,000')"
    )
    assert page.evaluate("window.__sameDocument") is True
    assert "measure=upheld_per_100k" in page.url
    assert len(_map_classes(page)) == len(before)


def test_clicking_bromsgrove_on_the_map_opens_its_page(page):
    """A click inside Bromsgrove's shape lands on Bromsgrove's page, a file of the export."""
    page.goto("/")
    point = page.evaluate(
        """(selector) => {
            const link = document.querySelector(selector);
            link.scrollIntoView({block: 'center'});
            const box = link.getBoundingClientRect();
            for (let y = box.top + 1; y < box.bottom; y += 2)
              for (let x = box.left + 1; x < box.right; x += 2)
                if (document.elementFromPoint(x, y)?.closest('a') === link) return [x, y];
            return null;
        }""",
        BROMSGROVE,
    )
    assert point is not None
    page.mouse.click(*point)
    page.wait_for_url(re.compile(r"/councils/bromsgrove/\d{4}-\d{2}/$"))
    assert page.locator("h1").inner_text() == "Bromsgrove District Council"


def test_find_a_council_with_the_search_page(page):
    """Pagefind's search, in the browser, finds Bromsgrove's page by its name."""
    page.goto("/search/?q=Bromsgrove")
    result = page.locator("[data-app-search-page] a[href^='/councils/bromsgrove/']").first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url(re.compile(r"/councils/bromsgrove/"))
    assert "Bromsgrove" in page.locator("h1").inner_text()


def test_the_decision_search_form_goes_to_the_search_page(page):
    """The decisions page's search form leads to Pagefind's results for the same words."""
    page.goto("/decisions/")
    page.fill("#q", "Repairs")
    page.click("button:has-text('Search')")
    page.wait_for_url(re.compile(r"/search/\?q=Repairs"))
    result = page.locator("[data-app-search-results] a[href^='/decisions/']").first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url(re.compile(r"/decisions/[^/]+/$"))
    assert "Repairs" in page.locator(".app-summary").inner_text()


def test_download_the_letter_pdf(page):
    """The council's letter downloads as a PDF file from the export."""
    page.goto("/councils/bromsgrove/")
    link = page.locator("a[href$='letter.pdf']")
    assert link.count() > 0
    with page.expect_download() as download:
        link.first.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_the_search_page_lists_what_the_server_lists(page, server_answers, name):
    """Words, words with a council and an outcome, and a filter with no words: the export's
    search page lists the decisions the server's /decisions/ lists on its first page, in the
    same order, each with its council, date and outcome."""
    query = SEARCHES[name]
    page.goto("/search/?" + urlencode(query))
    page.wait_for_selector("[data-app-search-done]", state="attached", timeout=20000)
    rows = page.locator("[data-app-search-results] [data-reference]")
    found = rows.evaluate_all("rows => rows.map(r => r.dataset.reference)")
    expected = server_answers[name]
    assert expected["slugs"], name  # the query finds something on the server
    assert [decision_slug(reference) for reference in found] == expected["slugs"]
    assert page.locator("#results").inner_text() == expected["heading"]
    first = rows.first.inner_text()
    assert expected["first_title"] in first and expected["first_line"] in first
