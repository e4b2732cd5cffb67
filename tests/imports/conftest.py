"""Fixtures for import tests."""

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from annual_review.imports.parsing import ImportReport
from tests.imports.files import import_content


@pytest.fixture
def run_import(tmp_path: Path) -> Callable[..., ImportReport]:
    """Import text or bytes as a file in a temporary folder: run_import(kind, content, ...)."""
    return partial(import_content, tmp_path)
