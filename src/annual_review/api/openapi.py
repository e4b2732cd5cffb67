"""The API's OpenAPI 3.1 document, written by hand; tests check it against the views' answers."""

from typing import Any

from annual_review.api.filters import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH
from annual_review.api.schemas import DATE_PATTERN, RESPONSES, SCHEMAS, YEAR_PATTERN, schema_ref
from annual_review.casework.models import Category, Outcome
from annual_review.register.models import ORGANISATION_CODE_PATTERN
from annual_review.sources import LICENCE_ID, LICENCE_TITLE


def _parameter(
    name: str, where: str, schema: dict[str, Any], description: str, **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
        **extra,
    }


YEAR_PARAMETER = _parameter(
    "year",
    "path",
    {"type": "string", "pattern": YEAR_PATTERN},
    "A published reporting year.",
    example="2023-24",
)


CODE_PARAMETER = _parameter(
    "code",
    "path",
    {"type": "string", "pattern": ORGANISATION_CODE_PATTERN},
    "An organisation's register code.",
    example="BRM",
)


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema_ref("Error")}},
    }


def _get(
    summary: str,
    response: str,
    *,
    parameters: list[dict[str, Any]] | None = None,
    bad_request: bool = False,
    operation: str,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": {
                "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
            },
            "content": {"application/json": {"schema": schema_ref(response)}},
        },
        "404": _error("Not found, or of a year that is not published yet."),
        "405": _error("Only GET, HEAD and OPTIONS are allowed."),
    }
    if bad_request:
        responses["400"] = _error("A query parameter is not valid.")
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": parameters or [],
            "responses": responses,
        }
    }


DECISION_PARAMETERS = [
    _parameter(
        "organisation",
        "query",
        {"type": "string", "pattern": ORGANISATION_CODE_PATTERN},
        "Register code of the organisation.",
        example="BRM",
    ),
    _parameter(
        "year",
        "query",
        {"type": "string", "pattern": YEAR_PATTERN},
        "Decided within this published year.",
        example="2023-24",
    ),
    _parameter(
        "category",
        "query",
        {"type": "string", "enum": Category.values},
        "Subject of the complaint.",
    ),
    _parameter(
        "outcome", "query", {"type": "string", "enum": Outcome.values}, "How it was decided."
    ),
    _parameter(
        "decided_from",
        "query",
        {"type": "string", "format": "date", "pattern": DATE_PATTERN},
        "Decided on or after this date.",
    ),
    _parameter(
        "decided_to",
        "query",
        {"type": "string", "format": "date", "pattern": DATE_PATTERN},
        "Decided on or before this date (a range ending before it starts matches nothing).",
    ),
    _parameter(
        "q",
        "query",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": r"^[^\x00-\x1f\x7f]*$"},
        "Words, all of which the summary holds (stemmed: repairs finds repair), as the site's "
        "search finds them; text with a digit also finds references holding it.",
    ),
    _parameter(
        "page",
        "query",
        {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
        "Page number, from 1.",
    ),
    _parameter(
        "page_size",
        "query",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        "Decisions per page.",
    ),
]


PATHS: dict[str, Any] = {
    "/api/v1/": _get("Links to the API's resources", "Index", operation="index"),
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "405": _error("Only GET, HEAD and OPTIONS are allowed."),
            },
        }
    },
    "/api/v1/organisations.json": _get(
        "Every organisation", "OrganisationList", operation="organisations"
    ),
    "/api/v1/organisations/{code}.json": _get(
        "One organisation",
        "OrganisationDetail",
        parameters=[CODE_PARAMETER],
        operation="organisation",
    ),
    "/api/v1/years.json": _get("Published reporting years", "YearList", operation="years"),
    "/api/v1/years/{year}.json": _get(
        "One published year", "YearDetail", parameters=[YEAR_PARAMETER], operation="year"
    ),
    "/api/v1/years/{year}/statistics.json": _get(
        "Every organisation's statistics for a year",
        "YearStatistics",
        parameters=[YEAR_PARAMETER],
        operation="year_statistics",
    ),
    "/api/v1/years/{year}/statistics/{code}.json": _get(
        "One organisation's statistics for a year",
        "OrganisationYearStatistics",
        parameters=[YEAR_PARAMETER, CODE_PARAMETER],
        operation="organisation_year_statistics",
    ),
    "/api/v1/years/{year}/letters.json": _get(
        "Where the year's annual letters are",
        "YearLetters",
        parameters=[YEAR_PARAMETER],
        operation="year_letters",
    ),
    "/api/v1/years/{year}/versions.json": _get(
        "Every published version of a year's figures",
        "YearVersions",
        parameters=[YEAR_PARAMETER],
        operation="year_versions",
    ),
    "/api/v1/years/{year}/versions/{number}/statistics.json": _get(
        "One version of a year's statistics",
        "YearStatistics",
        parameters=[
            YEAR_PARAMETER,
            _parameter(
                "number",
                "path",
                {"type": "integer", "minimum": 1, "maximum": 32767},
                "The version's number (1 is the first publication).",
                example=1,
            ),
        ],
        operation="year_version_statistics",
    ),
    "/api/v1/decisions.json": _get(
        "Search published decisions",
        "DecisionPage",
        parameters=DECISION_PARAMETERS,
        bad_request=True,
        operation="decisions",
    ),
    "/api/v1/decisions/{reference}.json": _get(
        "One published decision",
        "DecisionDetail",
        parameters=[
            _parameter(
                "reference",
                "path",
                {"type": "string", "minLength": 1},
                "The decision's reference with hyphens for spaces (24-329-705), as the "
                "decisions' `url` gives it; the reference as written is accepted too.",
            )
        ],
        operation="decision",
    ),
}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of /api/v1/, as served at /api/v1/openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Annual Review API",
            "version": "1.0.0",
            "summary": "Published annual review statistics, decisions and letters, read-only.",
            "description": (
                "Read-only JSON about the organisations the Ombudsman reports on and the published "
                "reporting years: statistics, decisions and where the annual letters are. Rates "
                "are unrounded fractions from 0 to 1 and null where undefined. Any origin may read "
                "it (CORS). Data from unpublished years are never served. Bulk files are at "
                "/downloads/."
            ),
            # The downloads' licence (opendata/sources.py): one licence for the same data.
            "license": {"name": LICENCE_TITLE, "identifier": LICENCE_ID},
        },
        "servers": [{"url": "/"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS | RESPONSES},
    }
