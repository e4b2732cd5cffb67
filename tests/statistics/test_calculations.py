"""Rates, Wilson intervals and comparison-group averages, as pure functions over counts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annual_review.statistics.calculations import (
    PROPORTIONS,
    Counts,
    OrganisationStatistics,
    group_averages,
    rate,
    wilson_interval,
)


def member(
    code: str,
    *,
    upheld: int = 0,
    not_upheld: int = 0,
    other: int = 0,
    remedies: int = 0,
    compliance: int = 0,
    compliant: int = 0,
    population: int | None = 100_000,
) -> OrganisationStatistics:
    """One organisation's statistics from its counts."""
    outcomes = {"upheld": upheld, "not_upheld": not_upheld, "advice_given": other}
    return OrganisationStatistics(
        organisation_id=hash(code),
        organisation_code=code,
        gss_code="",
        name=code,
        comparison_group="district",
        counts=Counts(
            outcomes={k: v for k, v in outcomes.items() if v},
            satisfactory_remedies=remedies,
            compliance_outcomes=compliance,
            compliant=compliant,
        ),
        population=population,
        population_year=2020 if population else None,
    )


def test_rate_with_zero_denominator_is_undefined():
    """A rate with nothing counted is undefined, not 0."""
    assert rate(0, 0) is None
    assert rate(0, 3) == 0


def test_wilson_interval_known_values():
    """Wilson 95% intervals agree with published values and stay within 0..1."""
    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson_interval(10, 10)
    assert (low, high) == (pytest.approx(0.7225, abs=1e-4), 1.0)
    low, high = wilson_interval(81, 263)
    assert (low, high) == (pytest.approx(0.2553, abs=1e-4), pytest.approx(0.3662, abs=1e-4))


def test_group_mean_leaves_out_members_with_zero_denominators():
    """Each proportion averages only members where it is defined; members without decisions count
    in the per-100,000 average as 0."""
    members = [
        member("A", upheld=1, not_upheld=1, compliance=1, compliant=1),  # 50%, 100%, remedy 0%
        member("B", upheld=3, not_upheld=1, remedies=3, compliance=2, compliant=1),  # 75%, 50%
        member("C", other=4),  # decisions but no investigations: left out of the proportions
        member("D"),  # no decisions at all
        member("E", upheld=2, population=None),  # no population: left out of per 100,000
    ]
    averages = group_averages("district", members, "mean")
    assert averages.members == 5
    assert averages.uphold_rate == pytest.approx((0.5 + 0.75 + 1.0) / 3)
    assert averages.compliance_rate == pytest.approx((1.0 + 0.5) / 2)
    assert averages.satisfactory_remedy_rate == pytest.approx((0 + 1.0 + 0) / 3)
    assert averages.upheld_per_100k == pytest.approx((1 + 3 + 0 + 0) / 4)
    assert averages.contributing == {
        "uphold_rate": 3,
        "upheld_per_100k": 4,
        "compliance_rate": 2,
        "satisfactory_remedy_rate": 3,
    }


def test_group_pooled_divides_group_totals():
    """The pooled method divides the group's totals by the group's totals."""
    members = [
        member("A", upheld=1, not_upheld=1, compliance=1, compliant=1, population=100_000),
        member("B", upheld=3, not_upheld=1, remedies=3, compliance=2, compliant=1),
        member("D", population=300_000),
        member("E", upheld=2, population=None),
    ]
    averages = group_averages("district", members, "pooled")
    assert averages.uphold_rate == pytest.approx(6 / 8)
    assert averages.compliance_rate == pytest.approx(2 / 3)
    assert averages.satisfactory_remedy_rate == pytest.approx(3 / 6)
    assert averages.upheld_per_100k == pytest.approx(4 / 500_000 * 100_000)


def test_group_with_nothing_counted_has_undefined_averages():
    """A group whose members have no decisions has no average proportions."""
    averages = group_averages("district", [member("A"), member("B")], "mean")
    assert averages.uphold_rate is None
    assert averages.compliance_rate is None
    assert averages.satisfactory_remedy_rate is None
    assert averages.upheld_per_100k == 0


counts = st.builds(
    lambda upheld, not_upheld, other, remedy_share, compliance, compliant_share, population: member(
        "X",
        upheld=upheld,
        not_upheld=not_upheld,
        other=other,
        remedies=round(upheld * remedy_share),
        compliance=compliance,
        compliant=round(compliance * compliant_share),
        population=population,
    ),
    st.integers(0, 500),
    st.integers(0, 500),
    st.integers(0, 500),
    st.floats(0, 1),
    st.integers(0, 500),
    st.floats(0, 1),
    st.one_of(st.none(), st.integers(1, 2_000_000)),
)


@given(counts)
def test_counts_add_up_and_rates_lie_between_0_and_1(row):
    """Investigations are upheld plus not upheld; every defined rate is in [0, 1]."""
    assert row.investigations == row.upheld + row.counts.not_upheld
    assert row.counts.decisions == sum(row.counts.outcomes.values()) >= row.investigations
    for measure in PROPORTIONS:
        value = getattr(row, measure)
        if value is not None:
            assert 0 <= value <= 1
            low, high = row.interval(measure)
            assert 0 <= low <= value <= high <= 1
    assert (row.uphold_rate is None) == (row.investigations == 0)
    assert (row.compliance_rate is None) == (row.compliance_outcomes == 0)


@given(st.lists(counts, min_size=1, max_size=30), st.sampled_from(["mean", "pooled"]))
def test_group_average_lies_between_members_smallest_and_largest(members, method):
    """Whatever the method, a group's average is within its members' range of each rate."""
    averages = group_averages("district", members, method)
    for measure in (*PROPORTIONS, "upheld_per_100k"):
        values = [getattr(m, measure) for m in members if getattr(m, measure) is not None]
        average = getattr(averages, measure)
        if not values:
            assert average is None
            continue
        assert min(values) <= average <= max(values), measure
