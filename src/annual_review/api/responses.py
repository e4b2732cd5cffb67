"""How every API view answers: JSON bodies and errors (web/responses.py), read-only methods."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from annual_review.api.errors import ApiError
from annual_review.web.responses import (
    ALLOWED_METHODS,
    conditional,
    cross_origin,
    error_response,
    json_response,
)

METHOD_NOT_ALLOWED = "The API is read-only: {method} is not allowed here; use GET."
NOT_FOUND = "There is nothing at {path}. The API is described at /api/v1/openapi.json."

ApiView = Callable[..., Any]


def api_view(view: ApiView) -> Callable[..., HttpResponse]:
    """Wrap a view that returns a JSON-ready value: GET/HEAD answer it, OPTIONS answers the CORS
    preflight, any other method is 405, and an ApiError becomes its JSON error. (An address holding a
    control character matches no view: `annual_review/converters.py`.)"""

    @csrf_exempt  # read-only: other methods are refused below, never processed
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            cross_origin(response)
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
