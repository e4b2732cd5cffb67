"""Golden files: what a test produces, compared exactly with a reviewed copy in the tree.

One variable rewrites every golden file on purpose, after an intended change:

    ANNUAL_REVIEW_REGENERATE_GOLDEN=1 make test-fast

then read the diff (`git diff tests/`) before committing it. Without it a golden file is never
written, and a missing one fails its test.
"""

import os
from pathlib import Path

REGENERATE_GOLDEN = "ANNUAL_REVIEW_REGENERATE_GOLDEN"


def golden_regenerating() -> bool:
    """Whether this run rewrites the golden files instead of comparing with them."""
    return os.environ.get(REGENERATE_GOLDEN) == "1"


def golden_compare(path: Path, actual: str | bytes) -> None:
    """Assert that `actual` (text, or UTF-8 bytes) is exactly the golden file at `path`;
    write it there instead when ANNUAL_REVIEW_REGENERATE_GOLDEN=1."""
    if golden_regenerating():
        if isinstance(actual, bytes):
            path.write_bytes(actual)
        else:
            path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with {REGENERATE_GOLDEN}=1 and read the diff"
    text = actual.decode("utf-8") if isinstance(actual, bytes) else actual
    assert text == path.read_text(encoding="utf-8")
