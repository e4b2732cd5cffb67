"""The public pages through the test client: addresses, status codes, what every page carries."""

import hashlib
import json

import pytest

from annual_review.web.caching import caches_clear
from tests.factories import LetterVersionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("annual_review.public.urls")]

ATTRIBUTION = ("Open Government Licence v3.0", "CC BY 4.0", "mySociety")


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/?measure=compliance_rate&year=2022-23&layer=cty",
        "/councils/",
        "/councils/?q=Bromsg",
        "/councils/bromsgrove/",
        "/councils/bromsgrove/2022-23/",
        "/councils/bromsgrove/2023-24/?category=housing&outcome=upheld&page=1",
        "/decisions/",
        "/decisions/?q=roof&council=bromsgrove&from=2023-04-01&to=2024-03-31",
        "/decisions/23000001/",
        "/about/",
    ],
)
def test_pages_carry_branding_and_attribution(client, two_years, address):
    """Every page is the Ombudsman's (not GOV.UK's) and credits the open data it uses."""
    response = client.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Local Government and Social Care Ombudsman" in html
    assert "GOV.UK</" not in html and "govuk-header__logotype-crown" not in html
    for credit in ATTRIBUTION:
        assert credit in html
    assert "Demonstration data" not in html


def test_demo_banner(client, two_years, demo_label):
    """When the database holds demo data every page says so."""
    for address in ("/", "/councils/bromsgrove/", "/about/"):
        assert "Demonstration data" in client.get(address).content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/councils/bromsgrove/2024-25/",
        "/councils/bromsgrove/2021-22/",
        "/councils/nowhere/",
        "/decisions/24000001/",
        "/decisions/NOSUCH/",
        "/?year=2024-25",
    ],
)
def test_unpublished_and_unknown_are_not_found(client, two_years, address):
    """Nothing of an unpublished year is shown, not even that it exists."""
    assert client.get(address).status_code == 404


def test_home_page_map_links_every_council(client, two_years):
    """The map is server-rendered SVG: each area a link to its council with a title."""
    html = client.get("/").content.decode()
    assert html.count('<a href="/councils/') >= 296
    assert (
        '<a href="/councils/bromsgrove/2023-24/" data-gss="E07000234"><title>'
        "Bromsgrove District Council: Too few cases (2 investigations)</title>"
    ) in html
    assert 'id="map-table"' in html


def test_map_fragment_for_in_place_switching(client, two_years):
    """The script asks for just the map and table; the fragment has no page around it."""
    html = client.get("/?measure=upheld_per_100k&fragment=map").content.decode()
    assert html.lstrip().startswith('<h2 class="govuk-heading-l" id="map-heading">')
    assert "<html" not in html


def test_find_a_council_redirects_on_a_known_name(client):
    """Typing "Bromsgrove DC" goes straight to Bromsgrove's page."""
    response = client.get("/councils/?q=Bromsgrove+DC")
    assert response.status_code == 302
    assert response["Location"] == "/councils/bromsgrove/"


def test_council_page_content(client, two_years):
    html = client.get("/councils/bromsgrove/").content.decode()
    assert "Bromsgrove District Council" in html
    assert "could easily be anywhere between 9% and 91%" in html
    assert "This council" in html
    assert "/decisions/23000001/" in html
    assert "Train housing officers on repair timescales." in html


def test_pages_are_cached_until_the_data_changes(client, two_years, django_assert_num_queries):
    """A page asked for again is served from the cache: two queries read the site's version
    (the first request froze the year's figures at publication, a new version)."""
    client.get("/councils/bromsgrove/")
    client.get("/councils/bromsgrove/")
    with django_assert_num_queries(2):
        assert client.get("/councils/bromsgrove/").status_code == 200
    caches_clear()
    assert client.get("/councils/bromsgrove/").status_code == 200


def test_only_get_and_head(client, two_years):
    assert client.post("/").status_code == 405


def test_published_letter_is_the_frozen_one(client, two_years):
    """The public letter is the workflow's published version, HTML and PDF, byte for byte."""
    from annual_review.workflow import models as workflow
    from annual_review.years.models import ReportingYear

    year = ReportingYear.objects.get(label="2023-24")
    LetterVersionFactory(
        organisation=two_years,
        year=year,
        status=workflow.LetterStatus.PUBLISHED,
        html="<p>Frozen letter text.</p>",
        pdf=b"%PDF-1.7 frozen",
    )
    html = client.get("/councils/bromsgrove/2023-24/letter/").content.decode()
    assert "<p>Frozen letter text.</p>" in html
    assert "<iframe" not in html  # a fragment is embedded in the page
    response = client.get("/councils/bromsgrove/2023-24/letter.pdf")
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 frozen"
    assert response["Content-Type"] == "application/pdf"
    assert (
        "/councils/bromsgrove/2023-24/letter.pdf"
        in client.get("/councils/bromsgrove/2023-24/").content.decode()
    )


