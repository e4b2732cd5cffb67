"""Writing a static copy of the public site: pages, data twins, API JSON, downloads, letters.

`annual-review export-site DIR`. Only published years are written, as the server would serve
them; pages come from the real site through the test client (see pages.py), then Pagefind
indexes the HTML for the export's search page.
"""

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.test import Client

from annual_review.api import selectors as api
from annual_review.api.openapi import openapi_document
from annual_review.api.responses import json_body
from annual_review.opendata import pages
from annual_review.opendata.builders import (
    DOWNLOADS,
    DOWNLOADS_BY_NAME,
    bundle_zip_build,
    bundle_zip_of,
)
from annual_review.opendata.workers import councils_export, decisions_export
from annual_review.public.selectors import LAYER_LABELS, MEASURES
from annual_review.years.models import ReportingYear

EXPORT_MARKER = ".annual-review-export"
NOT_EMPTY = (
    "{directory} is not empty and is not an earlier export; choose an empty or new directory."
)
# Pages of the downloads section, rendered as the server renders them.
DOWNLOAD_PAGES = ("/downloads/",)

Progress = Callable[[str], None]


class ExportRefused(Exception):
    """The export would overwrite something that is not an earlier export."""


@dataclass
class ExportReport:
    directory: Path
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    years: list[str] = field(default_factory=list)


def _path_for(url: str) -> str:
    """Where a URL's answer lives in the export: /downloads/ is downloads/index.html."""
    relative = url.lstrip("/")
    return relative + "index.html" if relative.endswith("/") or not relative else relative


def site_export(
    *,
    directory: Path,
    made_at: datetime,
    progress: Progress | None = None,
    site_pages: bool = True,
    processes: int = 1,
) -> ExportReport:
    """Write the whole public site under `directory` (`site_pages=False`: data files only)."""
    started = time.perf_counter()
    say = progress or (lambda _text: None)
    # Never write over a directory this command did not make.
    if directory.exists() and any(directory.iterdir()) and not (directory / EXPORT_MARKER).exists():
        raise ExportRefused(NOT_EMPTY.format(directory=directory))
    # An earlier export is emptied first: a file left from then (a year since withdrawn) must
    # not be served again.
    if directory.exists():
        for child in directory.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / EXPORT_MARKER).write_text(f"{made_at.isoformat(timespec='seconds')}\n")
    report = ExportReport(directory=directory)

    def write(url: str, content: bytes) -> None:
        target = directory / _path_for(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        report.files += 1
        report.bytes += len(content)

    def write_json(url: str, value: Any) -> None:
        write(url, json_body(value))

    root = api.API_ROOT
    say("API: organisations and years")
    write_json(f"{root}/openapi.json", openapi_document())
    write_json(f"{root}/organisations.json", api.organisations_list())
    organisations = api.organisations_list()["organisations"]
    for organisation in organisations:
        code = organisation["code"]
        write_json(f"{root}/organisations/{code}.json", api.organisation_detail(code=code))
    write_json(f"{root}/years.json", api.years_list())

    client = Client()
    for year in ReportingYear.objects.published():
        label = year.label
        report.years.append(label)
        say(f"{label}: API statistics and letters")
        write_json(f"{root}/years/{label}.json", api.year_detail(year=label))
        write_json(f"{root}/years/{label}/statistics.json", api.year_statistics(year=label))
        for code, body in api.organisation_year_statistics_all(year=label).items():
            write_json(f"{root}/years/{label}/statistics/{code}.json", body)
        write_json(f"{root}/years/{label}/letters.json", api.year_letters(year=label))
        say(f"{label}: downloads")
        built: dict[str, bytes] = {}
        for download in DOWNLOADS:
            if download.build is bundle_zip_build:
                content = bundle_zip_of(year=year, made_at=made_at, files=built)
            else:
                content = built[download.name] = download.build(year=year, made_at=made_at)
            write(f"/downloads/{label}/{download.name}", content)
        write(f"/downloads/{label}/", _page(client, f"/downloads/{label}/"))
        _versions_export(label=label, write=write, write_json=write_json)
    for url in DOWNLOAD_PAGES:
        write(url, _page(client, url))
    if site_pages:
        report.files += _site_pages_export(
            directory=directory,
            client=client,
            years=report.years,
            write=write,
            say=say,
            processes=processes,
        )
        say("Search index (Pagefind)")
        pages.pagefind_run(directory=directory)
        report.files += sum(1 for _ in (directory / "pagefind").rglob("*") if _.is_file())
    # Workers wrote most files themselves: count what is on disk.
    found = [path.stat().st_size for path in directory.rglob("*") if path.is_file()]
    report.files, report.bytes = len(found), sum(found)
    report.seconds = time.perf_counter() - started
    return report


def _versions_export(
    *, label: str, write: Callable[[str, bytes], None], write_json: Callable[[str, Any], None]
) -> None:
    """Every public version of a year's figures: the API's list and each version's files."""
    from annual_review.opendata.selectors import VERSIONED, download_version_file_get
    from annual_review.workflow.figures import figures_versions

    root = "/api/v1"
    write_json(f"{root}/years/{label}/versions.json", api.year_versions(year=label))
    year = ReportingYear.objects.get(label=label)
    for version in figures_versions(year=label):
        number = version.number
        write_json(
            f"{root}/years/{label}/versions/{number}/statistics.json",
            api.year_statistics(year=label, version=number),
        )
        for name in VERSIONED:
            body, _etag = download_version_file_get(
                year=year, download=DOWNLOADS_BY_NAME[name], version=number
            )
            write(f"/downloads/{label}/v{number}/{name}", body)


# The home page's map form fetches each map from a file in the export (see site.js).
_MAP_FORM = b"data-app-map-form>"
_MAP_FORM_STATIC = b'data-app-map-form data-app-map-static="/map/">'


def _site_pages_export(
    *,
    directory: Path,
    client: Client,
    years: list[str],
    write: Callable[[str, bytes], None],
    say: Progress,
    processes: int,
) -> int:
    """The public pages and their twins, map fragments, letters, assets, 404, search, sitemap."""
    html_pages: list[str] = []

    def page(url: str) -> None:
        content = pages.page_get(client, url)
        if url.endswith("/"):
            html_pages.append(url)
            content = pages.html_for_export(url, content)
            if url == "/":
                content = content.replace(_MAP_FORM, _MAP_FORM_STATIC)
        write(url, content)

    say("Pages of the site as a whole")
    for url in pages.SITE_PAGES:
        page(url)
    for year in years:
        for measure in MEASURES:
            for layer in LAYER_LABELS:
                query = f"/?year={year}&measure={measure}&layer={layer}&fragment=map"
                write(f"/map/{year}/{measure}/{layer}.html", pages.page_get(client, query))
    say("Councils' pages and letters")
    councils = councils_export(
        directory=directory,
        years=years,
        processes=processes,
        progress=lambda done, total: say(f"Councils: {done:,} of {total:,}"),
    )
    html_pages.extend(councils.urls)
    say("Decisions' pages")
    decisions = decisions_export(
        directory=directory,
        processes=processes,
        progress=lambda done, total: say(f"Decisions' pages: chunk {done:,} of {total:,}"),
    )
    html_pages.extend(decisions.urls)
    say("Search page, 404, sitemap and static assets")
    write(pages.SEARCH_PAGE, pages.search_page())
    write(pages.NOT_FOUND_PAGE, pages.not_found_page())
    write("/sitemap.xml", pages.page_get(client, "/sitemap.xml"))
    return councils.files + decisions.files + pages.static_assets_copy(directory=directory)


def _page(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code} during the export")
    return response.content
