"""Fixtures for the download tests: the same small records as the API tests use."""

from collections.abc import Iterator

import pytest

from annual_review.web.caching import caches_clear
from tests.api.records import Casework, casework_create

# The browser tests' running site (its own database with published years) and Chromium.
from tests.browser.conftest import browser, chromium_path, page, site_url  # noqa: F401


@pytest.fixture
def casework(db: None) -> Casework:
    """Two years of decisions for Bromsgrove and Worcester; only 2023-24 is published."""
    return casework_create()


@pytest.fixture
def demo_casework(db: None) -> Casework:
    """The same records, labelled as generated demonstration data."""
    return casework_create(demo=True)


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
