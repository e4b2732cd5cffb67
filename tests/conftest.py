"""Shared fixtures: a test database with the bundled register loaded once per session; the
markers `make test-fast` leaves out (browser, export, demo, slow); and, under pytest-xdist
(`make test-fast` runs two workers), a data folder of each worker's own."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from annual_review.register.services import register_load
from tests.examples import DEFAULT_EXAMPLES, examples

# Checks shared by several test modules from a module of their own: their asserts explain a
# failure as the tests' own do (named here, before any test module imports them).
pytest.register_assert_rewrite("tests.imports.malformed", "tests.workflow.frozen_year")

# Property tests that do not name their number of examples: all of them in the whole suite, a
# quarter in the fast run (tests/examples.py).
hypothesis_settings.register_profile("annual-review", max_examples=examples(DEFAULT_EXAMPLES))
hypothesis_settings.load_profile("annual-review")

TESTS = Path(__file__).parent
# Markers beside pyproject.toml's `browser` and `slow`, given by folder or fixture below.
MARKERS = {
    "export": "exports the static site, or reads an export made once for its folder",
    "demo": "builds or generates the demonstration dataset",
}
# A test in one of these folders, or using one of these fixtures, gets the marker.
MARKED_FOLDERS = {"browser": "browser", "export": "export", "demo": "demo"}
MARKED_FIXTURES = {
    "exported": "export",
    "nginx_url": "export",
    "server_answers": "export",
    "site_url": "browser",
    "browser": "browser",
}


def pytest_configure(config: pytest.Config) -> None:
    for name, description in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
    worker = getattr(config, "workerinput", {}).get("workerid")
    if worker:
        worker_data_dir(worker)


def worker_data_dir(worker: str) -> Path:
    """Give an xdist worker a data folder of its own inside the run's (ANNUAL_REVIEW_DATA_DIR),
    so staged uploads, letters and anything else a test or a command writes there by default
    never meet another worker's. The settings were read before any conftest (pytest-django
    loads them first), so they are set here, and in the environment for the subprocesses that
    inherit it. The test database needs nothing: pytest-django suffixes it per worker."""
    from django.conf import settings

    folder = Path(settings.DATA_DIR) / f"xdist-{worker}"
    folder.mkdir(parents=True, exist_ok=True)
    settings.DATA_DIR = folder
    settings.STATIC_ROOT = folder / "static"
    os.environ["ANNUAL_REVIEW_DATA_DIR"] = str(folder)
    return folder


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests `make test-fast` leaves out, by their folder and the fixtures they use;
    a test that exports or builds a demo by itself carries the marker in its own file."""
    for item in items:
        parts = item.path.relative_to(TESTS).parts
        names = (
            {MARKED_FOLDERS[parts[0]]} if len(parts) > 1 and parts[0] in MARKED_FOLDERS else set()
        )
        names |= {
            MARKED_FIXTURES[f] for f in getattr(item, "fixturenames", ()) if f in MARKED_FIXTURES
        }
        for name in sorted(names):
            item.add_marker(name)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001
    """The register of 317 councils is part of every test database, as after `setup`."""
    with django_db_blocker.unblock():
        register_load()


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write text to a CSV file in a temporary folder and return its path."""

    def write(text: str, name: str = "records.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write
