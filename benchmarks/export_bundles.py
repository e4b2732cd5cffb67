"""Each year's decisions' search bundle built alone, as the export builds it: its records from
one query (`search.decision_records`), then Pagefind; prints each year's decisions, Pagefind's
wall and CPU time, and the bundle's files and bytes, with the load average. The export's floor
for its decisions' search (Pagefind alone), without a full export.

    ANNUAL_REVIEW_DATA_DIR=/tmp/export-demo .venv/bin/python -P benchmarks/export_bundles.py \\
        --out /tmp/export-bundles
"""

import argparse
import json
import os
import resource
import shutil
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="a new folder")
    args = parser.parse_args()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    django.setup()
    from annual_review.opendata import search

    started = time.process_time()
    by_year = search.decision_records()
    print(json.dumps({"records_cpu_s": round(time.process_time() - started, 2)}), flush=True)
    for year, records in sorted(by_year.items()):
        site = args.out / "records" / year
        for reference, record in records.items():
            target = search.record_path(
                records=args.out / "records", year=year, reference=reference
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(record)
        output = args.out / "pagefind" / year
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        search.bundle_build(site=site, output=output)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        files = [p for p in output.rglob("*") if p.is_file()]
        print(
            json.dumps(
                {
                    "year": year,
                    "decisions": len(records),
                    "pagefind_wall_s": round(wall, 1),
                    "pagefind_cpu_s": round(cpu, 1),
                    "bundle_files": len(files),
                    "bundle_bytes": sum(p.stat().st_size for p in files),
                    "load_before": round(load, 2),
                }
            ),
            flush=True,
        )
        shutil.rmtree(site)


if __name__ == "__main__":
    main()
