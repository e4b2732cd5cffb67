"""Benchmark: one reporting year's statistics for every organisation (target: 0.5 s or less).

Run after `benchmarks/imports.py --keep` has filled a database with generated decisions:

    .venv/bin/python benchmarks/statistics.py --data-dir /tmp/bench        # SQLite
    .venv/bin/python benchmarks/statistics.py --database-url postgres://annual_review:annual_review@127.0.0.1:5432/annual_review_bench

Times `statistics_compute(year=...)` (every query and every calculation, groups included) a few
times and prints the best and the median, with how many decisions the year holds.
"""

import sys
from pathlib import Path

# This folder holds a script named statistics.py: keep it from hiding the standard library's
# `statistics` module (which Django's SQLite backend imports) when a script here is run.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", default="2023-24")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in --data-dir)")
    parser.add_argument("--data-dir", type=Path, help="folder of the SQLite file")
    parser.add_argument("--method", choices=["mean", "pooled"], default="mean")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        if not args.data_dir:
            parser.error("give --data-dir (the folder benchmarks/imports.py --keep used)")
    if args.data_dir:
        os.environ["ANNUAL_REVIEW_DATA_DIR"] = str(args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    import django

    django.setup()
    from django.db import connection

    from annual_review.casework.models import Decision
    from annual_review.statistics.selectors import statistics_compute
    from annual_review.years.periods import period_parse

    period = period_parse(args.year)
    in_year = Decision.objects.filter(decision_date__range=(period.start, period.end)).count()
    total = Decision.objects.count()
    timings: list[float] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = statistics_compute(year=period, method=args.method)
        timings.append(time.perf_counter() - started)
    print(
        f"{connection.vendor}: statistics_compute({args.year}) over {total:,} decisions "
        f"({in_year:,} in the year, {len(result.organisations)} organisations): "
        f"best {min(timings):.3f} s, median {statistics.median(timings):.3f} s"
    )


if __name__ == "__main__":
    main()
