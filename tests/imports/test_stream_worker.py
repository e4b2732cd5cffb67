"""A large file checked in the spawned process stores and reports what the normal path does."""

import hashlib

import pytest

from annual_review.casework.models import Decision
from annual_review.imports import bulk, core, spawned
from annual_review.imports.models import ImportRecord
from tests.imports.files import (
    DECISION_HEADER,
    database_snapshot,
    decisions_text,
    stored_decisions,
)

# 95 valid rows: enough for ten batches of 10 rows, with organisations named three ways.
ROWS = [
    f"2371{n:04d},{('BRM', 'E07000234', 'Bromsgrove')[n % 3]},2023-06-{1 + n % 28:02d},"
    f"{'' if n % 5 else '2023-01-15'},Housing,{'upheld' if n % 2 else 'not_upheld'},"
    f"{'yes' if n % 4 == 1 else 'no'},no,Summary {n}"
    for n in range(95)
]


@pytest.fixture
def through_worker(monkeypatch):
    """Stream even a small file, in batches of 10 rows checked by a spawned process; yields
    the list of batches of rows the importing process received from that process."""
    received: list[int] = []
    original = spawned.StreamWorker.batches

    def counting(self, **kwargs):
        for rows in original(self, **kwargs):
            received.append(len(rows))
            yield rows

    monkeypatch.setattr(core, "STREAM_MIN_ROWS", 20)
    monkeypatch.setattr(core, "STREAM_BATCH_ROWS", 10)
    monkeypatch.setattr(core, "STREAM_WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(spawned.StreamWorker, "batches", counting)
    return received


def _normal_path(monkeypatch):
    monkeypatch.setattr(core, "STREAM_MIN_ROWS", 10**9)
    monkeypatch.setattr(core, "STREAM_WORKER_MIN_BYTES", 10**18)


@pytest.mark.django_db
def test_worker_checked_import_stores_what_the_normal_path_stores(
    run_import, through_worker, monkeypatch
):
    """Every batch comes back from the spawned process, and the rows, counts and import record
    are those of the normal path."""
    report = run_import("decisions", decisions_text(*ROWS))
    assert through_worker == [10] * 9 + [5]
    assert report.ok and report.committed and (report.rows, report.created) == (95, 95)
    worker_rows = stored_decisions()
    record = ImportRecord.objects.get()
    assert (record.rows, record.created, record.updated, record.unchanged) == (95, 95, 0, 0)
    Decision.objects.all().delete()
    ImportRecord.objects.all().delete()
    _normal_path(monkeypatch)
    normal = run_import("decisions", decisions_text(*ROWS))
    assert (normal.rows, normal.created, normal.committed) == (95, 95, True)
    assert stored_decisions() == worker_rows
    assert len(worker_rows) == 95


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_row",
    [
        "23710003,BRM,2023-06-02,,Housing,upheld,no,no,",  # a reference from an earlier batch
        "23719999,NOWHERE,2023-06-02,,Housing,upheld,no,no,",  # an unknown organisation
        "23719997,BRM,2023-02-30,,Housing,upheld,no,no,",  # an impossible date
    ],
)
def test_a_bad_row_in_the_middle_stores_nothing_and_reports_as_the_normal_path(
    run_import, through_worker, monkeypatch, bad_row
):
    """A bad row in the sixth batch: the earlier batches came from the spawned process and were
    written, yet nothing is stored, and the errors are exactly the normal path's."""
    rows = [*ROWS[:55], bad_row, *ROWS[55:]]
    puts: list[int] = []
    original_put = bulk.RowsStream.put
    monkeypatch.setattr(
        bulk.RowsStream,
        "put",
        lambda self, rows: (puts.append(len(rows)), original_put(self, rows)),
    )
    before = database_snapshot()
    report = run_import("decisions", decisions_text(*rows))
    assert through_worker == [10] * 5 and puts == [10] * 5
    assert not report.ok and not report.committed
    assert database_snapshot() == before
    _normal_path(monkeypatch)
    normal = run_import("decisions", decisions_text(*rows))
    assert not normal.ok and not normal.committed
    assert [str(e) for e in report.errors] == [str(e) for e in normal.errors]
    assert report.error_count == normal.error_count >= 1
    assert database_snapshot() == before


@pytest.mark.django_db
def test_the_record_and_warnings_are_the_normal_paths(run_import, through_worker, monkeypatch):
    """The file's checksum, its counts and the warning about an ignored column, read by the
    spawned process, are what the normal path records and reports."""
    header = DECISION_HEADER + ",internal_notes"
    content = decisions_text(*(row + ",note" for row in ROWS), header=header)
    report = run_import("decisions", content)
    assert len(through_worker) == 10 and report.committed
    record = ImportRecord.objects.values_list("sha256", "rows", "created").get()
    assert record == (hashlib.sha256(content.encode()).hexdigest(), 95, 95)
    Decision.objects.all().delete()
    ImportRecord.objects.all().delete()
    _normal_path(monkeypatch)
    normal = run_import("decisions", content)
    assert normal.warnings == report.warnings == ["Columns ignored: internal_notes"]
    assert ImportRecord.objects.values_list("sha256", "rows", "created").get() == record
    assert report.summary() == normal.summary()


@pytest.mark.django_db
def test_no_process_is_spawned_for_a_dry_run_or_a_table_with_rows(
    run_import, through_worker, monkeypatch
):
    """Only a commit into an empty table can use the checking process, so only then is it
    started (a dry run, or a second import of the file, takes the normal path)."""
    started: list[str] = []
    start = spawned.StreamWorker.start
    monkeypatch.setattr(
        spawned.StreamWorker,
        "start",
        classmethod(lambda cls, **kwargs: started.append(kwargs["kind"]) or start(**kwargs)),
    )
    assert run_import("decisions", decisions_text(*ROWS), commit=False).ok
    assert started == []
    monkeypatch.setattr(core, "STREAM_MIN_ROWS", 10**9)
    assert run_import("decisions", decisions_text(*ROWS)).created == 95
    assert started == ["decisions"]
    again = run_import("decisions", decisions_text(*ROWS))
    assert (again.created, again.unchanged) == (0, 95)
    assert started == ["decisions"] and through_worker == []
