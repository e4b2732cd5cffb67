"""Fixtures for the API tests: a small published year beside an embargoed one."""

import pytest

from tests.api.records import Casework, casework_create


@pytest.fixture
def casework(db: None) -> Casework:
    """Two years of decisions for Bromsgrove and Worcester; only 2023-24 is published."""
    return casework_create()


@pytest.fixture(autouse=True)
def api_and_downloads_only(settings) -> None:  # noqa: ANN001
    """Route to the API and the downloads alone, mounted at the same paths as on the site."""
    settings.ROOT_URLCONF = "tests.api.urls"
