"""A published decision's public fields are one list (`casework.public_fields`): the bulk
download's columns and the API's decision fields are that list, in its order, with the same
values."""

import csv
import io
from datetime import UTC, datetime

import pytest

from annual_review.api.schemas import SCHEMAS
from annual_review.api.selectors import decision_detail
from annual_review.casework.public_fields import DECISION_PUBLIC_FIELDS
from annual_review.opendata.dictionary import DECISION_FIELDS
from annual_review.opendata.record_files import decisions_csv_build
from tests.api.records import casework_create

pytestmark = pytest.mark.django_db

PUBLIC = [f.name for f in DECISION_PUBLIC_FIELDS]
# What the API adds of its own: each code's name, and the decision's address.
API_DERIVED = {"category_name", "outcome_name", "url"}


def _as_csv(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def test_the_download_and_the_api_give_the_decisions_public_fields():
    """decisions.csv's header and data dictionary are the public fields; the API's decision,
    its organisation unfolded into code and name and without what it derives, has the same
    fields in the same order, with the values the download has for that decision; and the
    OpenAPI schema describes exactly the API's fields."""
    year = casework_create().published
    rows = list(
        csv.DictReader(
            io.StringIO(decisions_csv_build(year=year, made_at=datetime.now(UTC)).decode())
        )
    )
    assert rows and list(rows[0]) == PUBLIC
    assert [f.name for f in DECISION_FIELDS] == PUBLIC

    for row in rows:
        record = decision_detail(reference=row["reference"])["decision"]
        unfolded: dict[str, object] = {}
        for key, value in record.items():
            if key == "organisation":
                unfolded["organisation"] = value["code"]
                unfolded["organisation_name"] = value["name"]
            elif key not in API_DERIVED:
                unfolded[key] = value
        assert list(unfolded) == PUBLIC
        assert {k: _as_csv(v) for k, v in unfolded.items()} == row
    assert list(SCHEMAS["Decision"]["properties"]) == list(record)
