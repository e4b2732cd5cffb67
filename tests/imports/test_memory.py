"""An import's peak memory does not grow with its file: it holds a batch of rows at a time, and
across batches only what the checks need (each reference's first row), never the file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.imports.files import DECISION_HEADER, decisions_text

# The peak is VmHWM, this process's own high-water mark (getrusage's ru_maxrss would carry the
# forking test run's). Batches of 1,000 rows and lines, so that both files span several.
MEASURE = """
import os, re, sys
from pathlib import Path
import django
django.setup()
from annual_review.imports import batched, tables
from annual_review.imports.core import import_run
batched.BATCH_ROWS = tables.SPLIT_LINES = 1000
report = import_run(kind=sys.argv[3], path=Path(sys.argv[1]), commit=sys.argv[2] == "commit")
print(report.summary())
status = Path("/proc/self/status").read_text()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)
"""


def _decisions_file(path: Path, count: int) -> Path:
    """`count` valid decisions, each with a summary of about 1,500 characters."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(DECISION_HEADER + "\n")
        for n in range(count):
            summary = f"Complaint {n} about the council's handling of a housing matter. " * 23
            handle.write(
                f"2381{n:06d},BRM,2023-06-{1 + n % 28:02d},,Housing,"
                f"{'upheld' if n % 2 else 'not_upheld'},no,no,{summary}\n"
            )
    return path


def _recommendations_file(path: Path, count: int) -> Path:
    """`count` recommendations on 500 upheld decisions, each described in about 1,500 characters."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("reference,kind,description,due_date,amount\n")
        for n in range(count):
            text = f"Recommendation {n}: review how the council handles housing repairs. " * 22
            handle.write(f"2382{n % 500:06d},service_improvement,{text},,\n")
    return path


def _peak_mb(
    database: Path, tmp_path: Path, file: Path, mode: str, kind: str = "decisions"
) -> tuple[str, int]:
    """Import `file` as `kind` (dry run or commit) in a fresh process on a copy of `database`."""
    copy = tmp_path / f"{file.stem}-{mode}.sqlite3"
    copy.write_bytes(database.read_bytes())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "annual_review.settings",
        "DATABASE_URL": f"sqlite:///{copy}",
        "ANNUAL_REVIEW_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(file), mode, kind],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    summary, peak = result.stdout.strip().splitlines()[-2:]
    return summary, int(peak)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the copy of the test database is SQLite's"
)
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_the_peak_memory_of_an_import_grows_far_less_than_its_file(tmp_path):
    """Four times the rows (18 MB more file) raise the peak of a dry run and of a commit by
    less than a third of the extra file (the keys kept across batches); reading the whole
    file at once, as imports did before, raised it by several times the extra file."""
    database = tmp_path / "register.sqlite3"
    connection.ensure_connection()
    database.write_bytes(connection.connection.serialize())  # the register, as set up
    small = _decisions_file(tmp_path / "small.csv", 4_000)
    large = _decisions_file(tmp_path / "large.csv", 16_000)
    extra_mb = (large.stat().st_size - small.stat().st_size) / 1024**2
    assert extra_mb > 15
    for mode, verb in (("check", "Would import"), ("commit", "Imported")):
        small_summary, small_peak = _peak_mb(database, tmp_path, small, mode)
        large_summary, large_peak = _peak_mb(database, tmp_path, large, mode)
        assert small_summary.startswith(f"{verb} 4000 row(s)")
        assert large_summary.startswith(f"{verb} 16000 row(s)")
        growth = large_peak - small_peak
        assert growth < extra_mb / 3, (
            f"{mode}: {small_peak} -> {large_peak} MB ({extra_mb:.0f} MB more file)"
        )


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the copy of the test database is SQLite's"
)
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_the_peak_memory_of_a_follow_up_import_grows_far_less_than_its_file(run_import, tmp_path):
    """Recommendations go through the same batches: four times the rows (18 MB more file)
    raise the peak of a dry run and of a commit by less than a third of the extra file (each
    recommendation's key is kept across batches with its description as a digest)."""
    decisions = [f"2382{n:06d},BRM,2023-06-01,,Housing,upheld,,," for n in range(500)]
    assert run_import("decisions", decisions_text(*decisions)).committed
    database = tmp_path / "decisions.sqlite3"
    database.write_bytes(connection.connection.serialize())  # the register and the decisions
    small = _recommendations_file(tmp_path / "small.csv", 4_000)
    large = _recommendations_file(tmp_path / "large.csv", 16_000)
    extra_mb = (large.stat().st_size - small.stat().st_size) / 1024**2
    assert extra_mb > 15
    for mode, verb in (("check", "Would import"), ("commit", "Imported")):
        small_summary, small_peak = _peak_mb(database, tmp_path, small, mode, "recommendations")
        large_summary, large_peak = _peak_mb(database, tmp_path, large, mode, "recommendations")
        assert small_summary.startswith(f"{verb} 4000 row(s)"), small_summary
        assert large_summary.startswith(f"{verb} 16000 row(s)"), large_summary
        growth = large_peak - small_peak
        assert growth < extra_mb / 3, (
            f"{mode}: {small_peak} -> {large_peak} MB ({extra_mb:.0f} MB more file)"
        )
