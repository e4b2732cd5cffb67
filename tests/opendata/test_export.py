"""`annual-review export-site DIR`: the API's JSON and the downloads as static files, the same
bytes the server answers, and nothing of an unpublished year."""

import json
import re
import zipfile
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.db import transaction

from annual_review.opendata.catalogue import DOWNLOADS
from annual_review.opendata.manifest import MANIFEST, file_entry
from annual_review.opendata.services import NOT_EMPTY, ExportRefused, site_export
from annual_review.register.models import Organisation
from annual_review.web.caching import caches_clear
from tests.api.records import casework_create
from tests.opendata.test_builders import MADE_AT

pytestmark = [pytest.mark.django_db, pytest.mark.export]


@pytest.fixture
def exported(casework, tmp_path) -> Path:
    """A data-only export of the small records, which stay in the database for the test."""
    directory = tmp_path / "site"
    site_export(directory=directory, made_at=MADE_AT, site_pages=False)
    return directory


@pytest.fixture(scope="module")
def exported_files(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Path]:
    """The same export made once for the tests that only read its files: the records are
    rolled back as soon as the files are written."""
    directory = tmp_path_factory.mktemp("export") / "site"
    with django_db_blocker.unblock(), transaction.atomic():
        caches_clear()
        casework_create()
        site_export(directory=directory, made_at=MADE_AT, site_pages=False)
        transaction.set_rollback(True)
    caches_clear()
    yield directory


SERVED = [
    "/api/v1/openapi.json",
    "/api/v1/organisations.json",
    "/api/v1/organisations/BRM.json",
    "/api/v1/years.json",
    "/api/v1/years/2023-24.json",
    "/api/v1/years/2023-24/statistics.json",
    "/api/v1/years/2023-24/statistics/BRM.json",
    "/api/v1/years/2023-24/statistics/WOR.json",
    "/api/v1/years/2023-24/letters.json",
    "/downloads/2023-24/statistics.csv",
    "/downloads/2023-24/decisions.csv",
    "/downloads/2023-24/recommendations.csv",
    "/downloads/2023-24/compliance.csv",
]


def test_exported_files_are_what_the_server_answers(client, exported):
    """A file in the export holds the same bytes as the server's answer at that address."""
    for url in SERVED:
        assert (exported / url.lstrip("/")).read_bytes() == client.get(url).content, url


def test_every_organisation_and_file_is_exported(exported_files):
    """One statistics file per organisation, and every download, for the published year."""
    statistics = list((exported_files / "api/v1/years/2023-24/statistics").glob("*.json"))
    assert len(statistics) == Organisation.objects.filter(end_date=None).count()
    for download in DOWNLOADS:
        assert (exported_files / "downloads/2023-24" / download.name).is_file()
    assert (exported_files / "downloads/index.html").is_file()
    assert (exported_files / "downloads/2023-24/index.html").is_file()


def test_nothing_of_the_embargoed_year_is_exported(exported_files):
    """No path names 2024-25 and no file holds a record of it."""
    for path in exported_files.rglob("*"):
        assert "2024-25" not in str(path.relative_to(exported_files))
        if path.is_file() and path.suffix not in {".xlsx", ".zip"}:
            text = path.read_text(encoding="utf-8")
            assert "2024-25" not in text, path
            assert "Embargoed" not in text, path


def test_links_in_the_exported_pages_resolve(exported_files):
    """Every link from the download pages to the downloads or the API is a file in the export."""
    for page in exported_files.glob("downloads/**/index.html"):
        for href in re.findall(r'href="(/(?:downloads|api)/[^"#?]*)"', page.read_text()):
            target = exported_files / unquote(href).lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), (page, href)


def test_exporting_again_replaces_an_earlier_export(casework, exported):
    """An earlier export (known by its marker file) is replaced whole: nothing of it is left
    (a file its manifest lists that is no longer part of the site is removed, with its
    folder)."""
    stale = exported / "downloads/2022-23/decisions.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("withdrawn")
    manifest = json.loads((exported / MANIFEST).read_text())
    manifest["files"]["downloads/2022-23/decisions.csv"] = file_entry(
        directory=exported, path="downloads/2022-23/decisions.csv", inputs=()
    ).as_json()
    (exported / MANIFEST).write_text(json.dumps(manifest))
    report = site_export(directory=exported, made_at=MADE_AT, site_pages=False)
    assert report.years == ["2023-24"]
    assert not stale.parent.exists()
    assert (exported / "downloads/2023-24/decisions.csv").is_file()


def test_a_directory_with_other_files_is_refused(casework, tmp_path):
    """The export never writes into a directory that holds something else."""
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ExportRefused) as refused:
        site_export(directory=tmp_path, made_at=MADE_AT, site_pages=False)
    assert str(refused.value) == NOT_EMPTY.format(directory=tmp_path)


def test_the_command_reports_what_it_wrote(casework, tmp_path):
    """The command says how many files it exported, where, how many it wrote, and for which
    years."""
    out = StringIO()
    call_command("export-site", str(tmp_path / "site"), "--data-only", stdout=out)
    assert re.search(
        r"Exported [\d,]+ files \([\d.]+ MB\) to .*site in [\d.]+ s: [\d,]+ written, [\d,]+ removed; "
        r"rendered [^;]+, unchanged [^;]+; search bundles built: [^.]+\. Years: 2023-24\.",
        out.getvalue(),
    )


def test_the_exported_bundle_holds_the_exported_files(exported_files):
    """all.zip in the export holds exactly the year's other exported files."""
    folder = exported_files / "downloads/2023-24"
    with zipfile.ZipFile(folder / "all.zip") as bundle:
        for member in bundle.namelist():
            assert bundle.read(member) == (folder / Path(member).name).read_bytes(), member
        assert len(bundle.namelist()) == len(DOWNLOADS) - 1
