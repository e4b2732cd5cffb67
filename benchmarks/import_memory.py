"""Benchmark: peak memory (max RSS) and wall time of `annual-review import` on large files.

    .venv/bin/python benchmarks/import_memory.py --data-dir /tmp/imp-bench
    .venv/bin/python benchmarks/import_memory.py --data-dir /tmp/imp-bench-main \\
        --annual-review /work/main/.venv/bin/annual-review      # the same on another checkout

Each case runs the command in a fresh process on a fresh copy of a database that holds only the
register (made once with `annual-review setup`), and reads the peak resident memory of that
process and its children (the spawned checking process of a large committed file) from
`getrusage(RUSAGE_CHILDREN)` in a wrapper process of its own. Cases: a dry run of 1,000,000
decision rows (every row checked, nothing written), their first import (`--commit` into an
empty table, streamed), a re-import of the same file (all unchanged), and a dry run of an XLSX
workbook of about 100 MB. The files are made once, in the data folder, by the demo's generator
(`annual-review generate decisions`, every row with a summary) and, for the workbook, openpyxl's
write-only mode from the CSV's first rows.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
tail = (result.stdout + result.stderr).strip().splitlines()[-1:] or [""]
print(f"{result.returncode}\\t{elapsed:.1f}\\t{peak}\\t{tail[0][:200]}")
"""


def _run(command: list[str], env: dict[str, str]) -> tuple[int, float, int, str]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    code, elapsed, peak, tail = out.split("\t", 3)
    return int(code), float(elapsed), int(peak), tail


def xlsx_write(source: Path, target: Path, *, megabytes: int) -> int:
    """Copy the CSV's first rows into a workbook until it is about `megabytes` big."""
    from openpyxl import Workbook

    # Measured: a row of the demo's decisions takes about 75 packed bytes (51 MB, 699,050 rows).
    rows_wanted = megabytes * 1024**2 // 75
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Decisions")
    with source.open(newline="", encoding="utf-8") as handle:
        for count, row in enumerate(csv.reader(handle)):
            if count > rows_wanted:
                break
            sheet.append(row)
    book.save(target)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument(
        "--annual-review",
        default=str(Path(sys.executable).with_name("annual-review")),
        help="the command measured (default: this virtualenv's)",
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-mb", type=int, default=100)
    parser.add_argument("--cases", default="check,commit,reimport,xlsx")
    args = parser.parse_args()
    data = args.data_dir.resolve()
    data.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [args.annual_review]

    template = data / "template"
    if not (template / "annual-review.sqlite3").exists():
        template.mkdir(exist_ok=True)
        subprocess.run(
            [*command, "setup"],
            env={**env, "ANNUAL_REVIEW_DATA_DIR": str(template)},
            check=True,
            capture_output=True,
        )
    source = data / f"decisions-{args.rows}.csv"
    if not source.exists():
        subprocess.run(
            [*command, "generate", "decisions", "--count", str(args.rows), "--out", str(source)],
            env={**env, "ANNUAL_REVIEW_DATA_DIR": str(template)},
            check=True,
        )
    workbook = data / f"decisions-{args.xlsx_mb}mb.xlsx"
    cases = args.cases.split(",")
    if "xlsx" in cases and not workbook.exists():
        written = xlsx_write(source, workbook, megabytes=args.xlsx_mb)
        print(f"wrote {workbook.name}: {written:,} rows, {workbook.stat().st_size / 1e6:.0f} MB")

    print(f"measuring {args.annual_review}; load average {os.getloadavg()[0]:.1f}")
    runs = {
        "check": [(source, [])],
        "commit": [(source, ["--commit"])],
        "reimport": [(source, ["--commit"]), (source, ["--commit"])],
        "xlsx": [(workbook, [])],
    }
    for case in cases:
        work = data / f"run-{case}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(template, work)
        run_env = {**env, "ANNUAL_REVIEW_DATA_DIR": str(work)}
        for path, flags in runs[case]:
            started = time.strftime("%H:%M:%S")
            code, elapsed, peak, tail = _run(
                [*command, "import", "decisions", str(path), *flags], run_env
            )
        print(
            f"{case}: {path.name} {' '.join(flags) or '(dry run)'}: exit {code}, {elapsed:.1f} s, "
            f"max RSS {peak:,} MB (started {started}, load {os.getloadavg()[0]:.1f}): {tail}"
        )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
