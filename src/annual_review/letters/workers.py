"""The worker side of a batch: render one letter's files and describe them for the manifest.

Workers are spawned, not forked (a forked child of a process that has used Typst deadlocks in
Typst's thread pool), so this module must import without Django's apps being ready: it uses
only the Letter and the renderers, never a model.
"""

import hashlib
import os
import signal
from pathlib import Path
from typing import Any

from annual_review.letters.letter import Letter
from annual_review.letters.render import letter_render_html, letter_render_pdf


def file_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def manifest_entry(letter: Letter, file_format: str, content: bytes) -> dict[str, Any]:
    return {
        "file": f"{letter.file_stem}.{file_format}",
        "organisation": {
            "code": letter.organisation_code,
            "gss_code": letter.gss_code,
            "name": letter.organisation_name,
        },
        "year": letter.year,
        "format": file_format,
        "sha256": file_sha256(content),
        "bytes": len(content),
        "template_version": letter.template_version,
        "statistics_sha256": letter.statistics_sha256,
        "letter_sha256": letter.sha256,
    }


def write_atomically(path: Path, content: bytes) -> None:
    # A file is either absent or complete: an interrupted run never leaves half a letter.
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def _render(letter: Letter, file_format: str) -> bytes:
    if file_format == "pdf":
        return letter_render_pdf(letter=letter)
    return letter_render_html(letter=letter, standalone=True).encode("utf-8")


def render_job(job: tuple[Letter, tuple[str, ...], str]) -> list[dict[str, Any]]:
    """Render one letter in the given formats into the folder; returns its manifest entries."""
    letter, file_formats, folder = job
    entries = []
    for file_format in file_formats:
        content = _render(letter, file_format)
        write_atomically(Path(folder) / f"{letter.file_stem}.{file_format}", content)
        entries.append(manifest_entry(letter, file_format, content))
    return entries


def render_jobs(jobs: list[tuple[Letter, tuple[str, ...], str]]) -> list[dict[str, Any]]:
    """Render a few letters (one task for a worker)."""
    return [entry for job in jobs for entry in render_job(job)]


def worker_start() -> None:
    # Ctrl-C is for the parent, which stops the batch and saves the manifest; a worker finishes
    # the letter in hand instead of dying with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A spawned worker starts from nothing: it needs Django's settings and templates to render.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    import django

    django.setup()


def worker_ready() -> None:
    """A task that only makes the executor start a worker (its initializer does the work)."""
