"""The API's OpenAPI 3.1 document, written by hand; tests check it against the views' answers."""

from typing import Any

from annual_review.api.filters import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH
from annual_review.casework.models import Category, Outcome
from annual_review.imports.models import DatasetLabel
from annual_review.opendata.sources import LICENCE_ID, LICENCE_TITLE
from annual_review.register.models import ComparisonGroup, OrganisationCode

YEAR_PATTERN = r"^\d{4}-\d{2}$"
CODE_PATTERN = r"^[A-Za-z0-9_-]{1,16}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema["type"]
    return schema | {"type": [kind, "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


TEXT = {"type": "string"}
COUNT = {"type": "integer", "minimum": 0}
LINK = {"type": "string", "description": "A path on this site."}
DATE = {"type": "string", "format": "date"}
RATE = {
    "type": ["number", "null"],
    "minimum": 0,
    "maximum": 1,
    "description": "A fraction from 0 to 1, unrounded; null when its denominator is zero.",
}
PER_100K = {
    "type": ["number", "null"],
    "minimum": 0,
    "description": "Upheld investigations per 100,000 residents; null without a population.",
}
GROUP = {"type": ["string", "null"], "enum": [*ComparisonGroup.values, None]}

# Types of the columns of `annual-review stats` (statistics_rows), in its order.
STATISTICS_ROW: dict[str, Any] = {
    "organisation_code": TEXT,
    "gss_code": TEXT,
    "name": TEXT,
    "comparison_group": GROUP,
    "decisions": COUNT,
    "investigations": COUNT,
    "upheld": COUNT,
    "not_upheld": COUNT,
    "uphold_rate": RATE,
    "uphold_rate_low": RATE,
    "uphold_rate_high": RATE,
    "upheld_per_100k": PER_100K,
    "population": _nullable(COUNT),
    "population_year": _nullable({"type": "integer"}),
    "compliance_outcomes": COUNT,
    "compliance_rate": RATE,
    "compliance_rate_low": RATE,
    "compliance_rate_high": RATE,
    "satisfactory_remedies": COUNT,
    "satisfactory_remedy_rate": RATE,
    "satisfactory_remedy_rate_low": RATE,
    "satisfactory_remedy_rate_high": RATE,
    "group_uphold_rate": RATE,
    "group_upheld_per_100k": PER_100K,
    "group_compliance_rate": RATE,
    "group_satisfactory_remedy_rate": RATE,
}

ORGANISATION: dict[str, Any] = {
    "code": {"type": "string", "description": "The stable register code, e.g. BRM."},
    "name": TEXT,
    "short_name": TEXT,
    "slug": TEXT,
    "gss_code": _nullable(TEXT),
    "type": _nullable(TEXT),
    "comparison_group": GROUP,
    "region": _nullable(TEXT),
    "parent": _nullable(TEXT),
    "url": LINK,
    "site": _ref("SiteLinks"),
}

SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {
            "error": _object(
                {"status": {"type": "integer"}, "message": TEXT},
            )
        },
        "What went wrong, in words, with the HTTP status repeated.",
    ),
    "Dataset": _object(
        {
            "kind": {"type": "string", "enum": DatasetLabel.Kind.values},
            "notice": _nullable(TEXT),
        },
        "Whether the data are real records or generated for demonstration.",
    ),
    "SiteLinks": _object({"page": LINK}),
    "SiteYearLinks": _object({"page": LINK, "letter": LINK, "letter_pdf": LINK}),
    "OrganisationSummary": _object({"code": TEXT, "name": TEXT, "slug": TEXT, "url": LINK}),
    "Organisation": _object(ORGANISATION),
    "OrganisationYear": _object(
        {"year": TEXT, "statistics": LINK, "decisions": LINK, "site": _ref("SiteYearLinks")}
    ),
    "FiguresVersion": _object(
        {
            "number": {"type": "integer", "minimum": 1},
            "published_at": {"type": "string", "format": "date-time"},
            "reason": _nullable(TEXT),
            "statistics": LINK,
            "downloads": LINK,
        },
        "One frozen version of a year's figures: when it was published and, for a revision, why.",
    ),
    "Year": _object(
        {
            "year": {"type": "string", "pattern": YEAR_PATTERN},
            "start": DATE,
            "end": DATE,
            "published_at": {"type": "string", "format": "date-time"},
            "url": LINK,
            "statistics": LINK,
            "letters": LINK,
            "decisions": LINK,
            "downloads": LINK,
        },
        "A published reporting year: 1 April to 31 March.",
    ),
    "StatisticsRow": _object(
        STATISTICS_ROW,
        "One organisation's figures for a year: the columns of `annual-review stats`.",
    ),
    "GroupAverages": _object(
        {
            "group": {"type": "string", "enum": ComparisonGroup.values},
            "members": COUNT,
            "uphold_rate": RATE,
            "upheld_per_100k": PER_100K,
            "compliance_rate": RATE,
            "satisfactory_remedy_rate": RATE,
            "contributing": {
                "type": "object",
                "additionalProperties": COUNT,
                "description": "How many members each average is based on.",
            },
        }
    ),
    "LetterVersion": _object(
        {
            "number": {"type": "integer", "minimum": 1},
            "approved_at": _nullable({"type": "string", "format": "date-time"}),
            "published_at": _nullable({"type": "string", "format": "date-time"}),
            "template_version": TEXT,
            "html_sha256": TEXT,
            "pdf_sha256": TEXT,
        },
        "A frozen letter: never re-rendered; a correction is a new version.",
    ),
    "Decision": _object(
        {
            "reference": TEXT,
            "organisation": _ref("OrganisationSummary"),
            "decision_date": DATE,
            "received_date": _nullable(DATE),
            "category": {"type": "string", "enum": Category.values},
            "category_name": TEXT,
            "outcome": {"type": "string", "enum": Outcome.values},
            "outcome_name": TEXT,
            "satisfactory_remedy": {"type": "boolean"},
            "public_report": {"type": "boolean"},
            "summary": TEXT,
            "url": LINK,
        }
    ),
}


