"""Writing a static copy of the public data: the API's JSON and every year's downloads as files.

This is the first part of `annual-review export-site`; the public site's pages join it once
the site is done. Only published years are written, as the server would serve them.
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
from annual_review.opendata.builders import DOWNLOADS, bundle_zip_build, bundle_zip_of
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
    *, directory: Path, made_at: datetime, progress: Progress | None = None
) -> ExportReport:
    """Write the API's JSON and every published year's downloads under `directory`."""
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
    for url in DOWNLOAD_PAGES:
        write(url, _page(client, url))
    report.seconds = time.perf_counter() - started
    return report


def _page(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code} during the export")
    return response.content
