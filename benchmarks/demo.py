"""Benchmark: the one-command demo build and the benchmark decisions generator (target: 2 minutes).

    .venv/bin/python benchmarks/demo.py              # SQLite in a temporary folder
    .venv/bin/python benchmarks/demo.py --rows 1000000

Runs `annual-review demo --no-serve --fresh` in a new data folder (the whole pipeline: migrate,
register, generate, import, publish, statistics, letters when installed), then
`annual-review generate decisions --count ROWS`, and prints the wall-clock time of each.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANNUAL_REVIEW = Path(sys.executable).with_name("annual-review")


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="annual-review-demo-") as folder:
        env = {**os.environ, "ANNUAL_REVIEW_DATA_DIR": folder}
        env.pop("DATABASE_URL", None)
        build = timed([str(ANNUAL_REVIEW), "demo", "--no-serve", "--fresh"], env)
        out = Path(folder) / "benchmark-decisions.csv"
        generate = timed(
            [
                str(ANNUAL_REVIEW),
                "generate",
                "decisions",
                "--count",
                str(args.rows),
                "--out",
                str(out),
            ],
            env,
        )
        size = out.stat().st_size / 1e6
    print(f"demo build (--no-serve --fresh): {build:.1f} s")
    print(f"generate decisions --count {args.rows:,}: {generate:.1f} s ({size:.0f} MB)")


if __name__ == "__main__":
    main()
