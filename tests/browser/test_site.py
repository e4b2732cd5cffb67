"""What a person does on the public site, in Chromium: the map, finding a council, decisions."""

import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

BROMSGROVE = 'a[data-gss="E07000234"]'


def _map_classes(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(
        "[data-app-map] path", "paths => paths.map(p => p.getAttribute('class'))"
    )


def test_changing_the_measure_recolours_the_map_in_place(page):
    """Choosing another measure redraws the map without leaving the page."""
    page.goto("/")
    before = _map_classes(page)
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(re.compile(r"fragment=map")):
        page.select_option("#measure", "upheld_per_100k")
    page.wait_for_function(
        "document.querySelector('#map-heading').textContent.includes('per 100,000')"
    )
    assert page.evaluate("window.__sameDocument") is True  # no navigation happened
    assert _map_classes(page) != before
    assert "measure=upheld_per_100k" in page.url
    assert len(_map_classes(page)) == len(before)


def test_clicking_bromsgrove_on_the_map_opens_its_page(page):
    """A click inside Bromsgrove's shape lands on Bromsgrove's page."""
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


def test_map_works_from_the_keyboard(page):
    """Tabbing onto a map area focuses its link and shows its name and value."""
    page.goto("/")
    page.focus(BROMSGROVE)
    tooltip = page.locator(".app-tooltip")
    assert tooltip.is_visible()
    assert tooltip.inner_text().startswith("Bromsgrove District Council: ")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/councils/bromsgrove/"))


def test_find_a_council_by_a_name_variant(page):
    """Typing "Bromsgrove DC" finds Bromsgrove."""
    page.goto("/councils/")
    page.fill("#q", "Bromsgrove DC")
    page.click("button:has-text('Find')")
    page.wait_for_url(re.compile(r"/councils/bromsgrove/$"))
    assert page.locator("h1").inner_text() == "Bromsgrove District Council"


def test_filter_a_councils_decisions(page):
    """Filtering by outcome leaves only decisions with that outcome."""
    page.goto("/councils/bromsgrove/")
    page.select_option("#outcome", "upheld")
    page.click("button:has-text('Filter decisions')")
    page.wait_for_url(re.compile(r"outcome=upheld"))
    outcomes = page.locator("#decisions-table tbody td:nth-child(4)").all_inner_texts()
    assert outcomes and set(outcomes) == {"Upheld"}


def test_search_decisions(page):
    """Words in summaries find decisions, and each opens its own page."""
    page.goto("/decisions/")
    page.fill("#q", "housing repairs")
    page.click("button:has-text('Search')")
    page.wait_for_url(re.compile(r"q=housing\+repairs"))
    assert "decisions found" in page.locator("#results").inner_text()
    page.locator("#results ~ div a").first.click()
    page.wait_for_url(re.compile(r"/decisions/[^/]+/$"))
    assert "housing repairs" in page.locator(".app-summary").inner_text()


def test_download_the_letter_pdf(page):
    """The council's letter downloads as a PDF."""
    page.goto("/councils/bromsgrove/")
    link = page.locator("a[href$='letter.pdf']")
    if link.count() == 0:
        pytest.skip("the letters app is not installed in this copy")
    with page.expect_download() as download:
        link.first.click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


# Every kind of page at two widths: test_every_page.py. These are states of pages beyond it.
@pytest.mark.parametrize(
    "address", ["/?measure=compliance_rate&layer=cty", "/councils/?q=north&go=list"]
)
def test_no_serious_accessibility_violations(page, address):
    """axe-core finds no serious or critical WCAG 2.2 AA problem on these states of pages."""
    page.goto(address)
    assert axe_violations(page) == []


def test_filters_work_from_the_keyboard_alone(page):
    """A keyboard user can choose an outcome and apply the filter without a mouse."""
    page.goto("/councils/bromsgrove/")
    page.focus("#category")
    page.keyboard.press("Tab")  # to the outcome list
    assert page.evaluate("document.activeElement.id") == "outcome"
    page.select_option("#outcome", "not_upheld")  # what arrow keys do on a focused <select>
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Filter decisions"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"outcome=not_upheld"))
    outcomes = page.locator("#decisions-table tbody td:nth-child(4)").all_inner_texts()
    assert set(outcomes) <= {"Not upheld"}


def test_county_layer_from_the_keyboard(page):
    """Switching to the county layer redraws the map with the 21 county councils."""
    page.goto("/")
    page.select_option("#layer", "cty")
    page.wait_for_function("document.querySelectorAll('[data-app-map] a').length === 21")
    assert "layer=cty" in page.url


def test_map_works_without_javascript(browser, site_url):
    """With scripts off the form still submits and the map is still a set of links."""
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.select_option("#measure", "compliance_rate")
    page.click("button:has-text('Show on the map')")
    page.wait_for_url(re.compile(r"measure=compliance_rate"))
    assert "Compliance rate" in page.locator("#map-heading").inner_text()
    assert page.locator(BROMSGROVE).count() == 1
    context.close()


def test_letter_page_prints_the_letter_alone_on_a4_in_its_font(page):
    """Printed, the letter page is the letter only (no site header, navigation, breadcrumbs,
    page heading or footer), on A4 pages, in the letter's own font served by the site."""
    page.goto("/councils/bromsgrove/")
    letter = page.locator("a[href$='/letter/']")
    if letter.count() == 0:
        pytest.skip("the letters app is not installed in this copy")
    letter.first.click()
    page.wait_for_url(re.compile(r"/letter/$"))
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.govuk-header', '.govuk-footer', '.govuk-breadcrumbs', '.app-letter-intro',
                  '.govuk-width-container > nav']
            .map(s => getComputedStyle(document.querySelector(s)).display)"""
    )
    assert hidden == ["none"] * 5
    font = page.evaluate(
        "() => getComputedStyle(document.querySelector('.arl-letter p')).fontFamily"
    )
    assert font.startswith('"Liberation Sans"')
    loaded = page.evaluate(
        """async () => { await document.fonts.load('16px "Liberation Sans"');
                         return document.fonts.check('16px "Liberation Sans"'); }"""
    )
    assert loaded
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes
    assert all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1.5 for w, h in boxes)
