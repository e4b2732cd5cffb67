"""Benchmark: every council's annual review letter for a year, PDF and HTML (target: 5 s or less).

    .venv/bin/python benchmarks/letters.py --data-dir /tmp/bench-letters          # SQLite
    .venv/bin/python benchmarks/letters.py --data-dir /tmp/bench-letters-pg \
        --database-url postgres://annual_review:annual_review@127.0.0.1:5432/annual_review_bench

Fills the database with the demonstration dataset for the year if it holds no decisions (not
timed), then times `annual-review letters YEAR --out NEW_FOLDER` end to end (statistics, building
every letter, rendering PDF and HTML on every core, manifest) a few times into new folders, and
once more into a finished folder (everything kept). Prints wall time, the CPU time of this
process and of its workers, the load average, and where a single letter's time goes.
"""

import sys
from pathlib import Path

# This folder holds a script named statistics.py: keep it from hiding the standard library's.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from io import StringIO  # noqa: E402


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", default="2023-24")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, help="worker processes (default: every core)")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in --data-dir)")
    parser.add_argument("--data-dir", type=Path, required=True, help="folder for the database")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ANNUAL_REVIEW_DATA_DIR"] = str(args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from annual_review.casework.models import Decision
    from annual_review.letters.render import letter_render_html, letter_render_pdf
    from annual_review.letters.selectors import letters_build
    from annual_review.statistics.selectors import statistics_compute

    call_command("migrate", verbosity=0)
    if not Decision.objects.exists():
        from annual_review.demo.services import demo_build

        print(f"Building the demonstration dataset for {args.year} (not timed)...")
        demo_build(data_dir=args.data_dir, years=[args.year])

    extra = ["--processes", str(args.processes)] if args.processes else []
    walls: list[float] = []
    summaries = []
    with tempfile.TemporaryDirectory(prefix="letters-bench-") as scratch:
        for run in range(args.repeat):
            folder = Path(scratch) / f"run-{run}"
            load = os.getloadavg()[0]
            own, children = _cpu()
            started = time.perf_counter()
            out = StringIO()
            call_command("letters", args.year, "--out", str(folder), *extra, stdout=out)
            walls.append(time.perf_counter() - started)
            own_after, children_after = _cpu()
            files = len(list(folder.glob("*.pdf"))) + len(list(folder.glob("*.html")))
            summaries.append(
                f"run {run + 1}: {walls[-1]:.2f} s wall, CPU {own_after - own:.2f} s here + "
                f"{children_after - children:.2f} s in workers, {files} files, "
                f"load average {load:.1f} before"
            )
        started = time.perf_counter()
        out = StringIO()
        call_command("letters", args.year, "--out", str(folder), *extra, stdout=out)
        resume = time.perf_counter() - started
        resume_summary = out.getvalue().strip()

    # Where one letter's time goes, in this process alone.
    started = time.perf_counter()
    stats = statistics_compute(year=args.year)
    stats_seconds = time.perf_counter() - started
    started = time.perf_counter()
    letters = letters_build(year=args.year, stats=stats)
    build_seconds = time.perf_counter() - started
    sample = letters[:40]
    letter_render_pdf(letter=sample[0])  # the compiler's first use loads the fonts
    started = time.perf_counter()
    for letter in sample:
        letter_render_pdf(letter=letter)
    pdf_ms = (time.perf_counter() - started) / len(sample) * 1000
    started = time.perf_counter()
    for letter in sample:
        letter_render_html(letter=letter)
    html_ms = (time.perf_counter() - started) / len(sample) * 1000

    print(f"{connection.vendor}, {os.cpu_count()} cores, {len(letters)} organisations, {args.year}")
    for line in summaries:
        print("  " + line)
    print(f"  best {min(walls):.2f} s, median {statistics.median(walls):.2f} s (target 5 s)")
    print(f"  rerun into the finished folder: {resume:.2f} s ({resume_summary})")
    print(
        f"  one process: statistics {stats_seconds:.3f} s, building {len(letters)} letters "
        f"{build_seconds:.3f} s, PDF {pdf_ms:.1f} ms and HTML {html_ms:.2f} ms a letter"
    )


if __name__ == "__main__":
    main()
