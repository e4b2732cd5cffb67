"""Council pages through reorganisations: abolished councils keep their pages and years,
successors link their predecessors, districts and counties link each other, search finds
former councils, the map of each year has that year's councils."""

from datetime import date
from html import unescape

import pytest

from annual_review.public.lifetimes import NO_POPULATION_ABOLISHED, NO_POPULATION_YET
from annual_review.register.models import Organisation
from tests.factories import (
    DecisionFactory,
    ReportingYearFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reorganised() -> None:
    """2019-20, 2022-23 and 2023-24 published; decisions for Allerdale, Corby and Cumberland."""
    for first_year in (2019, 2022, 2023):
        ReportingYearFactory(first_year=first_year, published=True)
    DecisionFactory(
        organisation=Organisation.objects.get(code="ALL"), decision_date=date(2022, 9, 1)
    )
    DecisionFactory(
        organisation=Organisation.objects.get(code="COR"), decision_date=date(2019, 9, 1)
    )
    DecisionFactory(
        organisation=Organisation.objects.get(code="CBD"), decision_date=date(2023, 9, 1)
    )


def test_an_abolished_council_keeps_its_page_marked_abolished(client, reorganised):
    """Allerdale's page opens on its last year (2022-23), says it was abolished on 1 April
    2023 and succeeded by Cumberland Council (linked), and lists only the years it existed."""
    response = client.get("/councils/allerdale/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Figures for the reporting year 2022-23" in html
    assert (
        'Abolished on 1 April 2023, succeeded by <a class="govuk-link" '
        'href="/councils/cumberland/">Cumberland Council</a>'
    ) in html
    assert "/councils/allerdale/2019-20/" in html
    assert "/councils/allerdale/2023-24/" not in html
    assert client.get("/councils/allerdale/2023-24/").status_code == 404


def test_a_successors_page_links_its_predecessors(client, reorganised):
    """Cumberland's page names and links Allerdale, Carlisle, Copeland and Cumbria."""
    html = client.get("/councils/cumberland/").content.decode()
    for slug in ("allerdale", "carlisle", "copeland", "cumbria"):
        assert f'href="/councils/{slug}/"' in html


def test_districts_and_counties_link_each_other(client, reorganised):
    """Corby's 2019-20 page names Northamptonshire County Council; the county's lists Corby."""
    corby = client.get("/councils/corby/2019-20/").content.decode()
    assert "Northamptonshire County Council also serves this area" in corby
    assert 'href="/councils/northamptonshire/"' in corby
    county = client.get("/councils/northamptonshire/2019-20/").content.decode()
    assert "District councils in this county (7)" in county
    assert 'href="/councils/corby/2019-20/"' in county


def test_a_missing_population_is_explained(client, reorganised):
    """The bundled estimates (mid-2020) do not cover Corby's area: its page says why it has no
    figure per 100,000 residents; Bromsgrove's 2019-20 page says its estimates start later."""
    html = client.get("/councils/corby/2019-20/").content.decode()
    assert NO_POPULATION_ABOLISHED.format(day="1 April 2021") in html
    html = unescape(client.get("/councils/bromsgrove/2019-20/").content.decode())
    assert NO_POPULATION_YET.format(earliest=2020, year="2019-20") in html


def test_council_search_finds_former_councils(client, reorganised):
    """Typing a former council's name goes to its page; part of it lists it among matches."""
    response = client.get("/councils/?q=Allerdale+Borough+Council")
    assert response.status_code == 302 and response["Location"] == "/councils/allerdale/"
    html = client.get("/councils/?q=Wellingboro&go=list").content.decode()
    assert "Wellingborough Borough Council" in html


def test_the_2019_20_map_page_draws_northamptonshires_districts(client, reorganised):
    """The home page for 2019-20 links Corby's area to its 2019-20 page, and has no North
    Northamptonshire; the 2023-24 map the reverse."""
    old = client.get("/?year=2019-20").content.decode()
    assert 'href="/councils/corby/2019-20/" data-gss="E07000150"' in old
    assert 'data-gss="E06000061"' not in old
    new = client.get("/?year=2023-24").content.decode()
    assert 'data-gss="E07000150"' not in new and 'data-gss="E06000061"' in new


def test_an_abolished_council_keeps_its_letters_and_gets_none_after_its_end(client, demo_label):
    """Demonstration letters carry the day their year is published (24 July after it): Allerdale
    has its 2021-22 letter, none for 2022-23 (dated after its end); Cumberland's 2022-23 letter
    carries Allerdale's figures."""
    for first_year in (2021, 2022):
        year = ReportingYearFactory(first_year=first_year, published=True)
        year.publish_at = year.publish_at.replace(year=first_year + 1, month=7, day=24)
        year.save()
    DecisionFactory(
        organisation=Organisation.objects.get(code="ALL"), decision_date=date(2022, 9, 1)
    )
    assert (
        "/councils/allerdale/2021-22/letter/"
        in client.get("/councils/allerdale/2021-22/").content.decode()
    )
    page = client.get("/councils/allerdale/2022-23/").content.decode()
    assert "/councils/allerdale/2022-23/letter/" not in page
    assert client.get("/councils/allerdale/2022-23/letter/").status_code == 404
    letter = client.get("/councils/cumberland/2022-23/letter/")
    assert letter.status_code == 200
    assert "Allerdale Borough Council (abolished on 1 April 2023): figures for 2022-23" in (
        letter.content.decode()
    )


def test_a_council_without_a_published_year_is_named_not_linked(client, reorganised):
    """East Suffolk's predecessors were abolished in April 2019, before the first published
    year: they are named without a link (they have no page)."""
    html = client.get("/councils/east-suffolk/").content.decode()
    assert "Suffolk Coastal District Council" in html
    assert 'href="/councils/suffolk-coastal/"' not in html
    assert client.get("/councils/suffolk-coastal/").status_code == 404
