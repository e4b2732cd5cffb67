"""The Content-Security-Policy in Chromium: the site's pages, scripts, map and letters work under
it, and the browser reports no violation."""

import html
import re

import pytest

from annual_review.settings import PACKAGE_DIR

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
    page.locator("a[href$='/letter/']").first.click()
    page.wait_for_url(re.compile(r"/letter/$"))
    page.wait_for_load_state("load")
    page.goto("/decisions/?q=council")
    page.locator("#results ~ div a").first.click()
    page.wait_for_url(re.compile(r"/decisions/[^/]+/$"))
    page.goto("/decisions/?q=" + "+".join(["word"] * 11))
    page.goto("/staff/sign-in/")
    page.goto("/about/")
    assert _violations(page) == []


def test_a_violation_would_be_seen(strict_page):
    """The listener works: an inline script the policy does not vouch for is refused and seen."""
    page = strict_page
    page.goto("/about/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = 1'; document.head.appendChild(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in _violations(page))


def test_a_frozen_letter_in_its_srcdoc_frame_keeps_its_inline_styles(strict_page):
    """A frozen letter is a whole document with its own <style>, shown in a srcdoc frame that
    takes the page's policy: under the site's policy its styles apply and nothing is refused."""
    page = strict_page
    policy = page.goto("/about/").headers["content-security-policy"]
    css = (PACKAGE_DIR / "letters" / "static" / "letters" / "letter.css").read_text()
    letter = (
        f"<!DOCTYPE html><html><head><style>{css} h1 {{ color: rgb(255, 0, 0); }}</style></head>"
        '<body><h1>Annual letter</h1><svg role="img" width="10" height="10"><title>Chart</title>'
        '<rect width="5" height="5" style="fill: #000"/></svg></body></html>'
    )
    body = f'<!DOCTYPE html><iframe srcdoc="{html.escape(letter)}"></iframe>'
    page.route(
        "**/csp-letter-frame/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body=body,
        ),
    )
    page.goto("/csp-letter-frame/")
    frame = page.frame_locator("iframe").locator("h1")
    assert frame.evaluate("h => getComputedStyle(h).color") == "rgb(255, 0, 0)"
    assert _violations(page) == []
