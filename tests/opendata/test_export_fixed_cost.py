"""What an export into an earlier one costs when nothing changed (issue 17): no file written
again because the clock moved, and the earlier export's files found from its manifest, with
the whole tree looked through only when that manifest cannot be trusted."""

import json
from datetime import timedelta

import pytest

from annual_review.opendata.manifest import INCOMPLETE, MANIFEST, content_type
from annual_review.opendata.services import site_export
from annual_review.workflow.figures import figures_versions
from tests.opendata.test_builders import MADE_AT

pytestmark = [pytest.mark.django_db, pytest.mark.export]


def test_the_same_data_exported_later_writes_no_file(casework, tmp_path):
    """The downloads say when their figures became public, not when the export ran: the same
    data exported a day later rewrites no file (30 were on the demo: each year's
    statistics.json and .xlsx, README, data package and bundle said the export's moment)."""
    directory = tmp_path / "site"
    first = site_export(directory=directory, made_at=MADE_AT, site_pages=False)
    again = site_export(directory=directory, made_at=MADE_AT + timedelta(days=1), site_pages=False)
    assert first.rewritten == first.files
    assert (again.rewritten, again.removed, again.files) == (0, 0, first.files)
    about = json.loads((directory / "downloads/2023-24/statistics.json").read_text())["about"]
    public = figures_versions(year="2023-24")[0].published_at
    assert about["created"] == public.isoformat(timespec="seconds")
    # The current statistics files are the current version's own.
    version = figures_versions(year="2023-24")[0].number
    for name in ("statistics.csv", "statistics.json", "statistics.xlsx"):
        current = (directory / "downloads/2023-24" / name).read_bytes()
        assert current == (directory / f"downloads/2023-24/v{version}" / name).read_bytes()
    assert not (directory / INCOMPLETE).exists()


def test_a_stray_file_goes_when_the_manifest_cannot_be_trusted(casework, tmp_path):
    """A file no manifest lists is removed when the export before did not end (its marker
    left) or left no manifest; folders left empty go with it."""
    directory = tmp_path / "site"
    site_export(directory=directory, made_at=MADE_AT, site_pages=False)
    for case in ("did not end", "no manifest"):
        stray = directory / "downloads/2019-20/deep/old.csv"
        stray.parent.mkdir(parents=True)
        stray.write_text("left by an export that stopped")
        if case == "did not end":
            (directory / INCOMPLETE).write_text("")
        else:
            (directory / MANIFEST).unlink()
        report = site_export(directory=directory, made_at=MADE_AT, site_pages=False)
        assert report.removed == 1, case
        assert not (directory / "downloads/2019-20").exists(), case
        assert (directory / "downloads/2023-24/statistics.csv").is_file(), case
        assert not (directory / INCOMPLETE).exists(), case


def test_content_types_follow_the_name_not_its_folders():
    """A file's type is its name's suffix (leading dots aside); a folder's dot says nothing."""
    assert content_type("downloads/2023-24/all.zip") == "application/zip"
    assert content_type("a/b.HTML") == "text/html; charset=utf-8"
    assert content_type("pagefind.v1/fragment/en_1a2b") == "application/octet-stream"
    assert content_type("static/.json") == "application/octet-stream"
    assert content_type("pagefind/2023-24/index/en_9f.pf_index") == "application/octet-stream"
