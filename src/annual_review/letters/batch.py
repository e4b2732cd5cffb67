"""Writing a year's letters to a folder, on every core, with a manifest; a rerun finishes the rest.

Letters are built in the calling process (one pass over the database) and rendered by worker
processes (workers.py) that never touch the database.
"""

import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from annual_review.letters.letter import Letter
from annual_review.letters.render import TEMPLATE_VERSION
from annual_review.letters.selectors import letters_build
from annual_review.letters.workers import (
    file_sha256,
    render_job,
    render_jobs,
    worker_ready,
    worker_start,
    write_atomically,
)
from annual_review.register.models import Organisation
from annual_review.statistics.selectors import YearStatistics
from annual_review.years.periods import ReportingPeriod, period_parse

MANIFEST_NAME = "manifest.json"
FORMATS = ("pdf", "html")
UNKNOWN_FORMAT = "Unknown letter format {value!r}: choose from {choices}."
OTHER_YEAR = (
    "{folder} holds letters for {found}, not {year}: write each year's letters to its own folder."
)
# Below this many letters, starting worker processes costs more than it saves.
PARALLEL_FROM = 8
MANIFEST_EVERY_SECONDS = 2.0
CHUNK = 4  # letters a worker renders per task


@dataclass(frozen=True)
class LettersWriteReport:
    year: str
    folder: Path
    written: int
    kept: int
    files: int
    processes: int
    seconds: float


def formats_parse(value: str | Sequence[str]) -> tuple[str, ...]:
    """ "pdf,html" -> ("pdf", "html"), in a fixed order, refusing unknown formats."""
    names = value.split(",") if isinstance(value, str) else list(value)
    chosen = {n.strip().lower() for n in names if n.strip()}
    unknown = chosen - set(FORMATS)
    if unknown or not chosen:
        raise ValueError(
            UNKNOWN_FORMAT.format(value=",".join(sorted(unknown)) or "", choices=", ".join(FORMATS))
        )
    return tuple(f for f in FORMATS if f in chosen)


def _manifest_read(folder: Path, year: str) -> dict[str, dict[str, Any]]:
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text("utf-8"))
        entries = manifest["files"]
    except (ValueError, KeyError, TypeError):
        return {}  # an unreadable manifest vouches for nothing: every file is made again
    if manifest.get("year") not in (None, year):
        raise ValueError(OTHER_YEAR.format(folder=folder, found=manifest.get("year"), year=year))
    return {
        e["file"]: e
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("file"), str) and (folder / e["file"]).is_file()
    }


