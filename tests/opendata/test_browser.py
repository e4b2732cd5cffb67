"""What a person (or a script on another site) does with the open data, in Chromium."""

import csv
import json

import pytest

from annual_review.statistics.selectors import STATISTICS_COLUMNS
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _newest_year(page) -> str:  # noqa: ANN001
    body = json.loads(page.request.get("/api/v1/years.json").text())
    return body["years"][0]["year"]


def test_download_statistics_from_the_index(page):
    """From /downloads/, a person opens the newest year and downloads its statistics as CSV."""
    year = _newest_year(page)
    page.goto("/downloads/")
    page.get_by_role("link", name=year, exact=True).click()
    page.wait_for_url(f"**/downloads/{year}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Statistics (CSV)").click()
    assert download.value.suggested_filename == f"annual-review-{year}-statistics.csv"
    with open(download.value.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == STATISTICS_COLUMNS
    assert len(rows) > 300


def test_a_script_on_another_site_can_read_the_api(page, site_url):
    """A page from another origin fetches the API: the browser's CORS check lets it through."""
    other_origin = site_url.replace("127.0.0.1", "localhost")
    page.goto(f"{other_origin}/downloads/")
    answer = page.evaluate(
        """async (url) => {
            const response = await fetch(url);
            return {status: response.status, body: await response.json()};
        }""",
        f"{site_url}/api/v1/years.json",
    )
    assert answer["status"] == 200
    assert answer["body"]["years"]


@pytest.mark.parametrize("address", ["/downloads/", "/downloads/{year}/"])
def test_download_pages_are_accessible(page, address):
    """axe-core finds no serious or critical WCAG 2.2 AA problem on the download pages."""
    page.goto(address.format(year=_newest_year(page)))
    assert axe_violations(page) == []
