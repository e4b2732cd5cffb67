"""The export's bulk work on several processes: councils' pages and letters, decisions' pages.

A hundred thousand decisions through the test client one by one would take ten minutes; here
they are read a chunk at a time and rendered by the site's own templates, the layout once
(`views.decision_pages_renderer`, tested to give the bytes the server gives). Councils' pages
and letters go through the test client, a council at a time per task. Workers are spawned,
not forked (a forked child of a process that has used Typst deadlocks), and each sets Django
up itself.
"""

import hashlib
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections
from django.test import Client, RequestFactory

from annual_review.casework.addresses import decision_address, decision_export_paths
from annual_review.opendata import pages, search
from annual_review.opendata.manifest import Writes, entries_reuse, file_write
from annual_review.opendata.spawned import task_run, worker_start
from annual_review.public import twins, views
from annual_review.public.decision_page import decision_pages_build
from annual_review.public.published import published_decisions

CHUNK = 2000


@dataclass
class Written:
    urls: list[str] = field(default_factory=list)
    writes: Writes = field(default_factory=Writes)
    # A search record per decision: (year, reference, sha256 of the record).
    records: list[tuple[str, str, str]] = field(default_factory=list)
    # Units (councils' years, decisions) found unchanged and not rendered, and rendered.
    kept: int = 0
    rendered: int = 0
    # The same by family, once the families are put together ("councils", "decisions").
    kept_by: dict[str, int] = field(default_factory=dict)
    rendered_by: dict[str, int] = field(default_factory=dict)

    def add(self, other: "Written") -> None:
        self.urls.extend(other.urls)
        self.writes.add(other.writes)
        self.records.extend(other.records)
        self.kept += other.kept
        self.rendered += other.rendered


def decision_ids() -> list[int]:
    """Every published decision's id, in reference order."""
    published = published_decisions().order_by("reference")
    return list(published.values_list("id", flat=True))


def decision_pages_write(
    *, directory: Path, ids: Sequence[tuple[int, str, int]], records: Path | None = None
) -> Written:
    """Write `decisions/<slug>/index.html` and `decisions/<slug>.json` for `ids`
    ((id, reference, place in its year)), and each decision's search record under `records`."""
    render_page = views.decision_pages_renderer(RequestFactory().get("/decisions/"))
    written = Written()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        orders = {reference: order for _pk, reference, order in chunk}
        for page in decision_pages_build(ids=[pk for pk, _r, _o in chunk]):
            reference = page.decision.reference
            inputs = (f"decision:{reference}",)
            html = render_page(page)
            data = twins.twin_json(page=page, address=decision_address(reference))
            page_path, twin_path = decision_export_paths(reference)
            for path, content in ((page_path, html), (twin_path, data)):
                file_write(
                    directory=directory,
                    path=path,
                    content=content,
                    inputs=inputs,
                    writes=written.writes,
                )
            written.urls.append(decision_address(reference))
            if records is not None:
                record = search.decision_record(page, order=orders[reference])
                target = search.record_path(records=records, year=page.year, reference=reference)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(record)
                sha = hashlib.sha256(record).hexdigest()
                written.records.append((page.year, reference, sha))
    return written


def addresses_write(*, directory: Path, urls: Sequence[str]) -> Written:
    """Write the server's answers at `urls` (pages as PATH/index.html) through the test client."""
    client = Client()
    written = Written()
    for url in urls:
        content = pages.page_get(client, url)
        relative = url.lstrip("/")
        if url.endswith("/"):
            written.urls.append(url)
            content = pages.html_for_export(url, content)
            relative += "index.html"
        file_write(
            directory=directory,
            path=relative,
            content=content,
            inputs=(f"url:{url}",),
            writes=written.writes,
        )
    return written


def council_units(*, years: list[str]) -> dict[tuple[str, str], list[str]]:
    """Every council's addresses for the published years, by (council slug, year): a year's
    page, twins, decisions CSV and letter, and with its latest year the council's own page."""
    units: dict[tuple[str, str], list[str]] = {}
    for url in pages.council_addresses(years=years):
        parts = url.split("/")
        slug = parts[2].split(".")[0]
        year = parts[3].split(".")[0] if len(parts) > 3 and parts[3] else ""
        if year:
            units.setdefault((slug, year), []).append(url)
        else:
            pending = units.setdefault((slug, ""), [])
            pending.append(url)
    # The council's own page shows its latest year: it goes with that year's unit.
    for (slug, year), urls in list(units.items()):
        if year == "":
            latest = max(y for s, y in units if s == slug and y)
            units[(slug, latest)] = urls + units[(slug, latest)]
            del units[(slug, year)]
    return units


