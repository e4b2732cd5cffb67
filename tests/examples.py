"""How many examples a property test tries. The whole suite (`make test`, what CI runs) tries
every one; the fast run (`make test-fast`, which sets ANNUAL_REVIEW_TEST_FAST=1) is a quick loop
while working and tries a quarter, at least ten. Tests that name their number of examples take it
through `examples()`; the others take Hypothesis's profile, set in tests/conftest.py."""

import os

FAST = os.environ.get("ANNUAL_REVIEW_TEST_FAST") == "1"
DEFAULT_EXAMPLES = 100  # Hypothesis's own default, kept by the whole suite


def examples(number: int) -> int:
    """`number` in the whole suite; a quarter of it (at least ten) in the fast run."""
    return max(10, number // 4) if FAST else number
