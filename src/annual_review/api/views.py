"""The API's views: each reads its parameters, calls one selector and returns its value as JSON."""

from typing import Any

from django.http import HttpRequest

from annual_review.api import selectors
from annual_review.api.errors import Busy, NotFound
from annual_review.api.filters import decision_filters_parse
from annual_review.api.openapi import openapi_document
from annual_review.api.responses import NOT_FOUND, api_view
from annual_review.web.search_slots import SearchBusy, search_slot


@api_view
def api_index(request: HttpRequest) -> dict[str, Any]:
    root = selectors.API_ROOT
    return {
        "openapi": f"{root}/openapi.json",
        "organisations": f"{root}/organisations.json",
        "years": f"{root}/years.json",
        "decisions": f"{root}/decisions.json",
        "downloads": "/downloads/",
    }


@api_view
def openapi(request: HttpRequest) -> dict[str, Any]:
    return openapi_document()


@api_view
def organisations(request: HttpRequest) -> dict[str, Any]:
    return selectors.organisations_list()


@api_view
def organisation(request: HttpRequest, code: str) -> dict[str, Any]:
    return selectors.organisation_detail(code=code)


@api_view
def years(request: HttpRequest) -> dict[str, Any]:
    return selectors.years_list()


@api_view
def year(request: HttpRequest, year: str) -> dict[str, Any]:
    return selectors.year_detail(year=year)


@api_view
def year_statistics(request: HttpRequest, year: str) -> dict[str, Any]:
    return selectors.year_statistics(year=year)


@api_view
def year_versions(request: HttpRequest, year: str) -> dict[str, Any]:
    return selectors.year_versions(year=year)


@api_view
def year_version_statistics(request: HttpRequest, year: str, number: int) -> dict[str, Any]:
    return selectors.year_statistics(year=year, version=number)


@api_view
def organisation_year_statistics(request: HttpRequest, year: str, code: str) -> dict[str, Any]:
    return selectors.organisation_year_statistics(year=year, code=code)


@api_view
def year_letters(request: HttpRequest, year: str) -> dict[str, Any]:
    return selectors.year_letters(year=year)


@api_view
def decisions(request: HttpRequest) -> dict[str, Any]:
    filters = decision_filters_parse(query={k: request.GET.getlist(k) for k in request.GET})
    try:
        with search_slot():
            return selectors.decisions_search(filters=filters)
    except SearchBusy as busy:
        raise Busy(str(busy)) from None


@api_view
def decision(request: HttpRequest, reference: str) -> dict[str, Any]:
    return selectors.decision_detail(reference=reference)


@api_view
def not_found(request: HttpRequest, rest: str = "") -> dict[str, Any]:
    """Anything else under /api/v1/ is a JSON 404, not the site's HTML one."""
    raise NotFound(NOT_FOUND.format(path=request.path))
