"""Every API answer is JSON, readable from any origin, read-only, with errors as JSON."""

import json

import pytest

from annual_review.api.responses import METHOD_NOT_ALLOWED, NOT_FOUND

pytestmark = pytest.mark.django_db


def test_get_allows_any_origin(client, casework):
    """A browser script on any site may read the API: GET answers carry the CORS wildcard."""
    response = client.get("/api/v1/years.json", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response["Cache-Control"]


def test_head_answers_like_get(client, casework):
    """HEAD is allowed and carries the same headers as GET."""
    response = client.head("/api/v1/years.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_preflight_is_answered_without_a_body(client):
    """An OPTIONS preflight gets 204 with the allowed methods, on any API path."""
    response = client.options(
        "/api/v1/decisions.json",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response.content == b""


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused_with_405(client, casework, method):
    """The API is read-only: other methods get a JSON 405 naming what is allowed (not a CSRF 403)."""
    response = getattr(client, method)("/api/v1/decisions.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == {
        "error": {"status": 405, "message": METHOD_NOT_ALLOWED.format(method=method.upper())}
    }


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/years/2023-24/", "/api/v1/x/y"])
def test_unknown_paths_are_json_404s(client, path):
    """Anything under /api/v1/ that is not a resource is a JSON 404, not the site's HTML page."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "error": {"status": 404, "message": NOT_FOUND.format(path=path)}
    }
    assert "Cache-Control" not in response


def test_a_client_with_the_current_answer_gets_304(client, casework):
    """Revalidating with the ETag costs no body; a changed answer gets a new tag."""
    first = client.get("/api/v1/years.json")
    again = client.get("/api/v1/years.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    weak = client.get("/api/v1/years.json", HTTP_IF_NONE_MATCH="W/" + first["ETag"])
    assert weak.status_code == 304
    casework.embargoed.publish_at = casework.published.publish_at
    casework.embargoed.save()
    changed = client.get("/api/v1/years.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
