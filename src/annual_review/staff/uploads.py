"""Uploaded files kept for the task worker, so that what is imported is what was checked."""

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from annual_review.imports.jobs import STAGED_MAX_AGE


@dataclass(frozen=True)
class StagedUpload:
    path: Path
    name: str
    kind: str
    year: int | None


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_stage(*, upload: UploadedFile, kind: str, year: int | None) -> StagedUpload:
    """Keep an uploaded file under a random name (its job names it); older ones are removed.

    A partly written file (a full disk) is removed before the OSError goes on.
    """
    folder = _folder()
    cutoff = time.time() - STAGED_MAX_AGE.total_seconds()
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        except FileNotFoundError:  # removed meanwhile by a finishing job
            continue
    stored = folder / f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()[:10]}"
    try:
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    except OSError:
        stored.unlink(missing_ok=True)
        raise
    return StagedUpload(path=stored, name=upload.name or stored.name, kind=kind, year=year)
