"""The decision search's CSV twin gives every matching decision, streamed, and says how many."""

import csv
import io
from datetime import date, timedelta

import pytest

from annual_review.casework.models import Decision
from annual_review.public import listings
from tests.factories import (
    DecisionFactory,
)

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict[str, str]]:  # noqa: ANN001
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_csv_has_every_matching_row_not_one_page(client, two_years, monkeypatch):
    """45 published housing decisions (the page shows 20): the CSV streams all 45 in chunks,
    newest first, and X-Row-Count says 45; nothing from the unpublished year is in it."""
    monkeypatch.setattr(listings, "CHUNK", 7)  # several chunks, and a part-filled last one
    for n in range(40):
        DecisionFactory(
            organisation=two_years,
            decision_date=date(2023, 5, 1) + timedelta(days=n),
            category="housing",
        )
    expected = (
        Decision.objects.filter(category="housing", decision_date__lt=date(2024, 4, 1))
        .order_by("-decision_date", "reference")
        .values_list("reference", flat=True)
    )
    assert len(expected) == 45
    response = client.get("/decisions.csv?category=housing")
    assert response.status_code == 200 and response.streaming
    assert response[listings.ROW_COUNT_HEADER] == "45"
    rows = _rows(response)
    assert [r["reference"] for r in rows] == list(expected)
    assert rows[0]["council_slug"] == "bromsgrove" and rows[0]["category"] == "Housing"


def test_the_csv_applies_the_words_and_filters_of_the_search(client, two_years):
    """Words and dates narrow the CSV exactly as they narrow the page."""
    response = client.get("/decisions.csv?q=roof&from=2023-04-01&to=2024-03-31")
    rows = _rows(response)
    assert response[listings.ROW_COUNT_HEADER] == str(len(rows)) == "1"
    assert "leaking roof" in rows[0]["summary"]
    empty = client.get("/decisions.csv?q=roof&to=2023-01-01")
    assert empty[listings.ROW_COUNT_HEADER] == "0"
    assert _rows(empty) == []


def test_a_council_pages_csv_has_all_its_decisions_not_one_page(client, two_years, monkeypatch):
    """Bromsgrove's 2023-24 page lists 20 of its 42 decisions a page: its CSV twin streams all
    42 (in chunks, newest first, as the page orders them) and says so in X-Row-Count; the
    page's category filter narrows it; an unknown council or year is not found."""
    monkeypatch.setattr(listings, "CHUNK", 5)
    for n in range(40):
        category = "housing" if n % 2 else "planning"
        DecisionFactory(
            organisation=two_years,
            decision_date=date(2023, 6, 1) + timedelta(days=n),
            category=category,
        )
    expected = list(
        Decision.objects.filter(decision_date__range=(date(2023, 4, 1), date(2024, 3, 31)))
        .order_by("-decision_date", "reference")
        .values_list("reference", flat=True)
    )
    assert len(expected) == 42
    assert "42 decisions." in client.get("/councils/bromsgrove/2023-24/").content.decode()
    response = client.get("/councils/bromsgrove/2023-24/decisions.csv?page=2")
    assert response.status_code == 200 and response.streaming
    assert response[listings.ROW_COUNT_HEADER] == "42"
    rows = _rows(response)
    assert [r["reference"] for r in rows] == expected
    assert {r["council"] for r in rows} == {"Bromsgrove District Council"}
    housing = client.get("/councils/bromsgrove/2023-24/decisions.csv?category=housing")
    assert housing[listings.ROW_COUNT_HEADER] == "21" == str(len(_rows(housing)))
    for missing in (
        "/councils/nowhere/2023-24/decisions.csv",
        "/councils/bromsgrove/2024-25/decisions.csv",
    ):
        assert client.get(missing).status_code == 404
