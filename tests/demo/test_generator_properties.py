"""Properties of the generator's two building blocks: apportioning totals and weighted sampling."""

import math
import random

from hypothesis import given
from hypothesis import strategies as st

from annual_review.demo.generator import _largest_remainder, _weighted_sample

weights_lists = st.lists(
    st.floats(min_value=0.001, max_value=1e6, allow_nan=False), min_size=1, max_size=60
)


@given(total=st.integers(min_value=0, max_value=100_000), weights=weights_lists)
def test_apportioning_keeps_the_total_and_each_share(total: int, weights: list[float]) -> None:
    """Largest remainder: the counts add up exactly and each is its share rounded down or up."""
    counts = _largest_remainder(total, weights)
    assert sum(counts) == total
    whole = sum(weights)
    for count, weight in zip(counts, weights, strict=True):
        share = total * weight / whole
        assert math.floor(share) - 1e-6 <= count <= math.ceil(share) + 1e-6


@given(weights=weights_lists, k=st.integers(min_value=0, max_value=80), seed=st.integers())
def test_weighted_sampling_draws_k_distinct_items(weights: list[float], k: int, seed: int) -> None:
    """A weighted sample has min(k, n) distinct items of the population, the same for a seed."""
    items = list(range(100, 100 + len(weights)))
    first = _weighted_sample(random.Random(seed), items, weights, k)
    again = _weighted_sample(random.Random(seed), items, weights, k)
    assert first == again
    assert len(first) == min(k, len(items))
    assert first <= set(items)


def test_weighted_sampling_favours_heavier_items() -> None:
    """An item ten times heavier is drawn far more often than a light one."""
    rng = random.Random(1)
    heavy = sum(1 in _weighted_sample(rng, [0, 1], [1.0, 10.0], 1) for _ in range(2000))
    assert heavy > 1600
