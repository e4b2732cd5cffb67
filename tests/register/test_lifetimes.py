"""The register through time: abolished councils, their lifetimes, successors and each year's
councils, checked against the bundled mySociety file."""

import csv
from datetime import date
from importlib import resources

import pytest

from annual_review.register.models import Organisation
from annual_review.register.selectors import organisation_find
from annual_review.years.periods import ReportingPeriod

pytestmark = pytest.mark.django_db


def _bundled(name: str) -> list[dict[str, str]]:
    text = resources.files("annual_review.register").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _existing_in_file(period: ReportingPeriod) -> int:
    """Count straight from the bundled files: rows whose lifetime overlaps the year."""
    count = 0
    for row in _bundled("councils.csv") + _bundled("former_councils.csv"):
        start = date.fromisoformat(row["start_date"]) if row["start_date"] else date.min
        end = date.fromisoformat(row["end_date"]) if row.get("end_date") else date.max
        count += start <= period.end and end > period.start
    return count


@pytest.mark.parametrize(
    ("first_year", "councils"),
    [(2019, 343), (2020, 339), (2021, 333), (2022, 333), (2023, 317), (2024, 317)],
)
def test_the_number_of_councils_in_each_year(first_year, councils):
    """343 councils existed in 2019-20, 339 in 2020-21, 333 in 2021-22 and 2022-23, 317 since."""
    period = ReportingPeriod(first_year)
    assert Organisation.objects.in_period(period).count() == councils
    assert _existing_in_file(period) == councils


def test_the_abolished_councils_are_loaded_with_their_successors():
    """The 48 councils abolished since April 2019 are loaded, each with the day it ended
    (its successors' first day) and its successors."""
    abolished = Organisation.objects.filter(end_date__isnull=False)
    assert abolished.count() == 48
    cumbria = Organisation.objects.get(code="CMA")
    assert cumbria.end_date == date(2023, 4, 1)
    assert sorted(cumbria.successors.values_list("name", flat=True)) == [
        "Cumberland Council",
        "Westmorland and Furness Council",
    ]
    # The source gives 2019-03-31 (last day) for Dorset's councils, 2021-04-01 (successor's
    # first day) for Northamptonshire's: both become the successor's first day.
    assert Organisation.objects.get(code="WDO").end_date == date(2019, 4, 1)
    assert Organisation.objects.get(code="COR").end_date == date(2021, 4, 1)
    cumberland = Organisation.objects.get(code="CBD")
    assert cumberland.start_date == date(2023, 4, 1)
    assert sorted(cumberland.predecessors.values_list("code", flat=True)) == [
        "ALL",
        "CAR",
        "CMA",
        "COP",
    ]


def test_a_countys_districts_change_with_it():
    """Northamptonshire County Council's districts are its seven, which ended with it;
    Suffolk's districts in 2019-20 are the new East and West Suffolk, not their predecessors."""
    northamptonshire = Organisation.objects.get(code="NTH")
    assert northamptonshire.children.count() == 7
    assert set(northamptonshire.children.values_list("end_date", flat=True)) == {date(2021, 4, 1)}
    suffolk = Organisation.objects.get(code="SFK")
    in_2019 = suffolk.children.in_period(ReportingPeriod(2019)).values_list("code", flat=True)
    assert {"ESK", "WSK"} <= set(in_2019)
    assert not {"WAV", "SUF", "FOR", "SED"} & set(in_2019)
    assert Organisation.objects.get(code="FOR").parent == suffolk


def test_a_name_shared_with_a_successor_means_the_current_council():
    """'North Yorkshire' is North Yorkshire Council; the abolished county is found by its full
    name and its own GSS code, and has its own address."""
    assert organisation_find(query="North Yorkshire").code == "NYE"
    assert organisation_find(query="North Yorkshire County Council").code == "NYK"
    assert organisation_find(query="E10000023").code == "NYK"
    assert Organisation.objects.get(code="NYK").slug == "north-yorkshire-county-council"


def test_existence_on_a_day():
    """An organisation exists from its start date up to, not including, its end date."""
    allerdale = Organisation.objects.get(code="ALL")
    assert allerdale.exists_on(date(2023, 3, 31))
    assert not allerdale.exists_on(date(2023, 4, 1))
    on_day = Organisation.objects.existing_on(date(2023, 4, 1))
    assert on_day.filter(code="CBD").exists() and not on_day.filter(code="ALL").exists()


def test_every_abolished_council_is_found_by_its_official_name_and_gss_code():
    """Each of the 48 abolished councils' official names and GSS codes finds that council,
    not its successor."""
    for organisation in Organisation.objects.filter(end_date__isnull=False):
        assert organisation_find(query=organisation.name) == organisation, organisation.name
        assert organisation_find(query=organisation.gss_code) == organisation
