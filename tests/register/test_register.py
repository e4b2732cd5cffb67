"""The register: the bundled councils, finding them by any code or name, population estimates."""

import io

import pytest
from django.core.management import CommandError, call_command

from annual_review.imports.kinds.register import YEAR_REQUIRED
from annual_review.register.models import ComparisonGroup, Organisation, Population
from annual_review.register.selectors import (
    organisation_find,
    organisation_resolver_build,
    population_for_year,
)
from annual_review.register.services import register_load
from tests.imports.files import database_snapshot

pytestmark = pytest.mark.django_db


def test_register_holds_317_councils_in_five_groups():
    """317 current English councils, each in one of the five comparison groups."""
    councils = Organisation.objects.filter(in_register=True)
    assert councils.count() == 317
    groups = dict(
        (group, councils.filter(comparison_group=group).count()) for group in ComparisonGroup.values
    )
    assert all(groups.values())
    assert sum(groups.values()) == 317
    assert councils.get(code="IOS").comparison_group == ComparisonGroup.UNITARY
    assert councils.get(gss_code="E09000001").comparison_group == ComparisonGroup.LONDON


def test_loading_the_register_twice_changes_nothing():
    """`setup` can run again: the register load is idempotent."""
    before = database_snapshot()
    report = register_load()
    assert (report.organisations_created, report.organisations_updated) == (0, 0)
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("E07000234", "BRM"),
        ("e07000234 ", "BRM"),
        ("BRM", "BRM"),
        ("Bromsgrove District Council", "BRM"),
        ("Bromsgrove DC", "BRM"),
        ("bromsgrove", "BRM"),
        ("E08000016", "BNS"),  # Barnsley's former code
        ("E08000038", "BNS"),
        ("E08000019", "SHF"),  # Sheffield's former code
        ("Sheffield City Council", "SHF"),
    ],
)
def test_organisations_are_found_by_any_code_or_name(query, code):
    """Current and former GSS codes, register codes and name variants all find the council."""
    found = organisation_find(query=query)
    assert found is not None and found.code == code


def test_unknown_names_find_nothing():
    """A name that is no council's finds nothing rather than a near miss."""
    resolver = organisation_resolver_build()
    assert resolver.resolve("Atlantis Borough Council") is None
    assert resolver.resolve("E07999999") is None
    assert organisation_find(query="Nowhere") is None


ONS_LAYOUT = (
    "Code,Name,Geography,All ages,0,1\n"
    'K04000001,ENGLAND AND WALES,Country,"59,597,542",1,2\n'
    "E12000005,WEST MIDLANDS,Region,5954240,1,2\n"
    'E07000234,Bromsgrove,Non-metropolitan District,"100,901",1,2\n'
    "E08000016,Barnsley,Metropolitan District,250000,1,2\n"
)


def test_population_import_of_the_ons_layout(run_import):
    """The ONS layout: other geographies are skipped, other columns ignored, former codes found."""
    report = run_import("population", ONS_LAYOUT, year=2023)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.rows, report.created, report.skipped) == (4, 2, 2)
    assert Population.objects.get(organisation__code="BRM", year=2023).population == 100_901
    assert Population.objects.get(organisation__code="BNS", year=2023).population == 250_000
    again = run_import("population", ONS_LAYOUT, year=2023)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_population_import_of_plain_code_population(run_import):
    """The plain layout code,population; a corrected figure updates the estimate."""
    assert run_import("population", "code,population\nBRM,101000\n", year=2022).created == 1
    report = run_import("population", "CODE,Population\nE07000234,101500\n", year=2022)
    assert (report.created, report.updated) == (0, 1)
    assert Population.objects.get(organisation__code="BRM", year=2022).population == 101_500


def test_population_for_year_takes_the_latest_estimate_not_after_the_year(run_import):
    """The estimate used for a year is the latest whose year is no later than it."""
    run_import("population", "code,population\nBRM,102000\n", year=2023)
    brm = Organisation.objects.get(code="BRM").id
    assert population_for_year(year=2022)[brm] == (100_569, 2020)
    assert population_for_year(year=2023)[brm] == (102_000, 2023)
    assert population_for_year(year=2030)[brm] == (102_000, 2023)
    assert brm not in population_for_year(year=2019)


def test_population_command_needs_a_year(tmp_path):
    """`import population FILE` without --year stops with the reason."""
    path = tmp_path / "population.csv"
    path.write_text("code,population\nBRM,100000\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "population", str(path), "--commit", stderr=err)
    assert YEAR_REQUIRED in err.getvalue()
    out = io.StringIO()
    call_command("import", "population", str(path), "--commit", "--year", "2024", stdout=out)
    assert "1 new" in out.getvalue()
    assert Population.objects.get(organisation__code="BRM", year=2024).population == 100_000
