"""One static export of a small site (2023-24 published, 2024-25 embargoed), shared by the
folder's tests: exporting all 317 councils' pages takes a while, so it is made once."""

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
from tests.export.records import search_decisions_create

MADE_AT = datetime(2024, 7, 2, 9, tzinfo=UTC)


@pytest.fixture
def records(db: None) -> None:
    """The same records again, for tests that compare the export with the server's answers."""
    casework_create(demo=True)
    search_decisions_create()
    caches_clear()


@pytest.fixture(scope="package")
def exported(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[Path]:
    """The whole public site exported from demonstration records (so letters are rendered)."""
    directory = tmp_path_factory.mktemp("export") / "site"
    # The records are rolled back as soon as the files are written: the browser tests run an
    # event loop, inside which Django refuses database work (a teardown's rollback included).
    with django_db_blocker.unblock(), transaction.atomic():
        caches_clear()
        casework_create(demo=True)
        search_decisions_create()
        site_export(directory=directory, made_at=MADE_AT)
        transaction.set_rollback(True)
    caches_clear()
    yield directory
