"""letters_write and a full disk: half-written files do not outlive the run that can clean them."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annual_review.letters import workers
from annual_review.letters.batch import letters_write
from annual_review.register.models import Organisation
from annual_review.statistics.selectors import statistics_compute

pytestmark = pytest.mark.django_db


def _write_until_full(self: Path, content: bytes) -> int:
    """Path.write_bytes on a disk that fills half-way through the file."""
    with self.open("wb") as handle:
        handle.write(content[: len(content) // 2])
    raise OSError(errno.ENOSPC, "No space left on device", str(self))


def test_a_full_disk_leaves_no_partial_file_and_a_rerun_completes(tmp_path, monkeypatch):
    """The disk fills while a letter is written: the run fails, and no .partial file is left
    behind by it; a rerun with space again writes every letter and leaves none either."""
    organisations = list(Organisation.objects.filter(code__in=["BRM", "HPL"]))
    with monkeypatch.context() as patched:
        patched.setattr(workers.Path, "write_bytes", _write_until_full)
        with pytest.raises(OSError, match="No space left"):
            letters_write(
                year="2023-24",
                folder=tmp_path,
                organisations=organisations,
                formats=["html"],
                stats=statistics_compute(year="2023-24"),
            )
    assert list(tmp_path.glob(".*.partial")) == []
    report = letters_write(
        year="2023-24",
        folder=tmp_path,
        organisations=organisations,
        formats=["html"],
        stats=statistics_compute(year="2023-24"),
    )
    assert report.written == 2
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html", ".html", ".json"]


def test_a_rerun_removes_partial_files_of_a_dead_run_but_not_of_a_running_one(tmp_path):
    """A run killed mid-write left .partial files: the next run removes them; a partial file
    whose writer is still running (another run in the same folder) is left alone."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".E07000234-bromsgrove.html.{dead.pid}.partial"
    stale.write_bytes(b"<html>half")
    running = tmp_path / f".E06000001-hartlepool.html.{os.getppid()}.partial"
    running.write_bytes(b"<html>half")
    letters_write(
        year="2023-24",
        folder=tmp_path,
        organisations=list(Organisation.objects.filter(code="BRM")),
        formats=["html"],
        stats=statistics_compute(year="2023-24"),
    )
    assert not stale.exists()
    assert running.exists()
    assert (tmp_path / "E07000234-bromsgrove.html").is_file()
