"""JSON bodies and responses, JSON errors, open CORS and conditional (ETag) answers."""

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
JSON_TYPE = "application/json"
CSV_TYPE = "text/csv; charset=utf-8"
# Short enough that a correction shows within minutes, long enough to absorb publication day.
CACHE_CONTROL = "public, max-age=300"


def json_body(value: Any) -> bytes:
    """The bytes of a JSON answer: the server's and the static export's are the same."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def json_response(body: Any, *, status: int = 200) -> HttpResponse:
    """A JSON response with the headers every JSON answer carries."""
    response = HttpResponse(json_body(body), status=status, content_type=JSON_TYPE)
    cross_origin(response)
    if status == 200:
        response["Cache-Control"] = CACHE_CONTROL
    return response


def error_response(*, status: int, message: str) -> HttpResponse:
    """An error as JSON: {"error": {"status": 404, "message": "..."}}."""
    return json_response({"error": {"status": status, "message": message}}, status=status)


def cross_origin(response: HttpResponse) -> None:
    """Open the response to any site's scripts.

    Published data are public: any site may read them from a browser. No credentials are used,
    so the wildcard is safe.
    """
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = "86400"


def content_etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def conditional(
    request: HttpRequest, response: HttpResponse, *, etag: str | None = None
) -> HttpResponse:
    """Tag a 200 with an ETag of its bytes, and answer 304 when the client already has them
    (a CDN or browser revalidating on publication day then costs no body)."""
    etag = etag or content_etag(response.content)
    response["ETag"] = etag
    # get_conditional_response compares weakly, so a tag gzip made weak still matches.
    answer = get_conditional_response(request, etag=etag, response=response)
    if answer is None or answer is response:
        return response
    cross_origin(answer)
    return answer