def _document_of(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return _object({"dataset": _ref("Dataset"), **properties}, description)


RESPONSES: dict[str, Any] = {
    "Index": _object(
        {
            "openapi": LINK,
            "organisations": LINK,
            "years": LINK,
            "decisions": LINK,
            "downloads": LINK,
        }
    ),
    "OrganisationList": _document_of(
        {"count": COUNT, "organisations": {"type": "array", "items": _ref("Organisation")}},
        "Every organisation in the register.",
    ),
    "OrganisationDetail": _document_of(
        {
            "organisation": _object(
                {
                    **ORGANISATION,
                    "codes": {
                        "type": "array",
                        "items": _object(
                            {
                                "code": TEXT,
                                "kind": {"type": "string", "enum": OrganisationCode.Kind.values},
                            }
                        ),
                    },
                    "years": {"type": "array", "items": _ref("OrganisationYear")},
                }
            )
        },
        "One organisation with its codes and its published years.",
    ),
    "YearList": _document_of(
        {"years": {"type": "array", "items": _ref("Year")}}, "Published years, newest first."
    ),
    "YearDetail": _document_of({"year": _ref("Year")}, "One published year."),
    "YearVersions": _document_of(
        {"year": TEXT, "versions": {"type": "array", "items": _ref("FiguresVersion")}},
        "Every public version of a year's figures, newest first (version 1 is the first "
        "publication; later ones are revisions, each with its reason).",
    ),
    "YearStatistics": _document_of(
        {
            "year": TEXT,
            "version": _ref("FiguresVersion"),
            "group_average": {"type": "string", "enum": ["mean", "pooled"]},
            "groups": {"type": "object", "additionalProperties": _ref("GroupAverages")},
            "organisations": {"type": "array", "items": _ref("StatisticsRow")},
        },
        "Every organisation's statistics for a published year.",
    ),
    "OrganisationYearStatistics": _document_of(
        {
            "year": TEXT,
            "version": _ref("FiguresVersion"),
            "group_average": {"type": "string", "enum": ["mean", "pooled"]},
            "organisation": _ref("OrganisationSummary"),
            "statistics": _ref("StatisticsRow"),
            "decisions_by_outcome": _object({v: COUNT for v in Outcome.values}),
            "decisions_by_category": _object({v: COUNT for v in Category.values}),
            "group": {"oneOf": [_ref("GroupAverages"), {"type": "null"}]},
            "site": _ref("SiteYearLinks"),
        },
        "One organisation's statistics for a published year, beside its group's averages.",
    ),
    "YearLetters": _document_of(
        {
            "year": TEXT,
            "letters": {
                "type": "array",
                "items": _object(
                    {
                        "organisation": _object({"code": TEXT, "name": TEXT, "slug": TEXT}),
                        "html": LINK,
                        "pdf": LINK,
                        "version": {
                            "oneOf": [_ref("LetterVersion"), {"type": "null"}],
                            "description": "The frozen letter the site serves once approved; "
                            "null while the site shows the letter as generated from the figures.",
                        },
                    }
                ),
            },
        },
        "Where each organisation's annual letter for the year is on the public site.",
    ),
    "DecisionPage": _document_of(
        {
            "count": COUNT,
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "pages": {"type": "integer", "minimum": 1},
            "next": _nullable(LINK),
            "previous": _nullable(LINK),
            "results": {"type": "array", "items": _ref("Decision")},
        },
        "One page of decisions, newest first.",
    ),
    "DecisionDetail": _document_of({"decision": _ref("Decision")}, "One published decision."),
}


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
    {"type": "string", "pattern": CODE_PATTERN},
    "An organisation's register code.",
    example="BRM",
)


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


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
            "content": {"application/json": {"schema": _ref(response)}},
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
        {"type": "string", "pattern": CODE_PATTERN},
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
        "Words in the summary or the reference (case-insensitive).",
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
