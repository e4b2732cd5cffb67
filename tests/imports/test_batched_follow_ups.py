"""Compliance outcomes and recommendations read a batch of rows at a time (imports/batched.py)
are checked, counted and stored as when the whole file is one batch: a repeat in a later batch
is refused naming its first row in an earlier one."""

from functools import partial

import pytest

from annual_review.casework.models import ComplianceOutcome, Recommendation
from annual_review.imports import batched
from annual_review.imports.kinds.casework import DUPLICATE_RECOMMENDATION, DUPLICATE_REFERENCE
from tests.imports.files import decisions_text

pytestmark = pytest.mark.django_db

DECISIONS = [
    *(f"2370{n:04d},BRM,2023-06-01,,Housing,upheld,,," for n in range(6)),
    "23709999,BRM,2023-06-01,,Housing,not_upheld,,,",
]

COMPLIANCE = (
    "reference,outcome_date,outcome\n"
    "23700000,2023-12-01,satisfied\n"
    "23700001,2023-12-01,satisfied late\n"
    "23700002,2023-12-01,satisfied\n"
    "23709999,2023-12-01,satisfied\n"  # not upheld
    "23700003,2023-01-01,satisfied\n"  # before its decision
    "23700000,2023-12-02,satisfied\n"  # repeats row 2, two batches later
    "23701234,2023-12-01,satisfied\n"  # no such decision
)

RECOMMENDATIONS = (
    "reference,kind,description,due_date,amount\n"
    "23700000,apology,Apologise in writing,,\n"
    "23700001,financial_remedy,Pay for distress,2023-09-01,250\n"
    "23700001,apology,Apologise in writing,,\n"
    "23709999,apology,Apologise in writing,,\n"  # not upheld
    "23700000,apology,Apologise in writing,,\n"  # repeats row 2, two batches later
)


def _both_ways(run_import, monkeypatch, kind, text, *, commit):
    """The report of `text` read as one batch, then as batches of two rows."""
    whole = run_import(kind, text, commit=commit)
    monkeypatch.setattr(batched, "BATCH_ROWS", 2)
    split = run_import(kind, text, commit=commit)
    monkeypatch.undo()
    return whole, split


def _figures(report):
    return (
        [str(error) for error in report.errors],
        report.error_count,
        report.rows,
        (report.created, report.updated, report.unchanged, report.skipped),
    )


def test_a_follow_up_file_in_batches_has_the_errors_of_the_whole_file(run_import, monkeypatch):
    """Every error (a repeat two batches after its first row among them) and every count of a
    compliance and a recommendations file are the same in batches of two rows."""
    assert run_import("decisions", decisions_text(*DECISIONS)).ok
    whole, split = _both_ways(run_import, monkeypatch, "compliance", COMPLIANCE, commit=False)
    assert _figures(split) == _figures(whole)
    assert [error.row for error in split.errors] == [5, 6, 7, 8]
    assert split.errors[2].reason == DUPLICATE_REFERENCE.format(first=2)
    whole, split = _both_ways(
        run_import, monkeypatch, "recommendations", RECOMMENDATIONS, commit=False
    )
    assert _figures(split) == _figures(whole)
    assert [error.row for error in split.errors] == [5, 6]
    assert split.errors[1].reason == DUPLICATE_RECOMMENDATION.format(first=2)


def test_a_follow_up_file_written_in_batches_stores_what_one_batch_would(run_import, monkeypatch):
    """Committed in batches of two rows, a clean compliance file updates the stored outcome,
    adds the others and counts them as one batch does; recommendations likewise."""
    assert run_import("decisions", decisions_text(*DECISIONS)).ok
    assert run_import(
        "compliance", "reference,outcome_date,outcome\n23700000,2023-11-01,satisfied\n"
    ).ok
    clean = "".join(line + "\n" for line in COMPLIANCE.splitlines()[:4])
    monkeypatch.setattr(batched, "BATCH_ROWS", 2)
    report = run_import("compliance", clean)
    assert report.committed and (report.created, report.updated) == (2, 1)
    stored = sorted(ComplianceOutcome.objects.values_list("decision__reference", "outcome_date"))
    assert [(ref, day.isoformat()) for ref, day in stored] == [
        ("23700000", "2023-12-01"),
        ("23700001", "2023-12-01"),
        ("23700002", "2023-12-01"),
    ]
    again = run_import("compliance", clean)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    clean = "".join(line + "\n" for line in RECOMMENDATIONS.splitlines()[:4])
    report = run_import("recommendations", clean)
    assert report.committed and report.created == 3
    assert Recommendation.objects.count() == 3


POPULATION = (
    "code,name,geography,population\n"
    "E07000234,Bromsgrove,Non-metropolitan District,100000\n"
    "E08000016,Barnsley,Metropolitan District,250000\n"
    "K04000001,England and Wales,Country,60000000\n"  # skipped: not in the register
    "E07000234,Bromsgrove,Non-metropolitan District,100001\n"  # repeats row 2
    "E09000001,City of London,London Borough,0\n"  # implausible
)

CONTACTS = (
    "organisation,role,honorific,first_name,last_name,job_title,email\n"
    "Bromsgrove DC,chief_executive,Ms,Jo,Bloggs,Chief Executive,jo@example.org\n"
    "Nowhere Council,chief_executive,,,Smith,,smith@example.org\n"  # unknown
    "Bromsgrove DC,monitoring_officer,,,Jones,,jones@example.org\n"
    "Bromsgrove DC,chief_executive,Mx,Jo,Bloggs,,JO@example.org\n"  # repeats row 2
)


def test_register_files_in_batches_have_the_errors_and_counts_of_the_whole_file(
    run_import, monkeypatch
):
    """Population and contacts files in batches of two rows give the whole file's errors,
    skipped rows and counts: a wrong year is refused once, not once a batch."""
    whole, split = _both_ways(run_import, monkeypatch, "contacts", CONTACTS, commit=False)
    assert _figures(split) == _figures(whole)
    assert [error.row for error in split.errors] == [3, 5]
    for year, refused in ((2023, 2), (1, 1)):
        run = partial(run_import, year=year)
        whole, split = _both_ways(run, monkeypatch, "population", POPULATION, commit=False)
        assert _figures(split) == _figures(whole)
        assert split.error_count == refused
    clean = "".join(line + "\n" for line in POPULATION.splitlines()[:4])
    monkeypatch.setattr(batched, "BATCH_ROWS", 2)
    report = run_import("population", clean, year=2023)
    assert report.committed and (report.created, report.skipped) == (2, 1)
