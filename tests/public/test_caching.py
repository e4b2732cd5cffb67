"""The public site's caches: bounded by size, emptied when the data version changes."""

import pytest

from annual_review.public import caching


def test_page_store_is_bounded_by_size(monkeypatch):
    """Old pages make way for new ones once the store holds more than its byte budget."""
    monkeypatch.setattr(caching, "PAGE_CACHE_BYTES", 1000)
    for i in range(5):
        caching.page_put(("v", i), (b"x" * 400, "text/html"))
    assert caching.page_get(("v", 0)) is None
    assert caching.page_get(("v", 4)) == (b"x" * 400, "text/html")
    assert caching._pages_bytes <= 1000


@pytest.mark.django_db
def test_values_are_recomputed_for_a_new_data_version(monkeypatch):
    """A value is computed once per data version, and again when the version changes."""
    versions = iter([("a",), ("a",), ("b",)])
    monkeypatch.setattr(caching, "data_version", lambda: next(versions))
    calls = []
    for _ in range(3):
        caching.cached_value(("thing",), lambda: calls.append(1) or len(calls))
    assert len(calls) == 2


@pytest.mark.django_db
def test_data_version_follows_imports_decisions_years_and_letters(two_years):
    """Anything the pages show changes the data version: here a decision, then a letter."""
    from datetime import date

    from annual_review.years.models import ReportingYear
    from tests.public.conftest import decision_make

    first = caching.data_version_read()
    decision_make(two_years, decided=date(2023, 9, 1))
    second = caching.data_version_read()
    assert second != first
    workflow = pytest.importorskip("annual_review.workflow.models")
    workflow.LetterVersion.objects.create(
        organisation=two_years,
        year=ReportingYear.objects.get(label="2023-24"),
        status=workflow.LetterStatus.PUBLISHED,
        html="<p>Letter</p>",
    )
    assert caching.data_version_read() != second
