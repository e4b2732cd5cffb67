"""The API's decisions search under hostile input: a JSON 400 or results, never a 500."""

import json
from urllib.parse import urlencode

import pytest

from annual_review.api.filters import BAD_TEXT, MAX_QUERY_LENGTH
from annual_review.web.search_slots import SEARCH_BUSY, search_slot
from tests.public.test_search import HOSTILE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_answered_in_json(client, casework, text):
    """Control characters are a 400 naming the rule; anything else is searched for as typed."""
    response = client.get("/api/v1/decisions.json?" + urlencode({"q": text}))
    body = json.loads(response.content)
    if any(ord(c) < 32 for c in text):
        assert response.status_code == 400
        assert body["error"]["message"] == BAD_TEXT.format(limit=MAX_QUERY_LENGTH)
    else:
        assert response.status_code == 200, body
        assert isinstance(body["results"], list)


def test_very_long_text_is_a_400(client, casework):
    """A q longer than the limit is refused before any search is made."""
    response = client.get("/api/v1/decisions.json?" + urlencode({"q": "roof " * 10_000}))
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["message"] == BAD_TEXT.format(
        limit=MAX_QUERY_LENGTH
    )


def test_a_busy_search_is_a_json_503(client, casework, settings):
    """With every search slot of the process taken, the API's search answers 503 at once."""
    settings.ANNUAL_REVIEW_SEARCH_CONCURRENCY = 1
    with search_slot():
        response = client.get("/api/v1/decisions.json?q=roof")
    assert response.status_code == 503
    assert json.loads(response.content)["error"] == {"status": 503, "message": SEARCH_BUSY}
    assert client.get("/api/v1/decisions.json?q=roof").status_code == 200
