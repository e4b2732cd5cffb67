"""Writing a static copy of the public site: pages, data twins, API JSON, downloads, letters.

`annual-review export-site DIR`. Only published years are written, as the server would serve
them; pages come from the real site through the test client (see pages.py), then Pagefind
indexes the HTML for the export's search page.
"""

import hashlib
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.test import Client

from annual_review.api import selectors as api
from annual_review.api.openapi import openapi_document
from annual_review.opendata import fingerprints, pages, search
from annual_review.opendata.builders import BUILDERS, bundle_zip_of
from annual_review.opendata.catalogue import BUNDLE, DOWNLOADS, DOWNLOADS_BY_NAME
from annual_review.opendata.manifest import (
    INCOMPLETE,
    MANIFEST,
    Entry,
    Writes,
    file_entry,
    file_write,
    manifest_read,
    manifest_write,
    withdrawn_remove,
)
from annual_review.opendata.redirects import redirects_render
from annual_review.opendata.workers import Written, councils_export, decisions_export
from annual_review.public.map_page import LAYER_LABELS
from annual_review.public.measures import MEASURES
from annual_review.public.sitemap import sitemap_index_addresses
from annual_review.web.responses import json_body
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
    # Files written because their content changed (or was new), files removed as withdrawn,
    # and the search bundles built (the others were kept from the earlier export).
    rewritten: int = 0
    removed: int = 0
    bundles_built: list[str] = field(default_factory=list)
    # By family ("councils": a council's year, "decisions"), how many units were rendered
    # and how many kept unrendered because their fingerprint had not changed.
    rendered: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)


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
    """Write the whole public site under `directory` (`site_pages=False`: data files only).

    Into an earlier export, only files whose content changed are written, files no longer
    part of the site are removed, and a search bundle is rebuilt only if its inputs changed;
    the result is the tree a new export would give (Pagefind's own files aside, see search.py).
    """
    started = time.perf_counter()
    say = progress or (lambda _text: None)
    # Never write over a directory this command did not make.
    if directory.exists() and any(directory.iterdir()) and not (directory / EXPORT_MARKER).exists():
        raise ExportRefused(NOT_EMPTY.format(directory=directory))
    directory.mkdir(parents=True, exist_ok=True)
    # The earlier export's files are those its manifest lists if it ended (else the whole
    # tree is looked through for what to remove).
    ended = not (directory / INCOMPLETE).exists()
    earlier = manifest_read(directory)
    listed = set(earlier["files"]) if ended and earlier["files"] else None
    (directory / INCOMPLETE).write_text("")
    (directory / EXPORT_MARKER).write_text(f"{made_at.isoformat(timespec='seconds')}\n")
    report = ExportReport(directory=directory)
    writes = Writes()

    def write(url: str, content: bytes) -> None:
        path = _path_for(url)
        file_write(
            directory=directory, path=path, content=content, inputs=(f"url:{url}",), writes=writes
        )

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
        _downloads_export(year=year, write=write)
        write(f"/downloads/{label}/", _page(client, f"/downloads/{label}/"))
        _versions_export(label=label, write=write, write_json=write_json)
    for url in DOWNLOAD_PAGES:
        write(url, _page(client, url))
    bundles: dict[str, dict[str, Any]] = {}
    units: dict[str, dict[str, str]] = {}
    if site_pages:
        records = Path(tempfile.mkdtemp(prefix="annual-review-search-"))
        try:
            say("Fingerprints of the councils' and decisions' pages")
            layout = fingerprints.layout_digest()
            decision_digests = fingerprints.decisions_digests(layout=layout)
            council_digests = fingerprints.council_years_digests(
                layout=layout, decisions=decision_digests
            )
            units = {
                "councils": {f"{slug}/{year}": d for (slug, year), d in council_digests.items()},
                "decisions": decision_digests.by_reference,
            }
            written = _site_pages_export(
                directory=directory,
                client=client,
                years=report.years,
                write=write,
                say=say,
                processes=processes,
                units=units,
                earlier=earlier,
            )
            writes.add(written.writes)
            report.rendered, report.kept = written.rendered_by, written.kept_by
            bundles, report.bundles_built = _search_bundles(
                directory=directory,
                records=records,
                writes=writes,
                earlier=earlier,
                say=say,
                processes=processes,
            )
        finally:
            shutil.rmtree(records, ignore_errors=True)
    # The decisions' older addresses, which a static host cannot answer as the server does
    # (opendata/redirects.py); empty without the pages, so a host's config always finds them.
    for path, content in redirects_render(units.get("decisions", {})).items():
        file_write(
            directory=directory,
            path=path,
            content=content,
            inputs=("redirects:decisions",),
            writes=writes,
        )
    keep = {entry.path for entry in writes.entries} | {EXPORT_MARKER, MANIFEST, INCOMPLETE}
    report.removed = withdrawn_remove(directory=directory, keep=keep, listed=listed)
    manifest_write(directory=directory, entries=writes.entries, bundles=bundles, units=units)
    (directory / INCOMPLETE).unlink()
    report.files = len(writes.entries)
    report.bytes = sum(entry.size for entry in writes.entries)
    report.rewritten = writes.rewritten
    report.seconds = time.perf_counter() - started
    return report


