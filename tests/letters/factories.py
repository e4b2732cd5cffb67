"""Statistics for letter tests: now in tests/factories.py.

kept for tests written in parallel; remove after merge (import from tests.factories instead).
"""

from tests.factories import (  # noqa: F401
    SEED_YEAR,
    district_averages,
    organisation_statistics,
    year_statistics,
)
