"""Pagefind over one year's decisions: from the search records the export now indexes, against
from the decisions' whole pages (as before), in one run, with the load average beside each.

    ANNUAL_REVIEW_DATA_DIR=/tmp/export-demo .venv/bin/python -P benchmarks/export_search_records.py \\
        --year 2023-24 --out /tmp/export-records

(-P keeps benchmarks/ off sys.path: a benchmark script there is named statistics.py.)
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _pagefind(site: Path, output: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of one Pagefind run, and the bundle's size in bytes."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output)]
        + ["--force-language", "en"],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return wall, cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", default="2023-24")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    import django

    django.setup()
    from django.test import RequestFactory

    from annual_review.opendata import search
    from annual_review.public import views
    from annual_review.public.decision_page import decision_pages_build
    from annual_review.public.published import published_decisions

    if args.out.exists():
        shutil.rmtree(args.out)
    records, whole = args.out / "records", args.out / "pages"
    by_reference = dict(search.decision_orders().values())
    first_year = int(args.year[:4])
    found = published_decisions().filter(
        decision_date__gte=f"{first_year}-04-01", decision_date__lte=f"{first_year + 1}-03-31"
    )
    ids = list(found.values_list("id", flat=True))
    render_page = views.decision_pages_renderer(RequestFactory().get("/decisions/"))
    started = time.perf_counter()
    for start in range(0, len(ids), 2000):
        for page in decision_pages_build(ids=ids[start : start + 2000]):
            reference = page.decision.reference
            target = search.record_path(records=records, year=args.year, reference=reference)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(search.decision_record(page, order=by_reference[reference]))
            page_file = whole / "decisions" / reference / "index.html"
            page_file.parent.mkdir(parents=True, exist_ok=True)
            page_file.write_bytes(render_page(page))
    print(
        f"{len(ids):,} decisions of {args.year}: records and pages written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    for name, site in (("records", records / args.year), ("whole pages", whole)):
        load = _load()
        wall, cpu, size = _pagefind(site, args.out / f"bundle-{name.replace(' ', '-')}")
        print(
            f"Pagefind from {name}: {wall:.1f} s wall, {cpu:.1f} s CPU, bundle "
            f"{size / 1e6:.1f} MB (load before: {load})"
        )


if __name__ == "__main__":
    main()
