"""The council page's figures in Chromium at 1280 and 390 pixels wide: every chart has a text
alternative and stays inside the page, chart text stays legible on a phone, the overview's
three columns fit a phone without scrolling, and the figures' sections pass axe-core.

Set ANNUAL_REVIEW_SCREENSHOTS to a folder to keep the screenshots (to look at them)."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import AXE

pytestmark = pytest.mark.browser

SECTIONS = ["[data-statistic]", "[data-overview]", "[data-categories]", "[data-trend-chart]"]


def test_council_page_figures_at_desktop_and_phone_widths(browser, site_url, tmp_path):
    """At both widths: nine charts (four key statistics, services, four trends), each role="img"
    with a label naming its figures, none wider than the window; at 390 pixels chart text is drawn at
    12 pixels or more and the overview table needs no sideways scrolling; no serious axe
    violation in the figures' sections."""
    folder = Path(os.environ.get("ANNUAL_REVIEW_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        context = browser.new_context(
            base_url=site_url, viewport={"width": width, "height": 900}, bypass_csp=True
        )
        tab = context.new_page()
        tab.goto("/councils/bromsgrove/")
        charts = tab.evaluate(
            """() => [...document.querySelectorAll('svg[role="img"]')].map(s => ({
                label: s.getAttribute('aria-label'), key: s.dataset.barChart || '',
                right: s.getBoundingClientRect().right}))"""
        )
        assert len(charts) == 9, width
        assert all(c["label"] for c in charts)
        assert all("England" in c["label"] for c in charts if c["key"] != "categories"), charts
        assert max(c["right"] for c in charts) <= width
        if width == 390:
            smallest = tab.evaluate(
                """() => Math.min(...[...document.querySelectorAll('svg[role="img"] text')]
                    .map(t => t.getBoundingClientRect().height).filter(h => h > 0))"""
            )
            assert smallest >= 12, smallest
            overflow = tab.evaluate(
                """() => { const t = document.querySelector('[data-overview]');
                    return t.scrollWidth - t.parentElement.clientWidth; }"""
            )
            assert overflow <= 0
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate(
            """(sections) => axe.run({include: sections.map(s => [s])}, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                .then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id))""",
            SECTIONS,
        )
        assert violations == [], (width, violations)
        tab.screenshot(path=str(folder / f"council-{width}.png"), full_page=True)
        context.close()
