"""`export-site` into an earlier export: only what changed is written, what was withdrawn is
removed, only the search bundles whose records changed are rebuilt, and the folder ends as a
new export into an empty folder would be."""

import json
import shutil
from pathlib import Path

import pytest

from annual_review.casework.models import Decision
from annual_review.opendata.manifest import MANIFEST
from annual_review.opendata.services import site_export
from annual_review.web.caching import caches_clear
from tests.export.conftest import MADE_AT

# Two Pagefind runs over the same pages give the same fragments but differently ordered (and
# so differently named) index, filter and meta chunks: those are compared by count only.
_UNSTABLE = (".pf_meta", ".pf_index", ".pf_filter")


def _tree(directory: Path) -> dict[str, bytes]:
    """Every file's bytes by path, less Pagefind's unstable chunks, its entry file that names
    them, and the manifest, which lists their checksums."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
        and path.suffix not in _UNSTABLE
        and path.name not in {"pagefind-entry.json", MANIFEST}
    }


def _manifest(directory: Path) -> dict:
    found = json.loads((directory / MANIFEST).read_text())
    files = {
        path: entry
        for path, entry in found["files"].items()
        if not path.endswith((*_UNSTABLE, "pagefind-entry.json"))
    }
    return {"files": files, "bundles": found["bundles"]}


@pytest.mark.django_db
def test_an_export_into_an_earlier_one_ends_as_a_new_export(exported, records, tmp_path):
    """One 2022-23 decision corrected, another withdrawn: the export into a copy of the earlier
    one rewrites only files that changed, removes the withdrawn decision's, rebuilds the 2022-23 and site
    bundles only, and ends with the tree (and manifest) of a new export into an empty folder."""
    earlier = tmp_path / "earlier"
    shutil.copytree(exported, earlier)
    kept_bundle = _tree(earlier / "pagefind" / "2023-24")
    untouched = earlier / "decisions" / "23-000-001" / "index.html"
    untouched_at = untouched.stat().st_mtime_ns
    Decision.objects.filter(reference="22 100 999").update(summary="Corrected: damp stairs.")
    Decision.objects.filter(reference="22 100 998").delete()
    caches_clear()

    report = site_export(directory=earlier, made_at=MADE_AT)
    fresh = tmp_path / "fresh"
    site_export(directory=fresh, made_at=MADE_AT)

    # The councils' pages of both years change (below), so both years' bundles of them are
    # built, and the site's (each council's own page); of the decisions', 2022-23's only.
    assert report.bundles_built == ["2022-23", "site", "site-2022-23", "site-2023-24"]
    # Only the corrected decision's page is rendered again. Of the councils' years, only
    # those whose pages print no 2022-23 figure are kept: the withdrawn decision changes
    # England's 2022-23 figures, which every other council's page prints (its key statistics,
    # its trend's table and charts; with fifty decisions, one fewer moves them all), and the
    # four councils that began in April 2023 have no 2022-23 in their trend.
    assert report.rendered["decisions"] == 1
    assert report.kept["decisions"] == 54
    units = [
        json.loads((folder / MANIFEST).read_text())["units"]["councils"]
        for folder in (exported, earlier)
    ]
    kept = sorted(key for key, digest in units[1].items() if units[0].get(key) == digest)
    assert kept == [
        "cumberland/2023-24",
        "north-yorkshire/2023-24",
        "somerset/2023-24",
        "westmorland-and-furness/2023-24",
    ]
    assert report.kept["councils"] == len(kept)
    # The councils' pages of 2022-23 change with their figures; a decision that did not change
    # is not written again.
    assert 0 < report.rewritten < report.files
    assert untouched.stat().st_mtime_ns == untouched_at
    assert not (earlier / "decisions" / "22-100-998" / "index.html").exists()
    assert not (earlier / "decisions" / "22-100-998.json").exists()
    assert report.removed >= 2
    # The bundle of the year that did not change is the earlier export's, untouched.
    assert _tree(earlier / "pagefind" / "2023-24") == kept_bundle
    assert _tree(earlier) == _tree(fresh)
    assert _manifest(earlier) == _manifest(fresh)
    for bundle in ("2022-23", "2023-24", "site", "site-2022-23", "site-2023-24"):
        entries = [
            json.loads((folder / "pagefind" / bundle / "pagefind-entry.json").read_text())
            for folder in (earlier, fresh)
        ]
        assert (
            entries[0]["languages"]["en"]["page_count"]
            == (entries[1]["languages"]["en"]["page_count"])
        )
        for suffix in _UNSTABLE:
            counts = [
                len(list((f / "pagefind" / bundle).rglob(f"*{suffix}"))) for f in (earlier, fresh)
            ]
            assert counts[0] == counts[1], (bundle, suffix)  # the site has no filters


@pytest.mark.django_db
def test_an_export_with_nothing_changed_writes_nothing(exported, records, tmp_path):
    """Exporting again the same records into the earlier export writes no file (the marker
    aside), removes none, builds no search bundle and renders no council's or decision's page
    again."""
    earlier = tmp_path / "earlier"
    shutil.copytree(exported, earlier)
    report = site_export(directory=earlier, made_at=MADE_AT)
    assert (report.rewritten, report.removed, report.bundles_built) == (0, 0, [])
    assert report.rendered == {"councils": 0, "decisions": 0}
    assert report.kept["decisions"] == 56
