"""Smaller faults of the public site (issue 16): each one's fix, checked where it shows."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from annual_review.public.map_page import AREA_SHOWN, AREA_TOO_FEW_CASES
from annual_review.public.measures import NOT_ENOUGH_CASES

pytestmark = pytest.mark.django_db


def test_a_decisions_breadcrumb_leads_to_its_councils_decisions(client, two_years):
    """The decision page's breadcrumb goes to the decisions on the council's year page."""
    page = client.get("/decisions/23000001/").content.decode()
    crumbs = page.split('class="govuk-breadcrumbs"')[1].split("</nav>")[0]
    assert 'href="/councils/bromsgrove/2023-24/#decisions">Decisions</a>' in crumbs
    assert 'href="/decisions/"' not in crumbs


def test_downloads_describe_their_columns_without_naming_a_command(client, two_years):
    """The downloads page speaks of the data dictionary, not of a command's columns."""
    page = client.get("/downloads/2023-24/").content.decode()
    assert "annual-review stats" not in page
    assert "the data dictionary describes every column" in page


def test_the_api_document_has_the_downloads_licence(client):
    """The OpenAPI document's licence is the one every download names (OGL v3.0)."""
    from annual_review.sources import LICENCE_ID, LICENCE_TITLE

    document = json.loads(client.get("/api/v1/openapi.json").content)
    assert document["info"]["license"] == {"name": LICENCE_TITLE, "identifier": LICENCE_ID}
    assert LICENCE_ID == "OGL-UK-3.0"


def test_show_on_the_map_is_hidden_once_scripts_switch_the_map():
    """The button's GOV.UK display rule outranks `hidden`: the script adds a class whose
    `display: none !important` the site's CSS defines."""
    from tests.public.test_assets import STATIC

    script = (STATIC / "site.js").read_text()
    assert 'submit.classList.add("govuk-!-display-none")' in script
    assert ".govuk-\\!-display-none{display:none !important}" in (STATIC / "site.css").read_text()


@pytest.mark.parametrize(
    ("page", "demo"), [("/monitoring-officers/register/", True), ("/staff/sign-in/", True)]
)
def test_demonstration_banner_on_forms(client, demo_label, page, demo):
    """The registration and sign-in pages say the data is a demonstration, as every page does."""
    assert ("Demonstration data" in client.get(page).content.decode()) is demo


def test_demonstration_banner_on_error_pages(two_years, demo_label, settings):
    """The 404 and 500 pages carry the demonstration banner (and the site's footer)."""
    settings.DEBUG = False
    missing = Client().get("/no-such-page/")
    assert missing.status_code == 404
    assert "Demonstration data" in missing.content.decode()
    from annual_review.public.errors import server_error

    failed = server_error(Client().get("/").wsgi_request)
    assert failed.status_code == 500
    body = failed.content.decode()
    assert "Demonstration data" in body and 'href="/contact/"' in body


def test_a_server_error_page_survives_a_broken_database(rf, monkeypatch):
    """When the database is what failed, the 500 page still renders, without the banner."""
    from django.db import DatabaseError

    from annual_review.public import errors

    def broken() -> None:
        raise DatabaseError("no such table")

    monkeypatch.setattr(errors, "site_notice", broken)
    failed = errors.server_error(rf.get("/"))
    assert failed.status_code == 500
    assert "Sorry, there is a problem" in failed.content.decode()
    assert "Demonstration data" not in failed.content.decode()


def test_sitemap_uses_the_configured_base_address(client, two_years, settings):
    """sitemap.xml (the index) and its sections' addresses start with ANNUAL_REVIEW_BASE_URL."""
    settings.ANNUAL_REVIEW_BASE_URL = "https://annual-review.example/"
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://annual-review.example/sitemap-site.xml</loc>" in index
    sitemap = client.get("/sitemap-site.xml").content.decode()
    assert "<loc>https://annual-review.example/councils/</loc>" in sitemap
    assert "127.0.0.1" not in index + sitemap and "testserver" not in index + sitemap


@pytest.mark.parametrize(("arguments", "debug"), [([], False), (["--debug"], True)])
def test_serve_shows_debug_pages_only_when_asked(monkeypatch, settings, arguments, debug):
    """`annual-review serve` turns Django's debug pages off unless given --debug."""
    from annual_review.demo.management.commands import serve

    seen: list[bool] = []
    monkeypatch.setattr(serve, "site_serve", lambda **_kw: seen.append(settings.DEBUG))
    monkeypatch.setattr(serve, "call_command", lambda *_a, **_kw: None)
    settings.DEBUG = not debug
    call_command("serve", *arguments, stdout=StringIO())
    assert seen == [debug]


def test_serve_refuses_debug_in_production(monkeypatch, settings):
    """--debug is refused in production."""
    from django.core.management.base import CommandError

    from annual_review.demo.management.commands import serve

    monkeypatch.setattr(serve, "site_serve", lambda **_kw: None)
    monkeypatch.setattr(serve, "call_command", lambda *_a, **_kw: None)
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--debug is refused"):
        call_command("serve", "--debug", stdout=StringIO())


def test_map_twins_carry_values_not_display_text(client, two_years):
    """The map's CSV and the home JSON give each area's value and status, never "Too few
    cases", and no -1 sort key."""
    rows = list(csv.DictReader(io.StringIO(client.get("/index.csv").content.decode("utf-8-sig"))))
    assert NOT_ENOUGH_CASES not in {r["value"] for r in rows}
    assert {r["status"] for r in rows} >= {AREA_TOO_FEW_CASES}
    for row in rows:
        if row["status"] == AREA_SHOWN:
            assert 0 <= float(row["value"]) <= 1  # the uphold rate as a fraction
    areas = json.loads(client.get("/index.json").content)["data"]["areas"]
    assert all("sort_value" not in a and "css_class" not in a for a in areas)
    bromsgrove = next(a for a in areas if a["name"] == "Bromsgrove District Council")
    assert bromsgrove["status"] in {AREA_SHOWN, AREA_TOO_FEW_CASES}
    assert isinstance(bromsgrove["value"], float)


@pytest.mark.parametrize(
    "address",
    [
        "/decisions/%00/",
        "/decisions/23%0000001.json",
        "/councils/bromsgrove/2023%00-24/",
        "/councils/bromsgrove/%01/letter/",
        "/downloads/%00/",
        "/downloads/2023-24/%00statistics.csv",
        "/sitemap-decisions-%00.xml",
        "/monitoring-officers/confirm/%00/",
    ],
)
def test_an_address_holding_a_control_character_is_the_sites_404(client, two_years, address):
    """A NUL or other control character in a code, year, reference, file name or token names
    nothing: the site's own 404 page on both databases (PostgreSQL had answered 500, refusing
    the NUL in its query)."""
    response = client.get(address)
    assert response.status_code == 404, address
    assert response["Content-Type"].startswith("text/html")
    assert "Page not found" in response.content.decode()
