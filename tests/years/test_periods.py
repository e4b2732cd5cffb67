"""Reporting-year labels: only years from when the Ombudsman began, with real dates."""

import pytest

from annual_review.years.periods import YEAR_OUT_OF_RANGE, period_parse


@pytest.mark.parametrize("label", ["9999-00", "0001-02", "1973-74", "2100-01"])
def test_a_year_outside_the_range_cannot_be_made(label):
    """9999-00 (which would end in the year 10000) and years before 1974-75 are refused."""
    with pytest.raises(ValueError) as refused:
        period_parse(label)
    assert str(refused.value) == YEAR_OUT_OF_RANGE.format(value=label)


@pytest.mark.parametrize("label", ["1974-75", "2023-24", "2099-00"])
def test_the_first_and_last_years_have_real_dates(label):
    """The ends of the range parse, and their start and end dates exist."""
    period = period_parse(label)
    assert period.label == label
    assert period.start < period.end
