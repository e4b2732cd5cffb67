"""How every API view answers: JSON bodies, JSON errors, read-only methods and open CORS."""

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.csrf import csrf_exempt

from annual_review.api.errors import ApiError

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
METHOD_NOT_ALLOWED = "The API is read-only: {method} is not allowed here; use GET."
NOT_FOUND = "There is nothing at {path}. The API is described at /api/v1/openapi.json."
JSON_TYPE = "application/json"
# Short enough that a correction shows within minutes, long enough to absorb publication day.
CACHE_CONTROL = "public, max-age=300"

ApiView = Callable[..., Any]


def json_body(value: Any) -> bytes:
    """The bytes of an API answer: the server's and the static export's are the same."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def json_response(body: Any, *, status: int = 200) -> HttpResponse:
    """A JSON response with the headers every API answer carries."""
    response = HttpResponse(json_body(body), status=status, content_type=JSON_TYPE)
    _cross_origin(response)
    if status == 200:
        response["Cache-Control"] = CACHE_CONTROL
    return response


def error_response(*, status: int, message: str) -> HttpResponse:
    """An error as JSON: {"error": {"status": 404, "message": "..."}}."""
    return json_response({"error": {"status": status, "message": message}}, status=status)


def _cross_origin(response: HttpResponse) -> None:
    # Published data are public: any site may read them from a browser. No credentials are used,
    # so the wildcard is safe.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = "86400"


def api_view(view: ApiView) -> Callable[..., HttpResponse]:
    """Wrap a view that returns a JSON-ready value: GET/HEAD answer it, OPTIONS answers the CORS
    preflight, any other method is 405, and an ApiError becomes its JSON error."""

    @csrf_exempt  # read-only: other methods are refused below, never processed
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            _cross_origin(response)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        if request.method not in ALLOWED_METHODS:
            response = error_response(
                status=405, message=METHOD_NOT_ALLOWED.format(method=request.method)
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        try:
            body = view(request, *args, **kwargs)
        except ApiError as exc:
            return error_response(status=exc.status, message=exc.message)
        return conditional(request, json_response(body))

    return wrapped


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
    _cross_origin(answer)
    return answer
