"""The one display-rounding function: half up, whole percentages, per-100,000 to one place."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annual_review.statistics.display import (
    NEARLY_ALL,
    NEARLY_ALL_WORDS,
    NEARLY_NONE,
    NEARLY_NONE_PER_100K,
    NEARLY_NONE_WORDS,
    UNDEFINED,
    format_per_100k,
    format_percentage,
)


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [
        (0.125, "13%"),  # 12.5% rounds half up, not to even
        (0.285, "29%"),  # 28.5% although 0.285 * 100 is 28.4999... in binary
        (57 / 200, "29%"),
        (0.145, "15%"),
        (0.575, "58%"),
        (0.5, "50%"),
        (1.0, "100%"),
        (0.0, "0%"),
        (2 / 3, "67%"),
        (0.994, "99%"),
        (0.005, "1%"),  # 0.5% rounds half up to 1%
        (0.9949, "99%"),
    ],
)
def test_percentages_round_half_up_to_whole_numbers(fraction, shown):
    """A rate from 0 to 1 shows as a whole percentage, halves rounding up."""
    assert format_percentage(fraction) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.994, "1"),  # rounds to 1.0, shown without the trailing .0
        (1.25, "1.3"),
        (1.0, "1"),
        (0.0, "0"),
        (1 / 100_569 * 100_000, "1"),  # Bromsgrove's 1 upheld in 100,569
        (1.15, "1.2"),
        (12.349, "12.3"),
        (0.05, "0.1"),
        (0.04999, NEARLY_NONE_PER_100K),  # above 0, so never "0"
        (2.675, "2.7"),
    ],
)
def test_per_100k_rounds_half_up_to_one_place_without_trailing_zero(value, shown):
    """Per-100,000 figures: one decimal place, halves up, '1' rather than '1.0'."""
    assert format_per_100k(value) == shown


@pytest.mark.parametrize(
    ("fraction", "short", "words"),
    [
        (0.995, NEARLY_ALL, NEARLY_ALL_WORDS),  # half up would make it 100%
        (0.9999, NEARLY_ALL, NEARLY_ALL_WORDS),
        (199 / 200, NEARLY_ALL, NEARLY_ALL_WORDS),  # the 199 of 200
        (0.9957, NEARLY_ALL, NEARLY_ALL_WORDS),  # the county average of 99.57%
        (0.004, NEARLY_NONE, NEARLY_NONE_WORDS),  # half up would make it 0%
        (0.0049, NEARLY_NONE, NEARLY_NONE_WORDS),
        (1e-9, NEARLY_NONE, NEARLY_NONE_WORDS),
        (1.0, "100%", "100%"),
        (0.0, "0%", "0%"),
        (1 / 8, "13%", "13%"),  # everywhere else halves still round up
    ],
)
def test_rates_short_of_all_or_above_none_never_show_as_100_or_0(fraction, short, words):
    """Only exactly 1 shows as 100% and only exactly 0 as 0%; tables and sentences agree."""
    assert format_percentage(fraction) == short
    assert format_percentage(fraction, words=True) == words
    assert NEARLY_ALL == ">99%" and NEARLY_ALL_WORDS == "more than 99%"
    assert NEARLY_NONE == "<1%" and NEARLY_NONE_WORDS == "less than 1%"


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_no_rate_strictly_between_0_and_1_shows_as_0_or_100(fraction):
    """Whatever the rate, '100%' means exactly 1 and '0%' exactly 0."""
    for shown in (format_percentage(fraction), format_percentage(fraction, words=True)):
        assert (shown == "100%") == (fraction == 1)
        assert (shown == "0%") == (fraction == 0)


def test_undefined_values_show_as_not_applicable():
    """A rate with a zero denominator shows as n/a, never as 0%."""
    assert format_percentage(None) == UNDEFINED
    assert format_per_100k(None) == UNDEFINED


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_percentage_of_counts_matches_exact_half_up_rounding(numerator, denominator):
    """For any count ratio, the shown percentage is the exact ratio rounded half up."""
    if numerator > denominator:
        numerator, denominator = denominator, numerator
    exact_hundredths = numerator * 100
    whole, remainder = divmod(exact_hundredths, denominator)
    expected = whole + (1 if 2 * remainder >= denominator else 0)
    if expected == 100 and numerator < denominator:
        assert format_percentage(numerator / denominator) == NEARLY_ALL
    elif expected == 0 and numerator > 0:
        assert format_percentage(numerator / denominator) == NEARLY_NONE
    else:
        assert format_percentage(numerator / denominator) == f"{expected}%"
