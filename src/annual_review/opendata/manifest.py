"""The export's manifest: every file's path, size, sha256, content type and what it was built from.

`export-manifest.json` at the export's root lets a CDN or object-store sync upload only what
changed, and lets the next `export-site` into the same folder rewrite only files whose content
changed, remove what was withdrawn, and rebuild only the search bundles whose records changed.
"""

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "export-manifest.json"
# Present while an export runs: if an export finds it, the one before did not end, and may
# have left files its manifest does not list (so the whole tree is looked through).
INCOMPLETE = ".annual-review-export-incomplete"
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
    # os.path.splitext's rule (the name's last dot, leading dots aside), without its cost.
    name = path[path.rfind("/") + 1 :].lstrip(".")
    dot = name.rfind(".")
    if dot < 0:
        return "application/octet-stream"
    return _CONTENT_TYPES.get(name[dot:].lower(), "application/octet-stream")


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
    # Compact: with 326,000 files an indented manifest took 4 s to write (Python's encoder
    # indents in Python), the compact one 2 s, and is 15% smaller.
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    (directory / MANIFEST).write_text(text + "\n", encoding="utf-8")


def withdrawn_remove(*, directory: Path, keep: set[str], listed: set[str] | None = None) -> int:
    """Delete every file under `directory` the new export did not write; then empty folders.

    `listed`: every file the earlier export wrote (its manifest's paths), when it is known
    that nothing else is there (it ended, see `INCOMPLETE`); then only those not kept are
    removed, without looking through the whole tree (326,000 files on the demo). Else
    (None) every file under `directory` is looked at."""
    if listed is None:
        return _stray_remove(directory=directory, keep=keep)
    removed = 0
    folders: set[str] = set()
    for path in sorted(listed - keep):
        try:
            os.unlink(directory / path)
        except FileNotFoundError:
            continue
        removed += 1
        folder = os.path.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    # Deepest first, so a folder emptied by its sub-folders' removal goes too.
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # not empty: something kept is in it
            os.rmdir(directory / folder)
    return removed


def _stray_remove(*, directory: Path, keep: set[str]) -> int:
    """Every file under `directory` not in `keep` removed, then every empty folder."""
    removed = 0

    def walk(folder: str, relative: str) -> bool:
        """Whether `folder` is empty once its withdrawn files are gone."""
        nonlocal removed
        empty = True
        with os.scandir(folder) as found:
            entries = list(found)
        for entry in entries:
            path = relative + entry.name
            if entry.is_dir(follow_symlinks=False):
                if walk(entry.path, path + "/"):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif path in keep:
                empty = False
            else:
                os.unlink(entry.path)
                removed += 1
        return empty

    walk(str(directory), "")
    return removed
