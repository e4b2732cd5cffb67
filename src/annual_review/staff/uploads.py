"""Uploaded files kept between "check" and "import", so what is imported is what was checked."""

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile

STAGE_SALT = "annual_review.staff.upload"
STAGE_MAX_AGE = 24 * 3600  # seconds a checked upload waits to be imported
STAGE_GONE = "That checked file is no longer available; upload it again."


@dataclass(frozen=True)
class StagedUpload:
    path: Path
    name: str
    kind: str
    year: int | None
    token: str


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_stage(*, upload: UploadedFile, kind: str, year: int | None) -> StagedUpload:
    """Keep an uploaded file under a random name; the signed token is the only way back to it."""
    folder = _folder()
    cutoff = time.time() - STAGE_MAX_AGE
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    stored = folder / f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()}"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    name = upload.name or stored.name
    token = signing.dumps(
        {"file": stored.name, "name": name, "kind": kind, "year": year}, salt=STAGE_SALT
    )
    return StagedUpload(path=stored, name=name, kind=kind, year=year, token=token)


def upload_staged(*, token: str) -> StagedUpload:
    """The staged upload a token names; ValueError(STAGE_GONE) if expired, forged or deleted."""
    try:
        found = signing.loads(token, salt=STAGE_SALT, max_age=STAGE_MAX_AGE)
    except signing.BadSignature as bad:
        raise ValueError(STAGE_GONE) from bad
    path = _folder() / Path(str(found["file"])).name
    if not path.is_file():
        raise ValueError(STAGE_GONE)
    return StagedUpload(
        path=path, name=found["name"], kind=found["kind"], year=found["year"], token=token
    )
