"""The download files: exact golden copies of the CSVs people and programs read, the statistics
as `annual-review stats` prints them, and the licence, sources and date in every file."""

import io
import json
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from annual_review import sources
from annual_review.imports.core import import_run
from annual_review.opendata.builders import BUILDERS, bundle_zip_build
from annual_review.opendata.catalogue import DOWNLOADS
from annual_review.opendata.descriptions import datapackage_build, readme_build
from annual_review.opendata.dictionary import STATISTICS_FIELDS
from annual_review.opendata.record_files import (
    compliance_csv_build,
    decisions_csv_build,
    recommendations_csv_build,
)
from annual_review.opendata.statistics_files import (
    statistics_csv_build,
    statistics_json_build,
    statistics_xlsx_build,
)
from annual_review.statistics.selectors import STATISTICS_COLUMNS
from tests.golden import golden_compare

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
MADE_AT = datetime(2024, 7, 1, 9, 30, tzinfo=UTC)
# ANNUAL_REVIEW_REGENERATE_GOLDEN=1 rewrites the golden files on purpose (tests/golden.py).


def assert_golden(name: str, content: bytes) -> None:
    golden_compare(GOLDEN / name, content)


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("decisions.csv", decisions_csv_build),
        ("recommendations.csv", recommendations_csv_build),
        ("compliance.csv", compliance_csv_build),
        ("datapackage.json", datapackage_build),
        ("README.md", readme_build),
    ],
)
def test_files_match_their_golden_copies(casework, name, build):
    """Each file is exactly as reviewed: columns, order, formats, and nothing of 2024-25."""
    assert_golden(name, build(year=casework.published, made_at=MADE_AT))


def test_statistics_csv_is_the_stats_command(casework, capsys):
    """statistics.csv is byte for byte `annual-review stats 2023-24 --format csv`."""
    call_command("stats", "2023-24", format="csv")
    assert statistics_csv_build(year=casework.published, made_at=MADE_AT).decode() == (
        capsys.readouterr().out
    )


def test_statistics_json_is_the_stats_command_with_about(casework, capsys):
    """statistics.json is `annual-review stats --format json` plus what the file is and the
    version of the published figures it holds."""
    call_command("stats", "2023-24", format="json")
    command = json.loads(capsys.readouterr().out)
    body = json.loads(statistics_json_build(year=casework.published, made_at=MADE_AT))
    about = body.pop("about")
    assert body.pop("version") == about["figures_version"]["number"] == 1
    assert body == command
    assert about["created"] == "2024-07-01T09:30:00+00:00"
    assert about["licence"]["name"] == sources.LICENCE_ID
    assert about["notice"] is None


def test_statistics_xlsx_has_the_same_rows_and_an_about_sheet(casework, capsys):
    """The workbook's first sheet holds the CSV's rows as numbers; other sheets the dictionary
    and the licence."""
    workbook = load_workbook(
        io.BytesIO(statistics_xlsx_build(year=casework.published, made_at=MADE_AT))
    )
    assert workbook.sheetnames == ["statistics", "data dictionary", "about"]
    rows = list(workbook["statistics"].iter_rows(values_only=True))
    assert list(rows[0]) == STATISTICS_COLUMNS
    call_command("stats", "2023-24", format="json")
    expected = json.loads(capsys.readouterr().out)["organisations"]
    assert len(rows) - 1 == len(expected)
    for row, wanted in zip(rows[1:], expected, strict=True):
        # A spreadsheet keeps about 16 significant digits, so the last one may differ.
        for column, value in zip(rows[0], row, strict=True):
            if isinstance(value, float):
                assert value == pytest.approx(wanted[column], rel=1e-14), column
            else:
                assert value == wanted[column], column
    about = dict(workbook["about"].iter_rows(values_only=True))
    assert about["licence"].startswith(sources.LICENCE_TITLE)
    assert about["made"] == "2024-07-01T09:30:00+00:00"
    assert workbook.properties.created == MADE_AT.replace(tzinfo=None)


def test_the_same_data_make_the_same_workbook(casework):
    """Made twice with the same moment, the workbook is the same bytes (no hidden timestamps)."""
    first = statistics_xlsx_build(year=casework.published, made_at=MADE_AT)
    time.sleep(2.1)  # past the zip format's two-second clock
    assert statistics_xlsx_build(year=casework.published, made_at=MADE_AT) == first


def test_demonstration_data_say_so_in_every_self_describing_file(demo_casework):
    """With demo data, the README, the data package, the JSON and the workbook all say so."""
    year = demo_casework.published
    assert sources.DEMO_NOTICE in readme_build(year=year, made_at=MADE_AT).decode()
    assert (
        json.loads(datapackage_build(year=year, made_at=MADE_AT))["notice"] == sources.DEMO_NOTICE
    )
    assert json.loads(statistics_json_build(year=year, made_at=MADE_AT))["about"]["notice"] == (
        sources.DEMO_NOTICE
    )
    workbook = load_workbook(io.BytesIO(statistics_xlsx_build(year=year, made_at=MADE_AT)))
    assert dict(workbook["about"].iter_rows(values_only=True))["notice"] == sources.DEMO_NOTICE


def test_the_data_dictionary_describes_every_column(casework):
    """datapackage.json lists every CSV with exactly the columns the file has, in order."""
    package = json.loads(datapackage_build(year=casework.published, made_at=MADE_AT))
    assert [f.name for f in STATISTICS_FIELDS] == STATISTICS_COLUMNS
    described = {
        r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]
    }
    for download in DOWNLOADS:
        if download.name.endswith(".csv"):
            header = BUILDERS[download.name](year=casework.published, made_at=MADE_AT).split(b"\n")[
                0
            ]
            assert described[download.name] == header.decode().split(",")
    assert package["licenses"][0]["name"] == sources.LICENCE_ID
    assert package["created"] == "2024-07-01T09:30:00+00:00"
    assert {s["licence"] for s in package["sources"]} == {"OGL-UK-3.0", "CC-BY-4.0"}


def test_decisions_download_reads_back_through_the_import(casework, tmp_path):
    """decisions.csv uses the import's columns: importing it again finds nothing to change."""
    path = tmp_path / "decisions.csv"
    path.write_bytes(decisions_csv_build(year=casework.published, made_at=MADE_AT))
    report = import_run(kind="decisions", path=path)
    assert not report.errors
    assert (report.rows, report.unchanged) == (6, 6)


def test_the_bundle_holds_every_file_as_built_alone(casework):
    """all.zip holds every other file of the year, byte for byte, in a folder named for it."""
    bundle = zipfile.ZipFile(io.BytesIO(bundle_zip_build(year=casework.published, made_at=MADE_AT)))
    others = [d for d in DOWNLOADS if d.name != "all.zip"]
    assert bundle.namelist() == [f"annual-review-2023-24/{d.name}" for d in others]
    for download in others:
        if download.name.endswith(".xlsx"):
            continue  # its bytes are checked by test_the_same_data_make_the_same_workbook
        assert bundle.read(f"annual-review-2023-24/{download.name}") == BUILDERS[download.name](
            year=casework.published, made_at=MADE_AT
        )


def test_every_file_in_the_catalogue_has_one_builder():
    """The catalogue and the builders name the same files in the same order, and the bundle
    holds every file but itself."""
    from annual_review.opendata.builders import MEMBER_BUILDERS
    from annual_review.opendata.catalogue import BUNDLE

    assert list(BUILDERS) == [d.name for d in DOWNLOADS]
    assert list(MEMBER_BUILDERS) == [d.name for d in DOWNLOADS if d.name != BUNDLE]
