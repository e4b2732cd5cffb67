"""An organisations file cannot take over another organisation's identity, and every name
gets a working ASCII web address; lifetimes and successors import."""

from datetime import date

import pytest

from annual_review.imports.kinds.organisations import (
    CODE_TAKEN,
    ENDS_BEFORE_START,
    NAME_TAKEN,
    NO_ADDRESS,
    UNKNOWN_SUCCESSOR,
)
from annual_review.register.models import Organisation
from tests.imports.files import database_snapshot

pytestmark = pytest.mark.django_db

HEADER = "code,name,gss_code,comparison_group,parent"


def _one_error(report):  # noqa: ANN001, ANN202
    assert not report.ok
    (error,) = report.errors
    return error


@pytest.mark.parametrize(
    ("row", "column", "value", "reason"),
    [
        ("E07000234,Evil Authority,,none,", "code", "E07000234", CODE_TAKEN.format(other="BRM")),
        ("E08000016,Evil Authority,,none,", "code", "E08000016", CODE_TAKEN.format(other="BNS")),
        ("CMA,Evil Authority,,none,", "code", "CMA", None),  # an update of Cumbria: allowed
        (
            "XEVIL,Bromsgrove DC,,none,",
            "name",
            "Bromsgrove DC",
            NAME_TAKEN.format(other="BRM"),
        ),
        (
            "XEVIL,Allerdale Borough Council,,none,",
            "name",
            "Allerdale Borough Council",
            NAME_TAKEN.format(other="ALL"),
        ),
        ("XEVIL,!!!,,none,", "name", "!!!", NO_ADDRESS),
    ],
)
def test_an_organisations_file_cannot_take_over_an_identity(run_import, row, column, value, reason):
    """A code, GSS code or name variant that already identifies another organisation is an
    error naming it, and so is a name with no letter or digit; nothing is written."""
    before = database_snapshot()
    report = run_import("organisations", f"{HEADER}\n{row}\n", commit=True)
    if reason is None:
        assert report.ok, report.errors
        return
    error = _one_error(report)
    assert (error.row, error.column, error.value, error.reason) == (2, column, value, reason)
    assert database_snapshot() == before


def test_a_taken_code_cannot_redirect_later_decisions(run_import):
    """After the refused file, decisions naming E07000234 are still Bromsgrove's."""
    run_import("organisations", f"{HEADER}\nE07000234,Evil Authority,,none,\n")
    assert not Organisation.objects.filter(name="Evil Authority").exists()
    assert Organisation.objects.get(gss_code="E07000234").code == "BRM"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ynys Môn Harbour Board", "ynys-mon-harbour-board"),
        ("Ōsaka Trust", "osaka-trust"),
        ("Совет Лондона", "xcyr"),
        ("評議会", "xcyr"),
    ],
)
def test_names_in_any_script_get_an_ascii_address(run_import, name, slug, client):
    """Accents are dropped; a name with no Latin letter left is addressed by its code."""
    report = run_import("organisations", f"{HEADER}\nXCYR,{name},,none,\n")
    assert report.ok, report.errors
    organisation = Organisation.objects.get(code="XCYR")
    assert organisation.slug == slug and organisation.slug.isascii()


def test_lifetimes_and_successors_import(run_import):
    """start_date, end_date and successors (codes, names, or codes of the same file) import."""
    report = run_import(
        "organisations",
        "code,name,comparison_group,start_date,end_date,successors\n"
        "XOLD,Old Harbour Board,none,2015-04-01,2022-04-01,XNEW\n"
        "XNEW,New Harbour Board,none,2022-04-01,,\n"
        "XOLD2,Old Ferry Board,none,,01/04/2022,XNEW;Bromsgrove DC\n",
    )
    assert report.ok, report.errors
    old = Organisation.objects.get(code="XOLD")
    assert (old.start_date, old.end_date) == (date(2015, 4, 1), date(2022, 4, 1))
    assert list(old.successors.values_list("code", flat=True)) == ["XNEW"]
    assert sorted(
        Organisation.objects.get(code="XOLD2").successors.values_list("code", flat=True)
    ) == [
        "BRM",
        "XNEW",
    ]
    again = run_import(
        "organisations",
        "code,name,comparison_group,start_date,end_date,successors\n"
        "XOLD,Old Harbour Board,none,2015-04-01,2022-04-01,XNEW\n",
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            "XOLD,Old Board,none,2022-04-01,2022-04-01,",
            "end_date",
            ENDS_BEFORE_START.format(start="2022-04-01"),
        ),
        (
            "XOLD,Old Board,none,,2022-04-01,Atlantis",
            "successors",
            UNKNOWN_SUCCESSOR.format(value="Atlantis"),
        ),
    ],
)
def test_malformed_lifetimes_are_errors(run_import, row, column, reason):
    """An end not after the start, or a successor that is not known, is an error."""
    report = run_import(
        "organisations", f"code,name,comparison_group,start_date,end_date,successors\n{row}\n"
    )
    error = _one_error(report)
    assert (error.column, error.reason) == (column, reason)


def test_an_organisations_file_beyond_its_row_limit_is_refused_whole(run_import, monkeypatch):
    """Organisations are read whole (a row may name any other as its parent or successor), so a
    file with more rows than the limit is refused, naming the file and the limit, and nothing
    is stored; a file at the limit imports."""
    from annual_review.imports import core
    from annual_review.imports.tables import TOO_MANY_ROWS

    monkeypatch.setattr(core, "WHOLE_FILE_MOST_ROWS", 3)
    rows = [f"XO{number:02d},Other organisation {number},,none," for number in range(4)]
    before = database_snapshot()
    refused = run_import("organisations", "\n".join([HEADER, *rows]) + "\n", commit=True)
    error = _one_error(refused)
    assert error.reason == TOO_MANY_ROWS.format(most=3)
    assert error.file.endswith(".csv")
    assert "more than 3 data rows" in str(error)
    assert database_snapshot() == before
    accepted = run_import("organisations", "\n".join([HEADER, *rows[:3]]) + "\n", commit=True)
    assert accepted.ok and accepted.committed
    assert Organisation.objects.filter(code__startswith="XO").count() == 3
