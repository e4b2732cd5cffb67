"""The OpenAPI document tells the truth: every route is in it, and schemathesis finds every
answer, for generated requests, to be what the document says."""

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.urls import URLPattern, get_resolver
from hypothesis import HealthCheck, settings

from annual_review.api.openapi import openapi_document
from annual_review.api.responses import NOT_FOUND
from annual_review.api.schemas import STATISTICS_ROW
from annual_review.api.urls import urlpatterns
from annual_review.statistics.selectors import STATISTICS_COLUMNS
from tests.examples import examples


def _documented_path(pattern: URLPattern) -> str:
    # Django's "years/<segment:year>.json" is OpenAPI's "/api/v1/years/{year}.json".
    route = str(pattern.pattern).replace("<segment:", "{").replace("<int:", "{").replace(">", "}")
    return f"/api/v1/{route}"


def test_every_route_is_documented_and_nothing_else():
    """The document's paths are exactly the API's routes (besides the JSON 404 catch-all)."""
    routes = {_documented_path(p) for p in urlpatterns if p.name != "not-found"}
    assert routes == set(openapi_document()["paths"])


def test_every_statistics_column_is_described():
    """The statistics row schema has the columns of `annual-review stats`, in the same order."""
    assert list(STATISTICS_ROW) == STATISTICS_COLUMNS


def test_the_document_is_served(client):
    """/api/v1/openapi.json serves the document itself, as OpenAPI 3.1."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == openapi_document()
    assert response.json()["openapi"] == "3.1.0"


def test_the_api_is_mounted_where_documented():
    """The site's URLconf mounts the API at /api/v1/, as the document's paths say."""
    from annual_review import urls

    mounted = [str(p.pattern) for p in urls.urlpatterns]
    assert "api/v1/" in mounted
    assert get_resolver("tests.api.urls").resolve("/api/v1/openapi.json").url_name == "openapi"


@pytest.fixture
def transactional_signals() -> Iterator[None]:
    """Keep the test's database connection across in-process WSGI requests, as Django's test
    client does: closing it at the end of a request would end the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded eagerly (the document needs no database): schemathesis's fixture-based lazy loader does
# not work with pytest 9. test_the_document_is_served shows this is what the site serves.
schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = get_wsgi_application()


# Where a failing generated request is kept (appended, newest last: Hypothesis shrinks it, so the
# last one written is the smallest), for CI to keep as an artifact beside its log.
FAILURES = (
    Path(os.environ.get("ANNUAL_REVIEW_TEST_FAILURES_DIR") or tempfile.gettempdir())
    / "schemathesis-failures.txt"
)


@schema.parametrize()
@settings(
    max_examples=examples(30),
    deadline=None,
    # A failure prints the example as `@reproduce_failure(...)`, to replay it exactly.
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_documented(case, casework, transactional_signals):
    """For generated requests, every status, header and body conforms to the document."""
    try:
        case.call_and_validate(headers={"Accept-Encoding": "identity"})
    except Exception as failure:
        FAILURES.parent.mkdir(parents=True, exist_ok=True)
        with FAILURES.open("a", encoding="utf-8") as kept:
            kept.write(
                f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} on {connection.vendor}: "
                f"{case.operation.label}\n{case.as_curl_command()}\n{failure}\n\n"
            )
        raise


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/decisions/{}.json",
        "/api/v1/organisations/{}.json",
        "/api/v1/years/{}.json",
        "/api/v1/years/{}/statistics.json",
        "/api/v1/years/2023-24/statistics/{}.json",
        "/api/v1/years/{}/letters.json",
        "/api/v1/years/{}/versions.json",
        "/api/v1/years/{}/versions/1/statistics.json",
    ],
)
def test_a_path_parameter_holding_a_nul_is_the_documented_404(client, casework, path):
    """A NUL or other control character in a code, year or reference (which schemathesis
    sends now and then) names nothing: the documented JSON 404 on both databases (PostgreSQL
    had answered 500, refusing the NUL in the query; a line feed had reached the site's HTML
    404)."""
    for value in ("%00", "23%00000%20001", "BRM%00", "%C3%9E%02%C2%91%0A", "%0A"):
        address = path.format(value)
        response = client.get(address)
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/json"
        expected = NOT_FOUND.format(path=unquote(address))
        assert response.json()["error"]["message"] == expected
