"""Shared fixtures: a test database with the bundled register loaded once per session."""

from pathlib import Path

import pytest

from annual_review.register.services import register_load


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
