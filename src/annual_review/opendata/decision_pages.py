"""Every published decision's page and JSON twin in the export, in bulk and on several processes.

A hundred thousand decisions through the test client one by one would take ten minutes; here
they are read a chunk at a time and rendered by the very view function that answers them
(`views.decision_page_render`), so the bytes are the server's. Workers are spawned, not forked
(a forked child of a process that has used Typst deadlocks), and each sets Django up itself.
"""

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.db import connections
from django.test import RequestFactory

from annual_review.public import selectors, twins, views

CHUNK = 2000


@dataclass
class Written:
    files: int = 0
    bytes: int = 0
    urls: list[str] = field(default_factory=list)

    def add(self, other: "Written") -> None:
        self.files += other.files
        self.bytes += other.bytes
        self.urls.extend(other.urls)


def decision_ids() -> list[int]:
    """Every published decision's id, in reference order."""
    published = selectors._published_decisions().order_by("reference")
    return list(published.values_list("id", flat=True))


def decision_pages_write(*, directory: Path, ids: Sequence[int]) -> Written:
    """Write `decisions/<reference>/index.html` and `decisions/<reference>.json` for `ids`."""
    factory = RequestFactory()
    written = Written()
    for start in range(0, len(ids), CHUNK):
        for page in selectors.decision_pages_build(ids=ids[start : start + CHUNK]):
            reference = page.decision.reference
            url = f"/decisions/{quote(reference)}/"
            html = views.decision_page_render(factory.get(url), page).content
            data = twins.twin_json(page=page, address=f"/decisions/{reference}/")
            folder = directory / "decisions" / reference
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_bytes(html)
            (directory / "decisions" / f"{reference}.json").write_bytes(data)
            written.files += 2
            written.bytes += len(html) + len(data)
            written.urls.append(url)
    return written


def _worker_start() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    django.setup()


def decisions_export(
    *, directory: Path, processes: int = 1, progress: Callable[[int, int], None] | None = None
) -> Written:
    """Every published decision's page and twin; `processes` > 1 renders on spawned workers.

    Workers open the database named by the settings, so several processes are for the command
    line only (a test's database is not visible to them).
    """
    ids = decision_ids()
    total = Written()
    if processes <= 1 or len(ids) < CHUNK:
        for start in range(0, len(ids), CHUNK * 5):
            total.add(decision_pages_write(directory=directory, ids=ids[start : start + CHUNK * 5]))
            if progress:
                progress(len(total.urls), len(ids))
        return total
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_worker_start) as pool:
        futures = [
            pool.submit(decision_pages_write, directory=directory, ids=ids[i : i + CHUNK])
            for i in range(0, len(ids), CHUNK)
        ]
        for future in as_completed(futures):
            total.add(future.result())
            if progress:
                progress(len(total.urls), len(ids))
    total.urls.sort()
    return total
