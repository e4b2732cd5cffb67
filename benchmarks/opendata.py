"""Benchmark the API, the downloads and the data part of `annual-review export-site`.

Run against a database that holds published years (the demo: `annual-review demo --no-serve`):

    ANNUAL_REVIEW_DATA_DIR=/tmp/demo .venv/bin/python -P benchmarks/opendata.py

Measures, in process through Django's test client (server time without the network):
  1. each API address: the first request (cold: the year's statistics computed) and then the
     median of 20 warm requests;
  2. each download of the newest published year: cold build time, warm time and size;
  3. `export-site` of the API's JSON and every published year's downloads into a new folder.

(-P keeps benchmarks/ off sys.path: a benchmark script there is named statistics.py.)
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from annual_review.opendata.builders import DOWNLOADS  # noqa: E402
from annual_review.opendata.services import site_export  # noqa: E402
from annual_review.web.caching import caches_clear  # noqa: E402
from annual_review.years.models import ReportingYear  # noqa: E402

WARM_REQUESTS = 20


def _timed(client: Client, url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    response = client.get(url)
    return (time.perf_counter() - started) * 1000, response.status_code, len(response.content)


def main() -> None:
    year = ReportingYear.objects.published().first()
    if year is None:
        raise SystemExit("No published year: build the demo first (annual-review demo --no-serve).")
    label = year.label
    client = Client()
    urls = [
        "/api/v1/organisations.json",
        "/api/v1/organisations/BRM.json",
        "/api/v1/years.json",
        f"/api/v1/years/{label}/statistics.json",
        f"/api/v1/years/{label}/statistics/BRM.json",
        f"/api/v1/years/{label}/letters.json",
        "/api/v1/decisions.json",
        f"/api/v1/decisions.json?year={label}&organisation=BRM",
        "/api/v1/decisions.json?q=housing%20duty",
    ]
    client.get("/api/v1/years.json")  # the process's first request loads the URLconf and apps
    print(f"API ({label}), ms: cold, warm median of {WARM_REQUESTS}; size")
    for url in urls:
        caches_clear()
        cold, status, size = _timed(client, url)
        warm = statistics.median(_timed(client, url)[0] for _ in range(WARM_REQUESTS))
        print(f"  {cold:8.1f} {warm:8.1f}  {size / 1000:8.1f} KB  {status} {url}")

    print(f"Downloads ({label}), ms: cold build, warm; size")
    for download in DOWNLOADS:
        url = f"/downloads/{label}/{download.name}"
        caches_clear()
        cold, status, size = _timed(client, url)
        warm = statistics.median(_timed(client, url)[0] for _ in range(WARM_REQUESTS))
        print(f"  {cold:8.1f} {warm:8.1f}  {size / 1_000_000:8.2f} MB  {status} {url}")

    caches_clear()
    with tempfile.TemporaryDirectory() as folder:
        report = site_export(directory=Path(folder) / "site", made_at=timezone.now())
    print(
        f"export-site (API JSON and downloads, {len(report.years)} years): {report.files:,} files, "
        f"{report.bytes / 1_000_000:.1f} MB in {report.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