def test_unpublished_letter_is_withheld(client, two_years):
    """A letter the workflow holds but has not published is not shown, nor rendered afresh."""
    from annual_review.workflow import models as workflow
    from annual_review.years.models import ReportingYear

    year = ReportingYear.objects.get(label="2023-24")
    LetterVersionFactory(
        organisation=two_years, year=year, status=workflow.LetterStatus.DRAFT, html="<p>Draft</p>"
    )
    assert client.get("/councils/bromsgrove/2023-24/letter/").status_code == 404
    assert client.get("/councils/bromsgrove/2023-24/letter.pdf").status_code == 404


def test_cached_pages_are_served_compressed(client, two_years):
    """Browsers that accept gzip get the stored compressed page; others get it plain."""
    import gzip

    plain = client.get("/about/").content
    zipped = client.get("/about/", headers={"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain


def test_frozen_whole_document_letter_is_framed(client, two_years):
    """A letter frozen as a whole HTML document is shown, unchanged, in a frame."""
    from annual_review.workflow import models as workflow
    from annual_review.years.models import ReportingYear

    document = "<!DOCTYPE html><html><body><p>Whole & frozen</p></body></html>"
    LetterVersionFactory(
        organisation=two_years,
        year=ReportingYear.objects.get(label="2023-24"),
        status=workflow.LetterStatus.PUBLISHED,
        html=document,
    )
    html = client.get("/councils/bromsgrove/2023-24/letter/").content.decode()
    assert (
        'srcdoc="&lt;!DOCTYPE html&gt;&lt;html&gt;&lt;body&gt;&lt;p&gt;Whole &amp; frozen' in html
    )


def test_home_page_before_any_year_is_published(client):
    """With nothing published the home page says so instead of drawing an empty map."""
    from annual_review.public.published import NO_PUBLISHED_YEAR

    response = client.get("/")
    assert response.status_code == 200
    assert NO_PUBLISHED_YEAR in response.content.decode()


@pytest.mark.urls("annual_review.urls")
def test_public_site_is_mounted_at_the_root():
    """The project's URLconf sends the shared addresses to the public site."""
    from django.urls import resolve

    assert resolve("/").func.__name__ == "home"
    assert resolve("/councils/bromsgrove/2023-24/").func.__name__ == "council_year"
    assert resolve("/councils/bromsgrove/2023-24/letter.pdf").func.__name__ == "letter_pdf"
    assert resolve("/decisions/23000001/").func.__name__ == "decision_detail"


def test_not_found_page_is_the_sites_own(client, two_years, settings):
    """Outside debug mode a missing page is explained in the site's own design."""
    settings.DEBUG = False
    response = client.get("/councils/nowhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "Local Government and Social Care Ombudsman" in html


def test_real_data_shows_only_letters_the_workflow_published(client, two_years):
    """With real data a letter nobody has published is not rendered for the public."""
    assert "/letter.pdf" not in client.get("/councils/bromsgrove/2023-24/").content.decode()
    assert client.get("/councils/bromsgrove/2023-24/letter/").status_code == 404


def test_demo_data_letters_are_rendered_on_demand(client, two_years, demo_label):
    """Demonstration letters are never sent, so the site renders them from the figures."""
    assert "/letter.pdf" in client.get("/councils/bromsgrove/2023-24/").content.decode()
    response = client.get("/councils/bromsgrove/2023-24/letter/")
    assert response.status_code == 200
    assert "Bromsgrove" in response.content.decode()


def test_demo_letter_pdf_is_the_file_the_demo_wrote_when_its_manifest_vouches(
    client, two_years, demo_label, tmp_path, settings
):
    """`annual-review demo` has already rendered every letter: the site serves that file
    while the manifest vouches for it as this very letter, and renders afresh once it does not."""
    from annual_review.letters import letters_write
    from annual_review.workflow.figures import letters_figures

    settings.ANNUAL_REVIEW_LETTERS_DIR = tmp_path
    letters_write(
        year="2023-24",
        folder=tmp_path / "2023-24",
        organisations=[two_years],
        processes=1,
        stats=letters_figures(year="2023-24"),
    )
    written = next((tmp_path / "2023-24").glob("*bromsgrove.pdf"))
    # Marked so that the test can tell the file from a fresh rendering of the same letter.
    marked = written.read_bytes() + b"%written-by-the-batch\n"
    written.write_bytes(marked)
    manifest = tmp_path / "2023-24" / "manifest.json"
    data = json.loads(manifest.read_text())
    for entry in data["files"]:
        if entry["file"] == written.name:
            entry["sha256"], entry["bytes"] = hashlib.sha256(marked).hexdigest(), len(marked)
    manifest.write_text(json.dumps(data))
    caches_clear()
    response = client.get("/councils/bromsgrove/2023-24/letter.pdf")
    assert response.status_code == 200 and response.content == marked

    # The file no longer matches its manifest: it is not served, the letter is rendered.
    written.write_bytes(marked + b"%tampered\n")
    caches_clear()
    fresh = client.get("/councils/bromsgrove/2023-24/letter.pdf").content
    assert fresh.startswith(b"%PDF") and b"%written-by-the-batch" not in fresh
