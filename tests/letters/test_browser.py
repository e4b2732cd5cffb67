"""The standalone HTML letter in Chromium: accessible (axe-core), charts uncut, prints on A4."""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from annual_review.letters.render import letter_render_html
from annual_review.letters.selectors import letter_build
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations
from tests.letters.conftest import SEED_DATE

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def letter_page(bromsgrove, chief_executive, seed_stats, tmp_path: Path) -> Iterator[object]:  # noqa: ANN001
    """The seed letter's standalone HTML opened from a file, as a recipient would open it.

    The letter is built before Playwright starts: its event loop would make Django refuse
    database queries, so the browser is closed again before the test database is rolled back.
    """
    if not CHROMIUM.exists():
        if os.environ.get("ANNUAL_REVIEW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and ANNUAL_REVIEW_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    letter = letter_build(
        organisation=bromsgrove, year="2023-24", stats=seed_stats, letter_date=SEED_DATE
    )
    path = tmp_path / f"{letter.file_stem}.html"
    path.write_text(letter_render_html(letter=letter), "utf-8")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(path.as_uri())
        yield page
        browser.close()


def test_letter_has_no_serious_accessibility_violations(letter_page):
    """axe-core finds no serious or critical WCAG 2.2 A/AA problem in the letter."""
    assert axe_violations(letter_page) == []


def test_chart_labels_fit_inside_their_charts(letter_page):
    """Every label and value of every chart is drawn inside its SVG (nothing is cut off)."""
    overflowing = letter_page.evaluate(
        """() => [...document.querySelectorAll('svg.arl-chart__svg')].flatMap(svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')]
              .filter(t => { const r = t.getBoundingClientRect();
                             return r.left < box.left - 0.5 || r.right > box.right + 0.5; })
              .map(t => t.textContent);
        })"""
    )
    assert overflowing == []


def test_letter_prints_on_a4_with_the_statistics_heading_kept_with_its_section(
    letter_page, tmp_path
):
    """Printing gives A4 pages; as in the PDF, the statistics heading stays with the first
    section rather than ending a page."""
    letter_page.emulate_media(media="print")
    breaks = letter_page.evaluate(
        "() => getComputedStyle(document.querySelector('.arl-statistics__heading')).breakAfter"
    )
    assert breaks == "avoid"
    pdf = letter_page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes
    # A4 is 595.28 x 841.89 points; Chromium rounds the page size to whole CSS pixels.
    assert all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1.5 for w, h in boxes)


def test_letter_is_in_its_own_font_with_working_links(letter_page):
    """Every paragraph is set in the letter's font (never the browser's serif), and the
    addresses the letter gives are links."""
    fonts = letter_page.evaluate(
        """() => [...new Set([...document.querySelectorAll('.arl-letter p, .arl-letter li')]
                  .map(p => getComputedStyle(p).fontFamily))]"""
    )
    assert fonts and all(f.startswith('"Liberation Sans"') for f in fonts)
    hrefs = letter_page.evaluate(
        "() => [...document.querySelectorAll('.arl-letter a')].map(a => a.href)"
    )
    assert "https://councils.example.org/councils/bromsgrove/2023-24/" in hrefs
    assert "https://councils.example.org/monitoring-officers/register/" in hrefs
