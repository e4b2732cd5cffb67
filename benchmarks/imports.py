"""Benchmark: import 1,000,000 generated decision rows end to end (target: 100,000 rows/s or more).

    .venv/bin/python benchmarks/imports.py                       # SQLite in a temporary folder
    .venv/bin/python benchmarks/imports.py --database-url postgres://annual_review:annual_review@127.0.0.1:5432/annual_review_bench

The database is created afresh (SQLite: a new file; PostgreSQL: the named database is dropped
and recreated), migrated and loaded with the register, then the generated CSV is imported with
`import_run(commit=True)`: reading, validating every row, planning and writing, as the CLI does
(a file this large into an empty table is read and checked by a spawned process while this one
writes it: imports/core.py and imports/spawned.py). The CPU time printed is this process's (all
of its threads) and, apart, the spawned checking process's. A second run of the same file
(nothing changes) is timed too. With --keep the database is left for `benchmarks/statistics.py`.
"""

import sys
from pathlib import Path

# This folder holds a script named statistics.py: keep it from hiding the standard library's
# `statistics` module (which Django's SQLite backend imports) when a script here is run.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import csv  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402

CATEGORIES = [
    "Adult care services",
    "Benefits and tax",
    "Corporate and other services",
    "Education and children's services",
    "Environment services, public protection and regulation",
    "Highways and transport",
    "Housing",
    "Planning and development",
    "Other",
]
# Roughly the Ombudsman's mix: most decisions are not investigated.
OUTCOMES = [
    ("upheld", 20),
    ("not_upheld", 8),
    ("closed_after_initial_enquiries", 40),
    ("referred_back_for_local_resolution", 22),
    ("advice_given", 3),
    ("incomplete_or_invalid", 7),
]


def decisions_generate(path: Path, rows: int, organisations: list[str], seed: int = 2024) -> None:
    """Write `rows` plausible decisions over five reporting years, reproducibly."""
    rng = random.Random(seed)
    outcome_names = [o for o, _ in OUTCOMES]
    weights = [w for _, w in OUTCOMES]
    first = date(2019, 4, 1)
    span = (date(2024, 3, 31) - first).days
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "reference",
                "organisation",
                "decision_date",
                "received_date",
                "category",
                "outcome",
                "satisfactory_remedy",
                "public_report",
                "summary",
            ]
        )
        outcomes = rng.choices(outcome_names, weights, k=rows)
        for number in range(rows):
            decided = first + timedelta(days=rng.randrange(span + 1))
            received = decided - timedelta(days=rng.randrange(20, 400))
            outcome = outcomes[number]
            remedy = "yes" if outcome == "upheld" and rng.random() < 0.1 else "no"
            writer.writerow(
                [
                    f"{decided.year % 100:02d}-{number:07d}",
                    rng.choice(organisations),
                    decided.isoformat(),
                    received.strftime("%d/%m/%Y"),
                    rng.choice(CATEGORIES),
                    outcome,
                    remedy,
                    "yes" if rng.random() < 0.01 else "no",
                    "",
                ]
            )


def database_prepare(url: str | None, data_dir: Path) -> None:
    """Point Django at a fresh database, migrate it and load the register."""
    os.environ["ANNUAL_REVIEW_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    if url:
        os.environ["DATABASE_URL"] = url
        _postgres_recreate(url)
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from annual_review.register.services import register_load

    register_load()


def _postgres_recreate(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the import's checking process)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in a temp folder)")
    parser.add_argument("--data-dir", type=Path, help="where the SQLite file and CSV go")
    parser.add_argument("--keep", action="store_true", help="keep the database for statistics")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the import here")
    parser.add_argument("--csv", type=Path, help="import this file instead of generating one")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="check the streamed batches in this process, without the spawned checking process",
    )
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="annual-review-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    database_prepare(args.database_url, data_dir)

    from django.db import connection

    from annual_review.casework.models import Decision
    from annual_review.imports import core
    from annual_review.imports.core import import_run
    from annual_review.register.models import Organisation

    # Name organisations as real files do: mostly GSS codes, some register codes and names.
    organisations = []
    for code, gss, name in Organisation.objects.values_list("code", "gss_code", "name"):
        organisations += [gss, gss, gss, code, name]
    path = args.csv or data_dir / f"decisions-{args.rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        decisions_generate(path, args.rows, organisations)
        print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s -> {path}")

    if args.in_process:
        core.STREAM_WORKER_MIN_BYTES = sys.maxsize
    # The machine may be shared: say how busy it was, so the figures can be read honestly.
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    report = import_run(kind="decisions", path=path, commit=True, user="benchmark")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    children = _children_cpu() - children
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    if not report.ok:
        for error in report.errors[:10]:
            print(error, file=sys.stderr)
        sys.exit(1)
    stored = Decision.objects.count()
    print(
        f"{connection.vendor}: first import of {report.rows:,} rows: {elapsed:.2f} s, "
        f"{report.rows / elapsed:,.0f} rows/s ({report.created:,} created, {stored:,} stored); "
        f"CPU time of this process {cpu:.2f} s, of the checking process {children:.2f} s"
    )

    started, cpu = time.perf_counter(), time.process_time()
    again = import_run(kind="decisions", path=path, commit=True, user="benchmark")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{connection.vendor}: re-import of the same file: {elapsed:.2f} s, "
        f"{again.rows / elapsed:,.0f} rows/s ({again.unchanged:,} unchanged); "
        f"CPU time of this process {cpu:.2f} s"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if not args.keep and not args.database_url:
        (data_dir / "annual-review.sqlite3").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
