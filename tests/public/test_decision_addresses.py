"""Decisions have clean addresses (`/decisions/24-329-705/`); the old encoded ones move there."""

import json
from datetime import date

import pytest

from annual_review.casework.addresses import decision_address, decision_twin_address
from tests.factories import DecisionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

SPACED = "23 329 705"


@pytest.fixture
def spaced(two_years):
    """A published, upheld public report whose reference has spaces, as the Ombudsman's do."""
    decision = DecisionFactory(
        organisation=two_years,
        decision_date=date(2023, 8, 1),
        summary="The council lost a tenancy application.",
        public_report=True,
        reference=SPACED,
    )
    RecommendationFactory(decision=decision, description="Log every application on receipt.")
    return decision


def test_the_page_and_its_twin_are_at_the_clean_address(client, spaced):
    """/decisions/23-329-705/ shows the decision; its twin names that page and the page links
    the twin."""
    page = client.get("/decisions/23-329-705/")
    assert page.status_code == 200
    assert 'href="/decisions/23-329-705.json"' in page.content.decode()
    twin = client.get("/decisions/23-329-705.json")
    assert json.loads(twin.content)["page"] == "/decisions/23-329-705/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/decisions/23%20329%20705/", "/decisions/23-329-705/"),
        ("/decisions/23%20329%20705.json", "/decisions/23-329-705.json"),
    ],
)
def test_the_old_encoded_address_moves_permanently(client, spaced, old, new):
    """Links in the wild keep working: the encoded form answers 301 to the clean one."""
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


def test_an_unknown_or_unpublished_decision_is_not_found_in_either_form(client, spaced):
    """No redirect for what is not there: a 404, whichever form the address takes."""
    for address in ("/decisions/99-999-999/", "/decisions/99%20999%20999/", "/decisions/24000001/"):
        assert client.get(address).status_code == 404


def test_every_link_to_the_decision_uses_the_clean_address(client, spaced):
    """The council page (decisions, public reports, service improvements), the search, the
    API's link and the year's sitemap of decisions: no encoded space anywhere."""
    assert decision_address(SPACED) == "/decisions/23-329-705/"
    pages = {
        "council": client.get("/councils/bromsgrove/2023-24/").content.decode(),
        "search": client.get("/decisions/?q=tenancy").content.decode(),
    }
    for name, html in pages.items():
        assert f'href="{decision_address(SPACED)}"' in html, name
        assert "23%20329%20705" not in html, name
    sitemap = client.get("/sitemap-decisions-2023-24.xml").content.decode()
    assert f"{decision_address(SPACED)}</loc>" in sitemap and "23%20329%20705" not in sitemap
    council = pages["council"]
    assert council.count(f'href="{decision_address(SPACED)}"') == 3  # table, report, improvement
    api = json.loads(client.get("/api/v1/decisions.json?q=tenancy").content)
    assert [d["url"] for d in api["results"]] == ["/api/v1/decisions/23-329-705.json"]
    detail = client.get("/api/v1/decisions/23-329-705.json")
    assert json.loads(detail.content)["decision"]["reference"] == SPACED
    # The API answers its older form too, unmoved: API clients may not follow redirects.
    assert client.get("/api/v1/decisions/23%20329%20705.json").status_code == 200
    assert decision_twin_address(SPACED) == "/decisions/23-329-705.json"