def _manifest_write(folder: Path, year: str, entries: dict[str, dict[str, Any]]) -> None:
    manifest = {
        "year": year,
        "template_version": TEMPLATE_VERSION,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": [entries[name] for name in sorted(entries)],
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    write_atomically(folder / MANIFEST_NAME, text.encode("utf-8"))


def _still_valid(folder: Path, entry: dict[str, Any] | None, letter: Letter) -> bool:
    """A file is kept only if the manifest vouches for it and it is what this run would make."""
    return _vouched_content(folder, entry, letter) is not None


def _vouched_content(folder: Path, entry: dict[str, Any] | None, letter: Letter) -> bytes | None:
    """The file's bytes, if the manifest entry vouches for it as a rendering of `letter`."""
    if entry is None:
        return None
    if (
        entry.get("template_version") != letter.template_version
        or entry.get("letter_sha256") != letter.sha256
    ):
        return None
    path = folder / entry["file"]
    try:
        if path.stat().st_size != entry.get("bytes"):
            return None
        content = path.read_bytes()
    except OSError:
        return None
    return content if file_sha256(content) == entry.get("sha256") else None


# What `write_atomically` (workers.py) names a file while it is being written.
_PARTIAL = re.compile(r"^\..+\.(\d+)\.partial$")


def _writer_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def _partials_remove(folder: Path) -> None:
    """Remove half-written files (a full disk, a killed worker) whose writer is gone.

    A partial file of a process still running (another run writing to the folder) is left to it;
    this run's own are removed, as it writes nothing more when this is called.
    """
    for path in folder.glob(".*.partial"):
        match = _PARTIAL.match(path.name)
        if match is None:
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or not _writer_alive(pid):
            path.unlink(missing_ok=True)


# Manifests read by `letter_file_read`, by folder, with the manifest's size and time of change.
_manifests: dict[Path, tuple[tuple[int, int], dict[str, dict[str, Any]]]] = {}


def letter_file_read(*, folder: Path, letter: Letter, file_format: str) -> bytes | None:
    """A letter already written to `folder` by `letters_write`, or None.

    The file is used only if the folder's manifest vouches for it as this very letter (same
    letter checksum and template version) and its bytes still match the manifest's checksum;
    so a reader gets what rendering the letter now would give, without rendering it again.
    """
    try:
        stat = (folder / MANIFEST_NAME).stat()
    except OSError:
        return None
    stamp = (stat.st_size, stat.st_mtime_ns)
    cached = _manifests.get(folder)
    if cached is None or cached[0] != stamp:
        try:
            entries = _manifest_read(folder, letter.year)
        except ValueError:
            entries = {}  # another year's folder vouches for nothing here
        cached = _manifests[folder] = (stamp, entries)
    return _vouched_content(folder, cached[1].get(f"{letter.file_stem}.{file_format}"), letter)


def letters_write(
    *,
    year: str | ReportingPeriod,
    folder: Path,
    organisations: Sequence[Organisation] | None = None,
    formats: Sequence[str] = FORMATS,
    processes: int | None = None,
    letter_date: date | None = None,
    stats: YearStatistics,
    progress: Callable[[int, int], None] | None = None,
) -> LettersWriteReport:
    """Write the letters (default: every organisation's) as files named from the GSS code,
    from the year's figures `stats` (the caller's choice: the workflow's `letters_figures`).

    Files already in the folder that the manifest vouches for, unchanged and made from the same
    letter and template, are kept; the rest are rendered on `processes` worker processes (every
    core by default). The manifest is saved every few seconds and on interruption.
    """
    started = time.perf_counter()
    period = period_parse(year) if isinstance(year, str) else year
    chosen_formats = formats_parse(formats)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _manifest_read(folder, period.label)
    expected = len(organisations) if organisations is not None else len(stats.organisations)
    workers = max(1, min(processes or os.cpu_count() or 1, expected))
    if expected < PARALLEL_FROM:
        workers = 1
    executor = None
    if workers > 1:
        # Workers take a moment to start (Python, Django, Typst): start them now, so that they
        # get ready while the letters are built here. An executor, not a Pool: a worker that
        # fails to start breaks the batch with an error instead of being restarted for ever.
        executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=worker_start
        )
        for _ in range(workers):
            executor.submit(worker_ready)
    written = 0
    try:
        letters = letters_build(
            year=period, organisations=organisations, stats=stats, letter_date=letter_date
        )
        jobs: list[tuple[Letter, tuple[str, ...], str]] = []
        kept = 0
        for letter in letters:
            missing = []
            for file_format in chosen_formats:
                name = f"{letter.file_stem}.{file_format}"
                if _still_valid(folder, manifest.get(name), letter):
                    kept += 1
                else:
                    manifest.pop(name, None)
                    missing.append(file_format)
            if missing:
                jobs.append((letter, tuple(missing), str(folder)))

        total = sum(len(job[1]) for job in jobs)
        last_saved = time.monotonic()

        def record(entries: list[dict[str, Any]], *, report: bool = True) -> None:
            nonlocal written, last_saved
            for entry in entries:
                manifest[entry["file"]] = entry
            written += len(entries)
            if progress and report:
                progress(written, total)
            if time.monotonic() - last_saved > MANIFEST_EVERY_SECONDS:
                _manifest_write(folder, period.label, manifest)
                last_saved = time.monotonic()

        if executor is None or len(jobs) < PARALLEL_FROM:
            workers = 1
            for job in jobs:
                record(render_job(job))
        else:
            # Small chunks keep every core busy to the end and the progress smooth.
            chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
            pending = {executor.submit(render_jobs, chunk) for chunk in chunks}
            try:
                for future in as_completed(pending):
                    pending.discard(future)
                    record(future.result())
            finally:
                # Interrupted: let the chunks in hand finish and record them, cancel the rest.
                executor.shutdown(wait=True, cancel_futures=True)
                for future in pending:
                    if future.done() and not future.cancelled() and future.exception() is None:
                        record(future.result(), report=False)
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        # On success, error or Ctrl-C alike: what was finished is recorded and will be kept,
        # and what was half-written (by this run, or by an earlier one that died) is removed.
        try:
            _manifest_write(folder, period.label, manifest)
        finally:
            _partials_remove(folder)

    return LettersWriteReport(
        year=period.label,
        folder=folder,
        written=written,
        kept=kept,
        files=len(manifest),
        processes=workers,
        seconds=time.perf_counter() - started,
    )
