"""The shapes the API's answers take, as OpenAPI 3.1 schemas (the document's components)."""

from typing import Any

from annual_review.api.filters import MAX_PAGE_SIZE
from annual_review.casework.models import Category, DatasetLabel, Outcome
from annual_review.casework.search import SEARCH_RESULTS_CAP
from annual_review.register.models import ComparisonGroup, OrganisationCode

YEAR_PATTERN = r"^\d{4}-\d{2}$"


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema["type"]
    return schema | {"type": [kind, "null"]}


def schema_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def schema_object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
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
    "population": nullable(COUNT),
    "population_year": nullable({"type": "integer"}),
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
    "gss_code": nullable(TEXT),
    "type": nullable(TEXT),
    "comparison_group": GROUP,
    "region": nullable(TEXT),
    "parent": nullable(TEXT),
    "url": LINK,
    "site": schema_ref("SiteLinks"),
}


SCHEMAS: dict[str, Any] = {
    "Error": schema_object(
        {
            "error": schema_object(
                {"status": {"type": "integer"}, "message": TEXT},
            )
        },
        "What went wrong, in words, with the HTTP status repeated.",
    ),
    "Dataset": schema_object(
        {
            "kind": {"type": "string", "enum": DatasetLabel.Kind.values},
            "notice": nullable(TEXT),
        },
        "Whether the data are real records or generated for demonstration.",
    ),
    "SiteLinks": schema_object({"page": LINK}),
    "SiteYearLinks": schema_object({"page": LINK, "letter": LINK, "letter_pdf": LINK}),
    "OrganisationSummary": schema_object({"code": TEXT, "name": TEXT, "slug": TEXT, "url": LINK}),
    "Organisation": schema_object(ORGANISATION),
    "OrganisationYear": schema_object(
        {"year": TEXT, "statistics": LINK, "decisions": LINK, "site": schema_ref("SiteYearLinks")}
    ),
    "FiguresVersion": schema_object(
        {
            "number": {"type": "integer", "minimum": 1},
            "published_at": {"type": "string", "format": "date-time"},
            "reason": nullable(TEXT),
            "statistics": LINK,
            "downloads": LINK,
        },
        "One frozen version of a year's figures: when it was published and, for a revision, why.",
    ),
    "Year": schema_object(
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
    "StatisticsRow": schema_object(
        STATISTICS_ROW,
        "One organisation's figures for a year: the columns of `annual-review stats`.",
    ),
    "GroupAverages": schema_object(
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
    "LetterVersion": schema_object(
        {
            "number": {"type": "integer", "minimum": 1},
            "approved_at": nullable({"type": "string", "format": "date-time"}),
            "published_at": nullable({"type": "string", "format": "date-time"}),
            "template_version": TEXT,
            "html_sha256": TEXT,
            "pdf_sha256": TEXT,
        },
        "A frozen letter: never re-rendered; a correction is a new version.",
    ),
    "Decision": schema_object(
        {
            "reference": TEXT,
            "organisation": schema_ref("OrganisationSummary"),
            "decision_date": DATE,
            "received_date": nullable(DATE),
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


def document_of(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return schema_object({"dataset": schema_ref("Dataset"), **properties}, description)


RESPONSES: dict[str, Any] = {
    "Index": schema_object(
        {
            "openapi": LINK,
            "organisations": LINK,
            "years": LINK,
            "decisions": LINK,
            "downloads": LINK,
        }
    ),
    "OrganisationList": document_of(
        {"count": COUNT, "organisations": {"type": "array", "items": schema_ref("Organisation")}},
        "Every organisation in the register.",
    ),
    "OrganisationDetail": document_of(
        {
            "organisation": schema_object(
                {
                    **ORGANISATION,
                    "codes": {
                        "type": "array",
                        "items": schema_object(
                            {
                                "code": TEXT,
                                "kind": {"type": "string", "enum": OrganisationCode.Kind.values},
                            }
                        ),
                    },
                    "years": {"type": "array", "items": schema_ref("OrganisationYear")},
                }
            )
        },
        "One organisation with its codes and its published years.",
    ),
    "YearList": document_of(
        {"years": {"type": "array", "items": schema_ref("Year")}}, "Published years, newest first."
    ),
    "YearDetail": document_of({"year": schema_ref("Year")}, "One published year."),
    "YearVersions": document_of(
        {"year": TEXT, "versions": {"type": "array", "items": schema_ref("FiguresVersion")}},
        "Every public version of a year's figures, newest first (version 1 is the first "
        "publication; later ones are revisions, each with its reason).",
    ),
    "YearStatistics": document_of(
        {
            "year": TEXT,
            "version": schema_ref("FiguresVersion"),
            "group_average": {"type": "string", "enum": ["mean", "pooled"]},
            "groups": {"type": "object", "additionalProperties": schema_ref("GroupAverages")},
            "organisations": {"type": "array", "items": schema_ref("StatisticsRow")},
        },
        "Every organisation's statistics for a published year.",
    ),
    "OrganisationYearStatistics": document_of(
        {
            "year": TEXT,
            "version": schema_ref("FiguresVersion"),
            "group_average": {"type": "string", "enum": ["mean", "pooled"]},
            "organisation": schema_ref("OrganisationSummary"),
            "statistics": schema_ref("StatisticsRow"),
            "decisions_by_outcome": schema_object({v: COUNT for v in Outcome.values}),
            "decisions_by_category": schema_object({v: COUNT for v in Category.values}),
            "group": {"oneOf": [schema_ref("GroupAverages"), {"type": "null"}]},
            "site": schema_ref("SiteYearLinks"),
        },
        "One organisation's statistics for a published year, beside its group's averages.",
    ),
    "YearLetters": document_of(
        {
            "year": TEXT,
            "letters": {
                "type": "array",
                "items": schema_object(
                    {
                        "organisation": schema_object({"code": TEXT, "name": TEXT, "slug": TEXT}),
                        "html": LINK,
                        "pdf": LINK,
                        "version": {
                            "oneOf": [schema_ref("LetterVersion"), {"type": "null"}],
                            "description": "The frozen letter the site serves once approved; "
                            "null while the site shows the letter as generated from the figures.",
                        },
                    }
                ),
            },
        },
        "Where each organisation's annual letter for the year is on the public site.",
    ),
    "DecisionPage": document_of(
        {
            "count": {
                **COUNT,
                "description": "How many decisions match; with words (q), at most "
                f"{SEARCH_RESULTS_CAP}, the most recent (then `more` is true).",
            },
            "more": {
                "type": "boolean",
                "description": f"Whether more than {SEARCH_RESULTS_CAP} decisions match q.",
            },
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "pages": {"type": "integer", "minimum": 1},
            "next": nullable(LINK),
            "previous": nullable(LINK),
            "results": {"type": "array", "items": schema_ref("Decision")},
        },
        "One page of decisions, newest first.",
    ),
    "DecisionDetail": document_of({"decision": schema_ref("Decision")}, "One published decision."),
}
