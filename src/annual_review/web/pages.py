"""Whole rendered pages served from the shared cache (web/caching.py) while the data is unchanged."""

import functools
import gzip
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from annual_review.web.caching import page_get, page_put, site_version_pinned

View = Callable[..., HttpResponse]


def query_parameters(*names: str) -> Callable[[View], View]:
    """The query parameters a view reads; page_cached gives it those and no others."""

    def mark(view: View) -> View:
        view.query_parameters = names  # type: ignore[attr-defined]
        return view

    return mark


def _known_query(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    """Only the parameters a view reads, once each (the last given, as QueryDict.get reads),
    in a fixed order, empty ones dropped: a different query string is a different page."""
    known = QueryDict(mutable=True)
    for name in names:
        value = query.get(name)
        if value:
            known[name] = value
    known._mutable = False
    return known


def page_cached(view: View) -> View:
    """Serve a whole rendered page from the shared cache while the published data is unchanged.

    The page is kept compressed too, so that a warm request costs neither rendering nor gzip.
    The view sees only the query parameters it declares (query_parameters), and the page is
    stored under those: an unknown or repeated parameter can neither bypass the cache nor
    find its way into the page's links.
    """
    names: tuple[str, ...] = getattr(view, "query_parameters", ())

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        started = time.perf_counter()
        request.GET = _known_query(request.GET, names)  # type: ignore[assignment]
        # One version for the whole page, read before anything is built (web/caching.py).
        with site_version_pinned():
            key = (view.__name__, request.path, request.GET.urlencode())
            found = page_get(key)
            if found is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                found = (
                    gzip.compress(response.content, compresslevel=6, mtime=0),
                    response["Content-Type"],
                )
                page_put(key, found)
        compressed, content_type = found
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            response = HttpResponse(compressed, content_type=content_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(compressed), content_type=content_type)
        patch_vary_headers(response, ("Accept-Encoding",))
        # Server time of the page itself, for benchmarks and browsers' developer tools.
        response["Server-Timing"] = f"page;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response

    return require_safe(wrapped)
