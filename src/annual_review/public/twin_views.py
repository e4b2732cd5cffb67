"""The data twins' views: each page's data as JSON, listings also as CSV (see twins.py), at the\npage's address with .json or .csv; cached and conditional like the pages."""

import functools
from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)

from annual_review.casework.addresses import decision_address, decision_slug, decision_twin_address
from annual_review.casework.search import SearchRefused
from annual_review.public import filters, listings, twins
from annual_review.public.council_decisions import council_decisions_all
from annual_review.public.council_search import councils_search
from annual_review.public.decision_search import (
    DecisionSearch,
    DecisionSearchRefused,
)
from annual_review.public.map_page import MapPage, map_page_build
from annual_review.public.overview import national_years
from annual_review.public.revisions import revisions_page_build
from annual_review.public.views import (
    COUNCIL_PARAMETERS,
    SEARCH_PARAMETERS,
    council_page_for,
    decision_at,
    decision_search_for,
    filters_refused,
    or_404,
)
from annual_review.web.pages import View, page_cached, query_parameters
from annual_review.web.responses import CSV_TYPE, JSON_TYPE, error_response
from annual_review.web.search_slots import (
    SEARCH_BUSY,
    SEARCH_RETRY_SECONDS,
    SearchBusy,
    search_slot,
)


def _data(content: bytes, content_type: str) -> HttpResponse:
    return HttpResponse(content, content_type=content_type)


def data_twin(view: View) -> View:
    """A twin is cached like its page, and open to any site's scripts, as the API is."""
    cached = page_cached(view)

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = cached(request, *args, **kwargs)
        if response.status_code == 200:
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _map_page(request: HttpRequest) -> MapPage:
    page = or_404(
        lambda: map_page_build(
            year=request.GET.get("year"),
            measure=request.GET.get("measure"),
            layer=request.GET.get("layer"),
        )
    )
    assert isinstance(page, MapPage)
    return page


@data_twin
@query_parameters("year", "measure", "layer")
def home_json(request: HttpRequest) -> HttpResponse:
    page = _map_page(request)
    national: dict[str, object] = {"national": national_years()}
    return _data(twins.twin_json(page=page, address="/", extra=national), JSON_TYPE)


@data_twin
@query_parameters("year", "measure", "layer")
def home_csv(request: HttpRequest) -> HttpResponse:
    return _data(twins.map_csv(page=_map_page(request)), CSV_TYPE)


@data_twin
@query_parameters("q")
def council_list_json(request: HttpRequest) -> HttpResponse:
    search = councils_search(query=request.GET.get("q", ""))
    return _data(twins.twin_json(page=search, address="/councils/"), JSON_TYPE)


@data_twin
@query_parameters("q")
def council_list_csv(request: HttpRequest) -> HttpResponse:
    search = councils_search(query=request.GET.get("q", ""))
    return _data(twins.councils_csv(search=search), CSV_TYPE)


@data_twin
@query_parameters(*COUNCIL_PARAMETERS)
def council_latest_json(request: HttpRequest, slug: str) -> HttpResponse:
    page = council_page_for(request, slug, None)
    return _data(twins.twin_json(page=page, address=f"/councils/{slug}/"), JSON_TYPE)


@data_twin
@query_parameters(*COUNCIL_PARAMETERS)
def council_year_json(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    page = council_page_for(request, slug, year)
    address = f"/councils/{slug}/{year}/"
    return _data(twins.twin_json(page=page, address=address), JSON_TYPE)


@data_twin
@query_parameters(*COUNCIL_PARAMETERS)
def council_decisions_csv(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    """Every decision the page lists (all its pages, not one): streamed, the count first."""
    found = or_404(
        lambda: council_decisions_all(
            slug=slug,
            year=year,
            category=request.GET.get("category", ""),
            outcome=request.GET.get("outcome", ""),
        )
    )
    assert isinstance(found, listings.DecisionRows)
    return _streamed_decisions(found)


def _search_twin(request: HttpRequest, answer: Callable[[DecisionSearch], HttpResponse]):
    """A search twin's answer, or its refusal as JSON (400 bad filters or too much asked, 503
    busy)."""
    if bad_filters := filters_refused(request):
        return bad_filters
    try:
        search = decision_search_for(request)
    except DecisionSearchRefused as refused:
        return error_response(status=400, message=refused.message)
    except SearchBusy:
        response = error_response(status=503, message=SEARCH_BUSY)
        response["Retry-After"] = str(SEARCH_RETRY_SECONDS)
        return response
    return answer(search)


@data_twin
@query_parameters(*SEARCH_PARAMETERS)
def decision_search_json(request: HttpRequest) -> HttpResponse:
    return _search_twin(
        request,
        lambda search: _data(twins.twin_json(page=search, address="/decisions/"), JSON_TYPE),
    )


@data_twin
@query_parameters(*SEARCH_PARAMETERS)
def decision_search_csv(request: HttpRequest) -> HttpResponse:
    """Every matching decision, not one page: streamed, the count in a header first. The
    count runs in a search slot (and refuses too many words as the page does); the rows are
    then read in chunks as the answer is sent."""
    if bad_filters := filters_refused(request):
        return bad_filters
    date_from, date_to = filters.decision_dates_read(query=request.GET)
    try:
        with search_slot():
            found = listings.decisions_search_all(
                text=request.GET.get("q", ""),
                council=request.GET.get("council", ""),
                category=request.GET.get("category", ""),
                outcome=request.GET.get("outcome", ""),
                date_from=date_from,
                date_to=date_to,
            )
    except SearchRefused as refused:
        return error_response(status=400, message=str(refused))
    except SearchBusy:
        response = error_response(status=503, message=SEARCH_BUSY)
        response["Retry-After"] = str(SEARCH_RETRY_SECONDS)
        return response
    return _streamed_decisions(found)


def _streamed_decisions(found: listings.DecisionRows) -> HttpResponse:
    """Decisions as CSV, streamed, with the count in a header before the rows."""
    streamed = StreamingHttpResponse(
        listings.decisions_csv_stream(rows=found.rows), content_type=CSV_TYPE
    )
    streamed[listings.ROW_COUNT_HEADER] = str(found.total)
    return streamed  # type: ignore[return-value]


@data_twin
def decision_detail_json(request: HttpRequest, reference: str) -> HttpResponse:
    page = decision_at(reference)
    found = page.decision.reference
    if reference != decision_slug(found):
        return HttpResponsePermanentRedirect(decision_twin_address(found))
    return _data(twins.twin_json(page=page, address=decision_address(found)), JSON_TYPE)


@data_twin
def revisions_json(request: HttpRequest) -> HttpResponse:
    page = revisions_page_build()
    return _data(twins.twin_json(page=page, address="/revisions/"), JSON_TYPE)


@data_twin
def revisions_csv(request: HttpRequest) -> HttpResponse:
    return _data(twins.revisions_csv(page=revisions_page_build()), CSV_TYPE)
