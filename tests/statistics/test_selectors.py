"""statistics_compute over stored records: groups over the whole register, methods, populations."""

import pytest

from annual_review.register.models import ComparisonGroup, Organisation, Population
from annual_review.statistics.selectors import (
    STATISTICS_COLUMNS,
    statistics_compute,
    statistics_rows,
)
from annual_review.years.periods import ReportingPeriod
from tests.imports.files import decisions_text

pytestmark = pytest.mark.django_db

# Two district councils with investigations, one with decisions but none investigated.
DISTRICT_DECISIONS = decisions_text(
    "23100001,BRM,2023-05-01,,Housing,upheld,yes,,",
    "23100002,BRM,2023-05-02,,Housing,not_upheld,,,",
    "23100003,ADU,2023-05-03,,Housing,upheld,,,",
    "23100004,ADU,2023-05-04,,Housing,upheld,,,",
    "23100005,ADU,2023-05-05,,Housing,upheld,no,,",
    "23100006,ADU,2023-05-06,,Housing,not_upheld,,,",
    "23100007,Fenland District Council,2023-05-07,,Housing,advice_given,,,",
)


@pytest.fixture
def districts(run_import):
    report = run_import("decisions", DISTRICT_DECISIONS)
    assert report.ok, [str(e) for e in report.errors]


def _district_populations() -> dict[str, int]:
    return dict(
        Population.objects.filter(
            organisation__comparison_group=ComparisonGroup.DISTRICT,
            organisation__end_date__isnull=True,
            year=2020,
        ).values_list("organisation__code", "population")
    )


def test_group_mean_counts_every_member_of_the_register(districts):
    """The district average of rates uses members with investigations; per 100,000 uses all."""
    stats = statistics_compute(year="2023-24", method="mean")
    group = stats.groups[ComparisonGroup.DISTRICT]
    members = (
        Organisation.objects.in_period(ReportingPeriod(2023))
        .filter(comparison_group=ComparisonGroup.DISTRICT)
        .count()
    )
    assert group.members == members > 100
    assert group.uphold_rate == pytest.approx((1 / 2 + 3 / 4) / 2)
    assert group.satisfactory_remedy_rate == pytest.approx((1 / 1 + 0 / 3) / 2)
    assert group.compliance_rate is None
    populations = _district_populations()
    expected = (1 / populations["BRM"] + 3 / populations["ADU"]) * 100_000 / len(populations)
    assert group.upheld_per_100k == pytest.approx(expected)
    assert group.contributing["upheld_per_100k"] == len(populations) == members
    assert group.contributing["uphold_rate"] == 2


def test_group_pooled_divides_totals(districts):
    """With the pooled method the district uphold rate is 4 upheld of 6 investigations."""
    group = statistics_compute(year="2023-24", method="pooled").groups[ComparisonGroup.DISTRICT]
    assert group.uphold_rate == pytest.approx(4 / 6)
    assert group.satisfactory_remedy_rate == pytest.approx(1 / 4)
    assert group.upheld_per_100k == pytest.approx(4 / sum(_district_populations().values()) * 1e5)


def test_pooled_setting_is_the_default_when_configured(districts, settings):
    """ANNUAL_REVIEW_GROUP_AVERAGE = "pooled" switches the default method."""
    settings.ANNUAL_REVIEW_GROUP_AVERAGE = "pooled"
    stats = statistics_compute(year="2023-24")
    assert stats.method == "pooled"
    assert stats.groups[ComparisonGroup.DISTRICT].uphold_rate == pytest.approx(4 / 6)
    settings.ANNUAL_REVIEW_GROUP_AVERAGE = "mean"
    assert statistics_compute(year="2023-24").method == "mean"


def test_every_comparison_group_has_averages_and_other_bodies_none(run_import):
    """All five groups get averages; an organisation outside the groups gets none."""
    report = run_import(
        "organisations",
        "code,name,gss_code,comparison_group,parent\nXFIRE,Exmoor Fire Authority,,none,\n",
    )
    assert report.ok, [str(e) for e in report.errors]
    stats = statistics_compute(year="2023-24")
    assert set(stats.groups) == set(ComparisonGroup.values)
    fire = stats.for_code("XFIRE")
    assert fire.comparison_group == ""
    assert stats.group_of(fire) is None
    assert fire.population is None and fire.upheld_per_100k is None


def test_population_uses_latest_estimate_no_later_than_the_first_year(run_import):
    """2023-24 uses the 2023 estimate, not 2024; 2021-22 uses 2021; 2019-20 has none."""
    for year, population in ((2021, 101_000), (2023, 102_000), (2024, 103_000)):
        report = run_import("population", f"code,population\nE07000234,{population}\n", year=year)
        assert report.ok, [str(e) for e in report.errors]
    expected = {
        "2023-24": (102_000, 2023),
        "2024-25": (103_000, 2024),
        "2022-23": (101_000, 2021),
        "2021-22": (101_000, 2021),
        "2020-21": (100_569, 2020),
        "2019-20": (None, None),
    }
    for label, figures in expected.items():
        row = statistics_compute(year=label).for_code("BRM")
        assert (row.population, row.population_year) == figures, label


def test_statistics_rows_are_flat_and_unrounded(districts):
    """Each row has every documented column; rates are raw fractions, None where undefined."""
    rows = {r["organisation_code"]: r for r in statistics_rows(statistics_compute(year="2023-24"))}
    assert len(rows) == Organisation.objects.in_period(ReportingPeriod(2023)).count() == 317
    brm = rows["BRM"]
    assert list(brm) == STATISTICS_COLUMNS
    assert brm["uphold_rate"] == 0.5
    assert brm["compliance_rate"] is None
    assert brm["group_uphold_rate"] == pytest.approx(0.625)
    assert rows["FEN"]["uphold_rate"] is None
    assert rows["FEN"]["decisions"] == 1


def test_bad_year_is_refused():
    """A reporting year is written 2023-24."""
    with pytest.raises(ValueError, match="2023-24"):
        statistics_compute(year="2023-25")