def url_path(url: str) -> str:
    """Where an address's answer lives in the export (pages as PATH/index.html)."""
    relative = url.lstrip("/")
    return relative + "index.html" if url.endswith("/") else relative


def councils_export(
    *,
    directory: Path,
    years: list[str],
    processes: int = 1,
    progress: Callable[[int, int], None] | None = None,
    digests: dict[str, str] | None = None,
    earlier: dict[str, Any] | None = None,
) -> Written:
    """Every council's pages, twins and letters for the published years; a (council, year)
    whose digest (`digests`, by "slug/year") equals the earlier export's is not rendered."""
    units = council_units(years=years)
    before = (earlier or {}).get("units", {}).get("councils", {})
    tasks: list[list[str]] = []
    kept = Written()
    for (slug, year), urls in sorted(units.items()):
        key = f"{slug}/{year}"
        reused = None
        if digests and earlier and key in digests and before.get(key) == digests[key]:
            paths = [url_path(url) for url in urls]
            reused = entries_reuse(directory=directory, earlier=earlier, paths=paths)
        if reused is None:
            tasks.append(urls)
        else:
            kept.writes.entries.extend(reused)
            kept.urls.extend(url for url in urls if url.endswith("/"))
    written = _run(addresses_write, directory, tasks, processes, progress, {})
    written.add(kept)
    written.kept, written.rendered = len(units) - len(tasks), len(tasks)
    return written


def _run(
    function: Callable[..., Written],
    directory: Path,
    tasks: list[Any],
    processes: int,
    progress: Callable[[int, int], None] | None,
    options: dict[str, Any],
) -> Written:
    total = Written()
    if processes <= 1 or len(tasks) < 2:
        for done, task in enumerate(tasks, start=1):
            total.add(function(directory=directory, **{_ARGUMENT[function]: task}, **options))
            if progress and (done % 50 == 0 or done == len(tasks)):
                progress(done, len(tasks))
        return total
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    argument = _ARGUMENT[function]
    with ProcessPoolExecutor(processes, mp_context=context, initializer=worker_start) as pool:
        futures = [
            pool.submit(task_run, function.__name__, directory, argument, task, options)
            for task in tasks
        ]
        for done, future in enumerate(as_completed(futures), start=1):
            total.add(future.result())
            if progress and (done % 50 == 0 or done == len(tasks)):
                progress(done, len(tasks))
    total.urls.sort()
    return total


def decisions_export(
    *,
    directory: Path,
    processes: int = 1,
    progress: Callable[[int, int], None] | None = None,
    digests: dict[str, str] | None = None,
    earlier: dict[str, Any] | None = None,
) -> Written:
    """Every published decision's page and twin; a decision whose digest (`digests`, by
    reference) equals the earlier export's is not rendered. `processes` > 1 renders on spawned
    workers.

    Workers open the database named by the settings, so several processes are for the command
    line only (a test's database is not visible to them).
    """
    before = (earlier or {}).get("units", {}).get("decisions", {})
    ids: list[tuple[int, str, int]] = []
    kept = Written()
    published = published_decisions().order_by("reference")
    for pk, reference in published.values_list("id", "reference"):
        reused = None
        fresh = digests.get(reference) if digests else None
        if fresh is not None and earlier and before.get(reference) == fresh:
            paths = list(decision_export_paths(reference))
            reused = entries_reuse(directory=directory, earlier=earlier, paths=paths)
        if reused is None:
            ids.append((pk, reference, 0))
        else:
            kept.writes.entries.extend(reused)
            kept.urls.append(decision_address(reference))
    tasks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    written = _run(decision_pages_write, directory, tasks, processes, progress, {})
    written.add(kept)
    written.kept, written.rendered = len(kept.urls), len(ids)
    return written


_ARGUMENT: dict[Callable[..., Written], str] = {
    addresses_write: "urls",
    decision_pages_write: "ids",
}
