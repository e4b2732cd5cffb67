"""`annual-review stats YEAR --format table|csv|json`: one row per organisation."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from annual_review.register.models import Organisation
from annual_review.statistics.selectors import STATISTICS_COLUMNS
from annual_review.years.periods import ReportingPeriod
from tests.imports.files import decisions_text

pytestmark = pytest.mark.django_db

REQUIRED_COLUMNS = [
    "organisation_code",
    "gss_code",
    "name",
    "comparison_group",
    "investigations",
    "upheld",
    "uphold_rate",
    "upheld_per_100k",
    "population",
    "population_year",
    "compliance_outcomes",
    "compliance_rate",
    "satisfactory_remedies",
    "satisfactory_remedy_rate",
    "group_uphold_rate",
    "group_upheld_per_100k",
    "group_compliance_rate",
    "group_satisfactory_remedy_rate",
]


@pytest.fixture
def bromsgrove(run_import):
    run_import(
        "decisions",
        decisions_text(
            "23200001,E07000234,2023-05-10,,Housing,upheld,,,",
            "23200002,E07000234,2023-05-11,,Housing,not_upheld,,,",
        ),
    )
    run_import("compliance", "reference,outcome_date,outcome\n23200001,2023-10-02,satisfied\n")


def _stats(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def test_documented_columns_are_all_present():
    """Every column the issue asks for is in the output."""
    assert set(REQUIRED_COLUMNS) <= set(STATISTICS_COLUMNS)


def test_csv_has_a_row_per_organisation_and_empty_cells_for_undefined(bromsgrove):
    """CSV: unrounded fractions, undefined values as empty cells."""
    rows = list(csv.DictReader(io.StringIO(_stats("2023-24", "--format", "csv"))))
    assert len(rows) == Organisation.objects.in_period(ReportingPeriod(2023)).count()
    assert list(rows[0]) == STATISTICS_COLUMNS
    by_code = {r["organisation_code"]: r for r in rows}
    brm = by_code["BRM"]
    assert brm["gss_code"] == "E07000234"
    assert (brm["investigations"], brm["upheld"], brm["uphold_rate"]) == ("2", "1", "0.5")
    assert float(brm["upheld_per_100k"]) == pytest.approx(100_000 / 100_569)
    assert (brm["population"], brm["population_year"]) == ("100569", "2020")
    assert (brm["compliance_rate"], brm["satisfactory_remedy_rate"]) == ("1.0", "0.0")
    assert by_code["ADU"]["uphold_rate"] == ""
    assert by_code["ADU"]["compliance_rate"] == ""


def test_json_uses_null_for_undefined(bromsgrove):
    """JSON: the year, the group method and one object per organisation, null where undefined."""
    document = json.loads(_stats("2023-24", "--format", "json", "--method", "pooled"))
    assert (document["year"], document["group_average"]) == ("2023-24", "pooled")
    by_code = {r["organisation_code"]: r for r in document["organisations"]}
    assert by_code["BRM"]["uphold_rate"] == 0.5
    assert by_code["BRM"]["group_uphold_rate"] == 0.5  # pooled: the only district investigated
    assert by_code["ADU"]["uphold_rate"] is None
    assert by_code["ADU"]["upheld_per_100k"] == 0


def test_table_shows_rounded_figures(bromsgrove):
    """The table is for people: figures go through the display rounding."""
    lines = _stats("2023-24").splitlines()
    assert len(lines) == Organisation.objects.in_period(ReportingPeriod(2023)).count() + 1
    [brm] = [line for line in lines if line.startswith("BRM ")]
    assert brm.split()[-6:] == ["2", "1", "50%", "1", "100%", "0%"]
    [adur] = [line for line in lines if line.startswith("ADU ")]
    assert adur.split()[-4:] == ["n/a", "0", "n/a", "n/a"]


def test_bad_year_is_a_command_error():
    """A malformed year stops the command with a message and a non-zero exit."""
    with pytest.raises(CommandError, match="2023-24"):
        _stats("2023")
