"""The home page's map in Chromium, from the keyboard alone: its controls, its data links
following what it shows, and the short summary a screen reader hears after each change."""

import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

# Longer than any summary ("Showing ..., YEAR, LAYER: N councils, M with too few cases to
# colour."), far shorter than the map's table.
SUMMARY_LIMIT = 200


def _tab_to(page, element_id: str, *, limit: int = 60) -> None:  # noqa: ANN001
    """Press Tab until the element has focus (as a keyboard user would reach it)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"#{element_id} was not reached with the Tab key")


def _choose_next(page, element_id: str, expected: str) -> None:  # noqa: ANN001
    """On a focused list, the down arrow chooses the next option; the map follows in place."""
    with page.expect_response(re.compile(r"fragment=map")):
        page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "(expected) => document.querySelector('#map-heading').textContent.includes(expected)",
        arg=expected,
    )
    assert page.evaluate("document.activeElement.id") == element_id  # focus stays put


def _announced(page) -> str:  # noqa: ANN001
    """The text of every live region on the page (only the map's summary should be one)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[aria-live], [role=status], [role=alert]')]
                 .map(e => e.textContent.trim()).join(' | ')"""
    )


def test_map_from_the_keyboard_with_links_and_summary_following(page):
    """Tabbing to each control and pressing the down arrow switches measure, year and layer in
    place; after each change the JSON and CSV links give that map's data, and the live region
    says one short sentence (not the 296-row table); axe finds nothing wrong with the result."""
    page.goto("/")
    assert _announced(page) == ""
    years = page.eval_on_selector_all("#year option", "options => options.map(o => o.value)")

    _tab_to(page, "measure")
    _choose_next(page, "measure", "per 100,000")
    summary = _announced(page)
    assert summary.startswith("Showing upheld decisions per 100,000 residents, ")
    assert len(summary) < SUMMARY_LIMIT

    _tab_to(page, "year")
    _choose_next(page, "year", years[1])
    assert years[1] in _announced(page)

    _tab_to(page, "layer")
    _choose_next(page, "layer", "per 100,000")
    page.wait_for_function(
        "document.querySelector('#app-map-status').textContent.includes('county councils')"
    )
    summary = _announced(page)
    counties = page.locator("[data-app-map] a").count()  # that year's county councils
    assert summary.startswith(
        f"Showing upheld decisions per 100,000 residents, {years[1]}, county councils: "
        f"{counties} councils"
    )
    assert len(summary) < SUMMARY_LIMIT

    links = page.eval_on_selector_all(
        "a[data-twin]", "links => links.map(a => a.getAttribute('href'))"
    )
    state = f"measure=upheld_per_100k&year={years[1]}&layer=cty"
    assert links == [f"/index.json?{state}", f"/index.csv?{state}"]
    data = page.request.get(links[0]).json()["data"]
    assert (data["measure"]["key"], data["year"], data["layer"]) == (
        "upheld_per_100k",
        years[1],
        "cty",
    )
    assert len(data["areas"]) == counties
    csv_rows = page.request.get(links[1]).text().strip().splitlines()
    assert len(csv_rows) == 1 + counties
    assert axe_violations(page) == []  # the map as switched, with its comparison column
