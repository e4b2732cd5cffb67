"""Fixtures for the API tests: a small published year beside an embargoed one."""

from collections.abc import Iterator

import pytest

from annual_review.web.caching import caches_clear
from tests.api.records import Casework, casework_create


@pytest.fixture
def casework(db: None) -> Casework:
    """Two years of decisions for Bromsgrove and Worcester; only 2023-24 is published."""
    return casework_create()


@pytest.fixture(autouse=True)
def api_and_downloads_only(settings) -> None:  # noqa: ANN001
    """Route to the API and the downloads alone, mounted at the same paths as on the site."""
    settings.ROOT_URLCONF = "tests.api.urls"


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Each test starts without figures cached by another (SQLite reuses rolled-back ids, so
    the data version alone cannot tell two tests' data apart)."""
    caches_clear()
    yield
    caches_clear()
