"""A real server for the browser tests: its own SQLite database, filled with generated casework.

The server runs in a subprocess against a scratch database (never the pytest database; see
tests/servers.py), so the browser sees exactly what a visitor would. Chromium is Debian's; no
browser is ever downloaded.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import site_running, site_seed

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        if os.environ.get("ANNUAL_REVIEW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and ANNUAL_REVIEW_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[str]:
    """Base URL of a running site with three published years of generated decisions."""
    with site_running(
        tmp_path_factory.mktemp("site"), prepare=[site_seed(12)], ready_path="/about/"
    ) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[object]:
    """Chromium for one test module. Playwright's sync API runs an event loop in the main
    thread while it is open, and Django refuses database work under a running loop, so it must
    not outlive the module that uses it (a session-wide browser broke later database tests)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url):  # noqa: ANN001
    # axe-core goes in as an inline script, which the site's CSP forbids; test_csp.py checks the
    # policy in contexts that keep it.
    context = browser.new_context(base_url=site_url, accept_downloads=True, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    """Serious and critical WCAG 2.2 A/AA violations axe-core finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
