"""One static export of a small site (2023-24 published, 2024-25 embargoed), shared by the module's
tests: exporting all 317 councils' pages takes a while, so it is made once per module."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import transaction

from annual_review.opendata.services import site_export
from annual_review.public.caching import caches_clear
from tests.api.records import casework_create

# Chromium and its Playwright browser, for the browser tests against the export.
from tests.browser.conftest import browser, chromium_path  # noqa: F401

MADE_AT = datetime(2024, 7, 2, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def exported(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[Path]:
    """The whole public site exported from demonstration records (so letters are rendered)."""
    directory = tmp_path_factory.mktemp("export") / "site"
    with django_db_blocker.unblock(), transaction.atomic():
        caches_clear()
        casework_create(demo=True)
        site_export(directory=directory, made_at=MADE_AT)
        caches_clear()
        yield directory
        transaction.set_rollback(True)
    caches_clear()
