"""The downloads pages and files: published years only, stable addresses, honest headers."""

import io
import zipfile

import pytest

from annual_review.opendata.catalogue import DOWNLOADS

pytestmark = pytest.mark.django_db

FILE_NAMES = [d.name for d in DOWNLOADS]


def test_index_lists_published_years_and_their_files(client, casework):
    """The index links every file of 2023-24 and says nothing of the embargoed 2024-25."""
    response = client.get("/downloads/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in FILE_NAMES:
        assert f'href="/downloads/2023-24/{name}"' in page
    assert "2024-25" not in page
    assert "Open Government Licence v3.0" in page


def test_index_without_published_years_says_so(client, db):
    """Before anything is published, the index says there is nothing yet."""
    response = client.get("/downloads/")
    assert "No reporting year has been published yet." in response.content.decode()


def test_year_page_shows_the_data_dictionary(client, casework):
    """The year page lists its files and explains every column of every CSV."""
    page = client.get("/downloads/2023-24/").content.decode()
    assert "<code>satisfactory_remedy_rate_high</code>" in page
    assert "<code>outcome_date</code>" in page
    assert 'rel="license"' in page


@pytest.mark.parametrize("name", FILE_NAMES)
def test_every_file_is_served_for_the_published_year(client, casework, name):
    """Each file: its media type, a link to its data dictionary, open to any origin, cached briefly."""
    download = next(d for d in DOWNLOADS if d.name == name)
    response = client.get(f"/downloads/2023-24/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == download.media_type
    assert response["Link"] == '<datapackage.json>; rel="describedby"; type="application/json"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    if name.endswith((".csv", ".xlsx", ".zip")):
        assert response["Content-Disposition"] == (
            f'attachment; filename="annual-review-2023-24-{name}"'
        )


@pytest.mark.parametrize(
    "path",
    [
        "/downloads/2024-25/",
        *[f"/downloads/2024-25/{name}" for name in FILE_NAMES],
        "/downloads/2019-20/statistics.csv",
        "/downloads/2023-24/secrets.csv",
        "/downloads/not-a-year/",
    ],
)
def test_unpublished_years_and_unknown_files_are_404(client, casework, path):
    """Nothing of an embargoed year can be downloaded, nor any file not on the list."""
    assert client.get(path).status_code == 404


def test_demo_banner_on_the_pages(client, demo_casework):
    """With demonstration data the download pages carry the demonstration notice."""
    page = client.get("/downloads/").content.decode()
    assert "generated for demonstration" in page


def test_downloads_are_read_only(client, casework):
    """Downloads answer GET and HEAD only; anything else is 405."""
    assert client.head("/downloads/2023-24/statistics.csv").status_code == 200
    assert client.post("/downloads/2023-24/statistics.csv").status_code == 405
    assert client.post("/downloads/").status_code == 405


def test_a_download_already_held_gets_304(client, casework):
    """A client revalidating a file it holds gets 304 without the body."""
    first = client.get("/downloads/2023-24/decisions.csv")
    again = client.get("/downloads/2023-24/decisions.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_the_served_bundle_holds_the_served_files(client, casework):
    """all.zip holds the very files served alone (built once, not twice)."""
    bundle = zipfile.ZipFile(io.BytesIO(client.get("/downloads/2023-24/all.zip").content))
    for member in bundle.namelist():
        name = member.split("/")[-1]
        assert bundle.read(member) == client.get(f"/downloads/2023-24/{name}").content, name
