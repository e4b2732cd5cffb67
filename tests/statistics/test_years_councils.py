"""Each reporting year's statistics cover the councils of that year, in their groups then."""

import pytest

from annual_review.register.models import ComparisonGroup
from annual_review.statistics.selectors import statistics_compute

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "councils", "counties"),
    [("2019-20", 343, 26), ("2020-21", 339, 25), ("2021-22", 333, 24), ("2023-24", 317, 21)],
)
def test_a_years_statistics_cover_that_years_councils(year, councils, counties):
    """2019-20 has Northamptonshire's eight councils and no North Northamptonshire; the county
    group average is over the county councils of that year."""
    stats = statistics_compute(year=year)
    codes = {row.organisation_code for row in stats.organisations}
    assert len(codes) == councils
    assert stats.groups[ComparisonGroup.COUNTY].members == counties
    if year == "2019-20":
        assert {"NTH", "COR", "KET", "AYL", "BKM"} <= codes
        assert not {"NNT", "WNT", "BUC", "CBD", "BMH"} & codes