def _search_bundles(
    *,
    directory: Path,
    records: Path,
    writes: Writes,
    earlier: dict[str, Any],
    say: Progress,
    processes: int = 1,
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """A Pagefind bundle per year of decisions, one per year of the councils' pages and letters,
    and one for the rest of the site, each built only if its inputs differ from the earlier
    export's (or its files are gone); `processes` Pagefind runs at a time."""
    by_year = search.decision_records()
    wanted: dict[str, list[tuple[str, str]]] = {
        year: [
            (f"decisions/{reference}", hashlib.sha256(record).hexdigest())
            for reference, record in found.items()
        ]
        for year, found in by_year.items()
    }
    site_pages: dict[str, list[str]] = {}
    for entry in writes.entries:
        if search.site_searched(entry.path):
            name = search.site_bundle_of(entry.path)
            wanted.setdefault(name, []).append((entry.path, entry.sha256))
            site_pages.setdefault(name, []).append(entry.path)
    bundles: dict[str, dict[str, Any]] = {}
    built: list[str] = []
    files = earlier.get("files", {})
    for name, inputs in sorted(wanted.items()):
        digest = search.inputs_digest(inputs)
        prefix = f"{search.BUNDLES}/{name}/"
        before = earlier.get("bundles", {}).get(name)
        kept = [(path, meta) for path, meta in files.items() if path.startswith(prefix)]
        reusable = (
            before is not None
            and before.get("inputs_sha256") == digest
            and kept
            and all(
                (directory / path).is_file() and (directory / path).stat().st_size == meta["size"]
                for path, meta in kept
            )
        )
        if reusable:
            writes.entries.extend(
                Entry(path=p, size=m["size"], sha256=m["sha256"], inputs=tuple(m["inputs"]))
                for p, m in kept
            )
        else:
            for page in site_pages.get(name, []):
                target = records / name / page
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(search.page_record((directory / page).read_bytes()))
            for reference, record in by_year.get(name, {}).items():
                target = search.record_path(records=records, year=name, reference=reference)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(record)
            built.append(name)
        bundles[name] = {"inputs_sha256": digest, "pages": len(inputs)}
    if built:
        # Pagefind indexes on one core: `processes` bundles are built at once.
        say(
            f"Search bundles {', '.join(built)} ({sum(bundles[n]['pages'] for n in built):,} pages)"
        )
        with ThreadPoolExecutor(max_workers=max(1, processes)) as pool:
            list(
                pool.map(
                    lambda name: search.bundle_build(
                        site=records / name, output=directory / search.BUNDLES / name
                    ),
                    built,
                )
            )
    for name in built:
        output = directory / search.BUNDLES / name
        for path in sorted(output.rglob("*")):
            if path.is_file():
                relative = str(path.relative_to(directory))
                writes.entries.append(
                    file_entry(directory=directory, path=relative, inputs=(f"search:{name}",))
                )
    return bundles, built


def _downloads_export(*, year: ReportingYear, write: Callable[[str, bytes], None]) -> None:
    """A year's downloads, each saying it was made when the figures it holds became public
    (the current version's moment, as each version's own files say theirs), not when the
    export ran: the files are a function of the data, so an export of the same data writes
    none again. The statistics files are the current version's own (built once for both)."""
    from annual_review.opendata.selectors import VERSIONED, download_version_file_get
    from annual_review.workflow.figures import figures_versions

    current = figures_versions(year=year.label)[0]
    built: dict[str, bytes] = {}
    for download in DOWNLOADS:
        if download.name == BUNDLE:
            content = bundle_zip_of(year=year, made_at=current.published_at, files=built)
        elif download.name in VERSIONED:
            content, _etag = download_version_file_get(
                year=year, download=download, version=current.number
            )
        else:
            content = BUILDERS[download.name](year=year, made_at=current.published_at)
        built[download.name] = content
        write(f"/downloads/{year.label}/{download.name}", content)


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
    units: dict[str, dict[str, str]],
    earlier: dict[str, Any],
) -> Written:
    """The public pages and their twins, map fragments, letters, assets, 404, search, sitemap;
    councils' years and decisions whose fingerprint in `units` is the earlier export's are
    not rendered (their files are kept)."""
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
        digests=units["councils"],
        earlier=earlier,
    )
    say(f"Councils' years: {councils.rendered:,} rendered, {councils.kept:,} unchanged")
    html_pages.extend(councils.urls)
    say("Decisions' pages")
    decisions = decisions_export(
        directory=directory,
        processes=processes,
        progress=lambda done, total: say(f"Decisions' pages: chunk {done:,} of {total:,}"),
        digests=units["decisions"],
        earlier=earlier,
    )
    say(f"Decisions: {decisions.rendered:,} rendered, {decisions.kept:,} unchanged")
    html_pages.extend(decisions.urls)
    say("Search page, 404, sitemap and static assets")
    # The years whose decisions have a search bundle, newest first.
    searched = sorted(search.decision_years(), reverse=True)
    write(
        pages.SEARCH_PAGE, pages.search_page(years=searched, site_years=sorted(years, reverse=True))
    )
    write(pages.NOT_FOUND_PAGE, pages.not_found_page())
    # The index and its sections' sitemaps (a section's later pages, `?p=2`, need a server).
    for address in ("/sitemap.xml", *sitemap_index_addresses()):
        if "?" not in address:
            write(address, pages.page_get(client, address))
    rendered = {"councils": councils.rendered, "decisions": decisions.rendered}
    kept = {"councils": councils.kept, "decisions": decisions.kept}
    councils.add(decisions)
    councils.rendered_by, councils.kept_by = rendered, kept
    pages.static_assets_copy(directory=directory, writes=councils.writes)
    return councils


def _page(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code} during the export")
    return response.content
