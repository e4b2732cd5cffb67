"""Large inserts drop and rebuild secondary indexes (and, on PostgreSQL, foreign keys) safely."""

import pytest
from django.db import connection

from annual_review.casework.models import Decision
from annual_review.imports import bulk
from annual_review.imports.models import ImportRecord
from tests.imports.files import database_snapshot, decisions_text

pytestmark = pytest.mark.django_db

ROWS = [f"2360{n:04d},BRM,2023-06-01,,Housing,upheld,,," for n in range(30)]


def _constraints() -> dict[str, tuple[bool, bool, tuple[str, ...]]]:
    """Every index and constraint of the decisions table: name -> (unique, foreign key, columns)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Decision._meta.db_table)
    return {
        name: (bool(c["unique"]), bool(c["foreign_key"]), tuple(c["columns"] or ()))
        for name, c in found.items()
    }


@pytest.fixture
def rebuild_small(monkeypatch):
    """Treat even a small insert as large, so the drop-and-rebuild path runs."""
    monkeypatch.setattr(bulk, "INDEX_REBUILD_MIN_ROWS", 10)


def test_large_insert_keeps_every_index_and_constraint(run_import, rebuild_small):
    """After an insert that rebuilt them, the same indexes and constraints exist."""
    before = _constraints()
    report = run_import("decisions", decisions_text(*ROWS))
    assert report.ok and report.created == 30
    assert _constraints() == before
    assert Decision.objects.filter(reference__startswith="2360").count() == 30


def test_failure_after_the_drop_rolls_everything_back(run_import, rebuild_small, monkeypatch):
    """If the import fails after the indexes were dropped, rows and indexes are as before."""
    before, stored = _constraints(), database_snapshot()

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ImportRecord.objects, "create", fail)
    with pytest.raises(RuntimeError):
        run_import("decisions", decisions_text(*ROWS))
    assert _constraints() == before
    assert database_snapshot() == stored


def test_small_insert_into_a_large_table_keeps_indexes_in_place(run_import, monkeypatch):
    """Adding fewer rows than the table holds never drops an index."""
    run_import("decisions", decisions_text(*ROWS))
    monkeypatch.setattr(bulk, "INDEX_REBUILD_MIN_ROWS", 1)
    dropped = []
    monkeypatch.setattr(bulk, "_indexes_drop", lambda cursor, table: dropped.append(table) or [])
    report = run_import("decisions", decisions_text("23609999,BRM,2023-06-01,,Housing,upheld,,,"))
    assert report.created == 1
    assert dropped == []


def test_two_large_imports_in_one_transaction(run_import, rebuild_small):
    """Decisions then compliance outcomes, both rebuilt, inside one outer transaction."""
    from django.db import transaction

    before = _constraints()
    with transaction.atomic():
        assert run_import("decisions", decisions_text(*ROWS)).ok
        compliance = "\n".join(
            ["reference,outcome_date,outcome"]
            + [f"2360{n:04d},2023-10-01,satisfied" for n in range(30)]
        )
        report = run_import("compliance", compliance + "\n")
        assert report.ok and report.created == 30
    assert _constraints() == before
