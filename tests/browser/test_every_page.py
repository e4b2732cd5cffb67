"""Every kind of public page in Chromium, at 1280 and 390 pixels wide (issue 16's acceptance):
axe-core finds no serious or critical WCAG 2.2 AA problem, and on a phone nothing scrolls
sideways, at 390 pixels or at 320. One browser tab serves every visit, to keep the suite cheap.

Set ANNUAL_REVIEW_SCREENSHOTS to a folder to keep 390-pixel screenshots of the council page
and the decision search there (for people to look at; nothing is compared).
"""

import json
import os
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from annual_review.casework.addresses import decision_address
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

LATEST = "2023-24"  # the seeded site's years: 2021-22 to 2023-24 (benchmarks/site_seed.py)
EARLIER = "2022-23"
PAGES = {
    "map": "/",
    "councils": "/councils/",
    "council": "/councils/bromsgrove/",
    "council-year": f"/councils/bromsgrove/{EARLIER}/",
    "search": "/decisions/?q=council",
    "decision": None,  # the first result of the search above, found when the tab opens
    "about": "/about/",
    "downloads": "/downloads/",
    "revisions": "/revisions/",
    "letter": f"/councils/bromsgrove/{LATEST}/letter/",
    "accessibility": "/accessibility/",
    "privacy": "/privacy/",
    "contact": "/contact/",
    "how-to-complain": "/how-to-complain/",
    "registration": "/monitoring-officers/register/",
    "sign-in": "/staff/sign-in/",
    "not-found": "/no-such-page/",
}
SCREENSHOTS = {"council", "search"}


@pytest.fixture(scope="module")
def tab(browser, site_url) -> Iterator[object]:  # noqa: ANN001
    """One tab for every visit of this module (axe-core needs the CSP bypassed, as in `page`)."""
    context = browser.new_context(base_url=site_url, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def addresses(site_url) -> dict[str, str]:  # noqa: ANN001
    """The page addresses, the decision's taken from the search's JSON twin."""
    with urllib.request.urlopen(site_url + "/decisions.json?q=council") as answer:  # noqa: S310
        first = json.load(answer)["data"]["results"][0]["reference"]
    return {**PAGES, "decision": decision_address(first)}


# What reaches past the screen's right edge (inside a scrolling box or not), to name the
# culprits when a page is too wide.
TOO_WIDE = """(width) => [...document.querySelectorAll('body *')]
  .filter(element => element.getBoundingClientRect().right > width + 1).slice(0, 8)
  .map(element => element.tagName + '.' + element.className + ' ' +
       getComputedStyle(element).position + ' ' + Math.round(element.getBoundingClientRect().right))"""


def _fits(tab, width: int) -> None:  # noqa: ANN001
    wide = tab.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, tab.evaluate(TOO_WIDE, width)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_is_accessible_and_fits_a_phone(tab, addresses, kind, width):
    """axe-core finds nothing serious; at 390 (and 320) pixels the page is no wider than the
    screen: tables scroll inside their own region, charts shrink, long words wrap."""
    tab.set_viewport_size({"width": width, "height": 900})
    response = tab.goto(addresses[kind])
    assert response.status == (404 if kind == "not-found" else 200)
    assert axe_violations(tab) == []
    if width == 390:
        _fits(tab, 390)
        shots = os.environ.get("ANNUAL_REVIEW_SCREENSHOTS")
        if shots and kind in SCREENSHOTS:
            Path(shots).mkdir(parents=True, exist_ok=True)
            height = tab.evaluate("document.documentElement.scrollHeight")
            for number, top in enumerate(range(0, height, 1200), start=1):
                clip = {"x": 0, "y": top, "width": 390, "height": min(1200, height - top)}
                target = Path(shots) / f"{kind}-390-{number}.png"
                tab.screenshot(path=str(target), full_page=True, clip=clip)
        tab.set_viewport_size({"width": 320, "height": 900})
        _fits(tab, 320)


def test_a_council_page_prints_its_tables_whole(tab, addresses):
    """Printed, no table sits in a box that cuts it off, rows do not split across pages, the
    header row repeats, and the explanations in <details> are open."""
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(addresses["council"])
    tab.emulate_media(media="print")
    try:
        tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        printed = tab.evaluate(
            """() => ({
              boxes: [...document.querySelectorAll('.app-table-scroll')].map(box => {
                const style = getComputedStyle(box);
                return [style.overflowX, style.overflowY, style.maxHeight,
                        box.scrollHeight <= box.clientHeight + 1];
              }),
              rows: [...new Set([...document.querySelectorAll('.govuk-table__row')]
                .map(row => getComputedStyle(row).breakInside))],
              heads: [...new Set([...document.querySelectorAll('.govuk-table__head')]
                .map(head => getComputedStyle(head).display))],
              closed: document.querySelectorAll('details:not([open])').length,
            })"""
        )
    finally:
        tab.emulate_media(media="screen")
    assert printed["boxes"] and all(
        box == ["visible", "visible", "none", True] for box in printed["boxes"]
    )
    assert printed["rows"] == ["avoid"]
    assert printed["heads"] == ["table-header-group"]
    assert printed["closed"] == 0
    tab.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert tab.locator("details:not([open])").count() > 0  # closed again for the screen


def test_dates_are_typed_into_govuk_date_inputs(tab):
    """The decision search's dates are day, month and year fields; a date that is not real is
    named in the error summary, which links to the field in error."""
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto("/decisions/")
    assert tab.locator("input[type=date]").count() == 0
    tab.fill("#from-day", "31")
    tab.fill("#from-month", "2")
    tab.fill("#from-year", "2023")
    tab.click("button:has-text('Search')")
    tab.wait_for_url(re.compile(r"from-day=31"))
    summary = tab.locator(".govuk-error-summary a")
    assert summary.first.get_attribute("href") == "#from-day"
    assert "must be a real date" in summary.first.inner_text()
    assert tab.title().startswith("Error: ")
    assert axe_violations(tab) == []
