"""Benchmark: what one council page costs the static export (issue 17), data and template apart.

    ANNUAL_REVIEW_DATA_DIR=/tmp/pages-demo .venv/bin/python -P benchmarks/council_pages.py \\
        [--pages 48] [--units] [--json out.json] [--out DIR]

On a demo database (`annual-review demo --no-serve`), renders a fixed sample of council pages
(`/councils/<slug>/<year>/`) through the function the export writes them with
(`opendata.workers.addresses_write`, the test client against the site's URLconf), into a
scratch folder. The sample takes councils of every comparison group in every published year,
the same ones for the same data whatever the code. A few other pages (one a year) are rendered
first and not counted, so the year-wide shared values are warm, as in an export worker after
its first tasks.

For each page: CPU seconds of this process, queries, and of those the page's data
(`council_page_build`, timed by wrapping the view's call of it) against the rest (template,
response, file write). With --units, then each sampled council year's whole export unit, as a
worker renders it (its page again, twins, decisions CSV, letter and for the latest year the
council's own page and twin first), and apart the first letter page of each year, which
builds all the year's letters once per process. CPU time
and queries do not depend on the machine's load; the load average is printed beside them.
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def _sample(pages: int) -> list[tuple[str, str]]:
    """(slug, year) pairs: round robin over (year, group), the k-th council of each by slug."""
    from annual_review.public.published import councils_by_id, published_years, year_statistics

    councils = councils_by_id()
    cells: dict[tuple[str, str], list[str]] = {}
    for year in published_years():
        for row in year_statistics(year).organisations:
            council = councils[row.organisation_id]
            cells.setdefault((year, council.comparison_group or "-"), []).append(council.slug)
    for slugs in cells.values():
        slugs.sort()
    chosen: list[tuple[str, str]] = []
    rank = 0
    while len(chosen) < pages and any(rank < len(s) for s in cells.values()):
        for (year, _group), slugs in sorted(cells.items()):
            # Spread over the alphabet: the 1st, then one a third of the way in, and so on.
            index = (rank * (len(slugs) // 3 + 1)) % len(slugs) if rank else 0
            if rank < len(slugs) and (slugs[index], year) not in chosen:
                chosen.append((slugs[index], year))
            if len(chosen) == pages:
                break
        rank += 1
    return chosen


def _kind(url: str, slug: str, year: str) -> str:
    """Which of a unit's addresses `url` is, for the breakdown."""
    kinds = {
        f"/councils/{slug}/{year}/": "year's page",
        f"/councils/{slug}/": "latest page",
        f"/councils/{slug}.json": "latest page's twin",
        f"/councils/{slug}/{year}.json": "year's twin",
        f"/councils/{slug}/{year}/decisions.csv": "decisions CSV",
        f"/councils/{slug}/{year}/letter/": "letter page",
        f"/councils/{slug}/{year}/letter.pdf": "letter PDF",
    }
    return kinds.get(url, "other")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=48)
    parser.add_argument("--units", action="store_true", help="also each sampled unit in full")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument(
        "--out", type=Path, help="keep the rendered files here (to compare two versions' output)"
    )
    options = parser.parse_args()

    from django.core.cache import caches
    from django.db import connection

    from annual_review.opendata import workers
    from annual_review.public import views
    from annual_review.public.published import published_years

    built: dict[str, float] = {"cpu": 0.0, "queries": 0}
    executed = [0]
    # The view's call of the page's data (`council_page_get` since issue 17, which keeps the
    # page for its twin; `council_page_build` before).
    name = "council_page_get" if hasattr(views, "council_page_get") else "council_page_build"
    original = getattr(views, name)

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed[0] += 1
        return execute(sql, params, many, context)

    def timed(**kwargs: Any) -> Any:
        cpu, before = time.process_time(), executed[0]
        try:
            return original(**kwargs)
        finally:
            built["cpu"] += time.process_time() - cpu
            built["queries"] += executed[0] - before

    setattr(views, name, timed)
    years = published_years()
    sample = _sample(options.pages)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    by_kind: dict[str, list[tuple[float, int]]] = {}
    first_letters: list[float] = []
    with tempfile.TemporaryDirectory() as scratch, connection.execute_wrapper(counted):
        directory = options.out or Path(scratch)
        sampled = {slug for slug, _ in sample}
        from annual_review.public.published import councils_by_id, year_statistics

        councils = councils_by_id()
        for year in years:  # warm-up: one page a year outside the sample, not counted
            slug = next(
                councils[r.organisation_id].slug
                for r in year_statistics(year).organisations
                if councils[r.organisation_id].slug not in sampled
            )
            workers.addresses_write(directory=directory, urls=[f"/councils/{slug}/{year}/"])
        for slug, year in sample:
            built["cpu"], built["queries"] = 0.0, 0
            cpu, before = time.process_time(), executed[0]
            workers.addresses_write(directory=directory, urls=[f"/councils/{slug}/{year}/"])
            total_cpu = time.process_time() - cpu
            rows.append(
                {
                    "page": f"{slug}/{year}",
                    "cpu_s": total_cpu,
                    "queries": executed[0] - before,
                    "data_cpu_s": built["cpu"],
                    "data_queries": built["queries"],
                }
            )
        if options.units:
            every = workers.council_units(years=years)
            # A year's first letter page builds every letter of the year (once per worker and
            # year): timed apart, outside the sample, so the units below are each one's own.
            for year in years:
                letter = next(
                    url
                    for (slug, unit_year), urls in sorted(every.items())
                    if unit_year == year and slug not in sampled
                    for url in urls
                    if url.endswith("/letter/")
                )
                cpu = time.process_time()
                workers.addresses_write(directory=directory, urls=[letter])
                first_letters.append(time.process_time() - cpu)
            # The stored pages go (the values every page shares stay in this process), so each
            # unit is rendered whole, in the export's order, as a worker's task renders it.
            caches["default"].clear()
            for slug, year in sample:
                urls = every[(slug, year)]
                unit: dict[str, Any] = {"unit": f"{slug}/{year}", "cpu_s": 0.0, "queries": 0}
                for url in urls:
                    cpu, before = time.process_time(), executed[0]
                    workers.addresses_write(directory=directory, urls=[url])
                    spent, asked = time.process_time() - cpu, executed[0] - before
                    unit["cpu_s"] += spent
                    unit["queries"] += asked
                    kind = _kind(url, slug, year)
                    by_kind.setdefault(kind, []).append((spent, asked))
                units.append(unit)
    setattr(views, name, original)

    def mean(key: str, found: list[dict[str, Any]]) -> float:
        return statistics.fmean(r[key] for r in found)

    summary = {
        "pages": len(rows),
        "published_years": len(years),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "wall_s": round(time.perf_counter() - started, 1),
        "cpu_s_per_page": round(mean("cpu_s", rows), 4),
        "cpu_s_per_page_median": round(statistics.median(r["cpu_s"] for r in rows), 4),
        "data_cpu_s_per_page": round(mean("data_cpu_s", rows), 4),
        "rest_cpu_s_per_page": round(mean("cpu_s", rows) - mean("data_cpu_s", rows), 4),
        "queries_per_page": round(mean("queries", rows), 1),
        "queries_max": max(r["queries"] for r in rows),
        "data_queries_per_page": round(mean("data_queries", rows), 1),
    }
    if units:
        summary["first_letter_page_of_a_year_cpu_s"] = round(statistics.fmean(first_letters), 3)
        summary["unit_cpu_s"] = round(mean("cpu_s", units), 4)
        summary["unit_queries"] = round(mean("queries", units), 1)
        for kind, found in sorted(by_kind.items()):
            cpu_mean = statistics.fmean(c for c, _ in found)
            queries_mean = statistics.fmean(q for _, q in found)
            summary[f"{kind} ({len(found)})"] = f"{cpu_mean:.4f} s, {queries_mean:.1f} queries"
    for key, value in summary.items():
        print(f"{key:>28}: {value}")
    if options.json:
        options.json.write_text(json.dumps({"summary": summary, "pages": rows, "units": units}))


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    django.setup()
    main()
