"""Faults while writing: another import, a locked database, a full disk, a read-only folder.

Each gives a plain message naming the file, and nothing is half-written.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

from annual_review.casework.models import Decision
from annual_review.imports import bulk
from annual_review.imports.core import DATABASE_BUSY, DISK_FULL, NOT_WRITABLE, WRITE_CONFLICT
from annual_review.register.models import Organisation
from tests.factories import DecisionFactory
from tests.imports.files import database_snapshot, decisions_text

pytestmark = pytest.mark.django_db

ROWS = (
    "23900101,BRM,2023-06-01,,Housing,upheld,,,",
    "23900102,BRM,2023-06-02,,Housing,not_upheld,,,",
)


def test_a_second_import_storing_the_same_records_meanwhile_gets_a_plain_message(
    run_import, monkeypatch
):
    """Another import commits one of the file's decisions after this one checked the file and
    before it writes: the unique reference refuses the write, which is reported plainly (no
    IntegrityError) and rolls back everything this import had written."""
    real_write = bulk.UpsertPlan.write

    def write_after_another_import(plan: bulk.UpsertPlan) -> None:
        DecisionFactory(
            reference="23900102",
            organisation=Organisation.objects.get(code="BRM"),
            decision_date="2023-06-02",
            category="housing",
            outcome="not_upheld",
        )
        real_write(plan)

    before = database_snapshot()
    monkeypatch.setattr(bulk.UpsertPlan, "write", write_after_another_import)
    report = run_import("decisions", decisions_text(*ROWS))
    assert not report.committed
    assert [(e.file, e.row, e.column, e.reason) for e in report.errors] == [
        ("records.csv", None, None, WRITE_CONFLICT)
    ]
    assert report.summary() == "records.csv: 1 error(s); nothing was written."
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("driver_says", "reason"),
    [
        ("database or disk is full", DISK_FULL),
        ("attempt to write a readonly database", NOT_WRITABLE),
        ("unable to open database file", NOT_WRITABLE),
        ("database is locked", DATABASE_BUSY),
    ],
)
def test_a_write_refused_by_the_database_is_reported_and_rolled_back(
    run_import, monkeypatch, driver_says, reason
):
    """The driver's error arrives after every row was written in the transaction (as when
    SQLite runs out of disk at commit): the message is plain and nothing stays written."""
    real_write = bulk.UpsertPlan.write

    def write_then_fail(plan: bulk.UpsertPlan) -> None:
        real_write(plan)
        assert Decision.objects.filter(reference__startswith="239001").count() == 2
        raise OperationalError(driver_says)

    before = database_snapshot()
    monkeypatch.setattr(bulk.UpsertPlan, "write", write_then_fail)
    report = run_import("decisions", decisions_text(*ROWS))
    assert [e.reason for e in report.errors] == [reason]
    assert not report.committed
    assert database_snapshot() == before


def test_a_full_disk_while_writing_is_reported(run_import, monkeypatch):
    """An OSError for a full disk (ENOSPC) from below the database is the full-disk message."""

    def no_space(plan: bulk.UpsertPlan) -> None:
        raise OSError(28, "No space left on device")

    before = database_snapshot()
    monkeypatch.setattr(bulk.UpsertPlan, "write", no_space)
    report = run_import("decisions", decisions_text(*ROWS))
    assert [e.reason for e in report.errors] == [DISK_FULL]
    assert database_snapshot() == before


ORGANISATIONS = "code,name\nXFIRE,Example Fire Authority\n"


@pytest.mark.slow
def test_a_database_locked_by_another_connection_gives_a_plain_message(tmp_path: Path):
    """A real SQLite file whose write lock another connection holds: `annual-review import
    --commit` waits, then says the database is busy, exits 1, and writes nothing."""
    env = {**os.environ, "ANNUAL_REVIEW_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "annual_review.cli"]
    subprocess.run([*command, "migrate", "-v0"], env=env, check=True, capture_output=True)
    source = tmp_path / "organisations.csv"
    source.write_text(ORGANISATIONS)
    database = tmp_path / "annual-review.sqlite3"
    holder = sqlite3.connect(database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # holds the write lock, as a long import would
        result = subprocess.run(
            [*command, "import", "organisations", str(source), "--commit"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert f"organisations.csv: {DATABASE_BUSY}" in result.stderr
    assert "Traceback" not in result.stderr
    check = sqlite3.connect(database)
    try:
        assert check.execute(
            "SELECT COUNT(*) FROM register_organisation WHERE code = 'XFIRE'"
        ).fetchone() == (0,)
        assert check.execute("SELECT COUNT(*) FROM imports_importrecord").fetchone() == (0,)
    finally:
        check.close()
