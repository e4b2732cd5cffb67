"""The export's manifest: every file's path, size, sha256, content type and what it was built from.

`export-manifest.json` at the export's root lets a CDN or object-store sync upload only what
changed, and lets the next `export-site` into the same folder rewrite only files whose content
changed, remove what was withdrawn, and rebuild only the search bundles whose records changed.
"""

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "export-manifest.json"
MANIFEST_VERSION = 1
# What a static host should answer for the export's files (nginx's config says the same).
_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml",
    ".css": "text/css",
    ".js": "text/javascript",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".gz": "application/gzip",
}


def content_type(path: str) -> str:
    """The file's content type by its suffix; anything else (Pagefind's chunks) is bytes."""
    return _CONTENT_TYPES.get(os.path.splitext(path)[1].lower(), "application/octet-stream")


@dataclass(frozen=True)
class Entry:
    path: str
    size: int
    sha256: str
    inputs: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "sha256": self.sha256,
            "content_type": content_type(self.path),
            "inputs": list(self.inputs),
        }


@dataclass
class Writes:
    """What a writer wrote or found already there: entries, and how many files it rewrote."""

    entries: list[Entry] = field(default_factory=list)
    rewritten: int = 0

    def add(self, other: "Writes") -> None:
        self.entries.extend(other.entries)
        self.rewritten += other.rewritten


def file_write(
    *, directory: Path, path: str, content: bytes, inputs: tuple[str, ...], writes: Writes
) -> None:
    """Write `content` at `path` under `directory` unless the file already holds exactly it."""
    target = directory / path
    try:
        unchanged = target.stat().st_size == len(content) and target.read_bytes() == content
    except FileNotFoundError:
        unchanged = False
    if not unchanged:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        writes.rewritten += 1
    writes.entries.append(
        Entry(
            path=path, size=len(content), sha256=hashlib.sha256(content).hexdigest(), inputs=inputs
        )
    )


def file_entry(*, directory: Path, path: str, inputs: tuple[str, ...]) -> Entry:
    """The entry of a file something else wrote (Pagefind's bundles)."""
    content = (directory / path).read_bytes()
    return Entry(
        path=path, size=len(content), sha256=hashlib.sha256(content).hexdigest(), inputs=inputs
    )


def manifest_read(directory: Path) -> dict[str, Any]:
    """The earlier export's manifest, or an empty one (a new folder, or an export without one)."""
    try:
        found = json.loads((directory / MANIFEST).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {"files": {}, "bundles": {}, "units": {}}
    if found.get("version") != MANIFEST_VERSION:
        return {"files": {}, "bundles": {}, "units": {}}
    found.setdefault("units", {})
    return found


def entries_reuse(
    *, directory: Path, earlier: dict[str, Any], paths: list[str]
) -> list[Entry] | None:
    """The earlier export's entries for `paths` if every one is listed and its file is there
    with the listed size (so the pages need not be rendered again); else None."""
    files = earlier.get("files", {})
    found = []
    for path in paths:
        meta = files.get(path)
        if meta is None:
            return None
        try:
            if (directory / path).stat().st_size != meta["size"]:
                return None
        except FileNotFoundError:
            return None
        found.append(
            Entry(path=path, size=meta["size"], sha256=meta["sha256"], inputs=tuple(meta["inputs"]))
        )
    return found


def manifest_write(
    *,
    directory: Path,
    entries: list[Entry],
    bundles: dict[str, dict[str, Any]],
    units: dict[str, dict[str, str]] | None = None,
) -> None:
    """Write the manifest, files in path order (the manifest lists itself under no entry).

    `units` are the fingerprints of the page families (see fingerprints.py), by family and
    unit: the next export renders again only the units whose fingerprint changed."""
    files = {entry.path: entry.as_json() for entry in sorted(entries, key=lambda e: e.path)}
    body = {
        "version": MANIFEST_VERSION,
        "files": files,
        "bundles": dict(sorted(bundles.items())),
        "units": {family: dict(sorted(found.items())) for family, found in (units or {}).items()},
    }
    (directory / MANIFEST).write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n")


def withdrawn_remove(*, directory: Path, keep: set[str]) -> int:
    """Delete every file under `directory` the new export did not write; then empty folders."""
    removed = 0
    for root, folders, files in os.walk(directory, topdown=False):
        for name in files:
            path = os.path.relpath(os.path.join(root, name), directory)
            if path not in keep:
                os.unlink(os.path.join(root, name))
                removed += 1
        for name in folders:
            folder = os.path.join(root, name)
            if not os.listdir(folder):
                os.rmdir(folder)
    return removed
