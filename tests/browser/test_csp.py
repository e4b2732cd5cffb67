"""The Content-Security-Policy in Chromium: the site's pages, scripts, map and letters work under
it, and the browser reports no violation."""

import re

import pytest

pytestmark = pytest.mark.browser

# Reported in every frame (a srcdoc letter frame takes its page's policy).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  (window.top.__csp || window.__csp).push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture
def strict_page(browser, site_url):  # noqa: ANN001
    """A tab that keeps the site's CSP (the shared `page` bypasses it for axe-core)."""
    context = browser.new_context(base_url=site_url)
    context.add_init_script(LISTEN)
    tab = context.new_page()
    console: list[str] = []
    tab.on("console", lambda message: console.append(message.text))
    tab.console_errors = console
    yield tab
    context.close()


def _violations(page) -> list[str]:  # noqa: ANN001
    reported = page.evaluate("window.__csp")
    messages = [m for m in page.console_errors if "Content Security Policy" in m]
    return reported + messages


def test_pages_scripts_and_the_map_work_under_the_policy(strict_page):
    """Home (the map redrawn by a fetch), a council, its letter, the search and a decision, the
    staff sign-in: no violation, and the layout's inline script ran (body marked js-enabled)."""
    page = strict_page
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "js-enabled" in page.evaluate("document.body.className")
    with page.expect_response(re.compile(r"fragment=map")):
        page.select_option("#measure", "upheld_per_100k")
    page.wait_for_function(
        "document.querySelector('#map-heading').textContent.includes('per 100,000')"
    )
    page.goto("/councils/bromsgrove/")
    letter = page.locator("a[href$='/letter/']")
    if letter.count():
        letter.first.click()
        page.wait_for_url(re.compile(r"/letter/$"))
        page.wait_for_load_state("load")
    page.goto("/decisions/?q=council")
    page.locator("#results ~ div a").first.click()
    page.wait_for_url(re.compile(r"/decisions/[^/]+/$"))
    page.goto("/decisions/?q=" + "+".join(["word"] * 11))
    page.goto("/staff/sign-in/")
    page.goto("/about/")
    assert _violations(page) == []
