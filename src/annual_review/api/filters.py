"""Parsing the decisions search's query string into typed filters, with the reasons it can fail."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from annual_review.api.errors import BadRequest
from annual_review.casework.models import Category, Outcome
from annual_review.register.models import ORGANISATION_CODE
from annual_review.years.periods import YEAR_LABEL

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_QUERY_LENGTH = 200
DECISION_PARAMETERS = (
    "organisation",
    "year",
    "category",
    "outcome",
    "decided_from",
    "decided_to",
    "q",
    "page",
    "page_size",
)

UNKNOWN_PARAMETER = "Unknown query parameter {name!r}; the decisions search takes: {allowed}."
REPEATED_PARAMETER = "Give {name!r} once."
BAD_YEAR = "year must be written like 2023-24; got {value!r}."
BAD_CHOICE = "{name} must be one of {allowed}; got {value!r}."
BAD_DATE = "{name} must be a date like 2023-04-01; got {value!r}."
BAD_NUMBER = "{name} must be a whole number from {low} to {high}; got {value!r}."
BAD_TEXT = "q must be at most {limit} characters of text without control characters."
BAD_ORGANISATION = "organisation must be an organisation code like BRM; got {value!r}."

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class DecisionFilters:
    """What the decisions search was asked for; None means not filtered on."""

    organisation: str | None = None
    year: str | None = None
    category: str | None = None
    outcome: str | None = None
    decided_from: date | None = None
    decided_to: date | None = None
    q: str | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def query(self, **changes: object) -> dict[str, str]:
        """These filters as query parameters (for the links to other pages)."""
        values = {name: getattr(self, name) for name in DECISION_PARAMETERS} | changes
        query = {k: str(v) for k, v in values.items() if v is not None}
        if query.get("page") == "1":
            del query["page"]
        if query.get("page_size") == str(DEFAULT_PAGE_SIZE):
            del query["page_size"]
        return query


def decision_filters_parse(*, query: Mapping[str, list[str]]) -> DecisionFilters:
    """Read the decisions search's parameters; raise BadRequest naming the first bad one."""
    for name, values in query.items():
        if name not in DECISION_PARAMETERS:
            raise BadRequest(
                UNKNOWN_PARAMETER.format(name=name, allowed=", ".join(DECISION_PARAMETERS))
            )
        if len(values) > 1:
            raise BadRequest(REPEATED_PARAMETER.format(name=name))
    given = {name: values[0] for name, values in query.items() if values}

    organisation = given.get("organisation")
    if organisation is not None and not ORGANISATION_CODE.match(organisation):
        raise BadRequest(BAD_ORGANISATION.format(value=organisation))
    year = given.get("year")
    # Only the form is checked here: a well-formed label that is not a published year is a 404.
    if year is not None and not YEAR_LABEL.match(year):
        raise BadRequest(BAD_YEAR.format(value=year))
    category = _choice("category", given.get("category"), Category.values)
    outcome = _choice("outcome", given.get("outcome"), Outcome.values)
    decided_from = _date("decided_from", given.get("decided_from"))
    decided_to = _date("decided_to", given.get("decided_to"))
    text = given.get("q")
    if text is not None and (len(text) > MAX_QUERY_LENGTH or CONTROL_CHARACTERS.search(text)):
        raise BadRequest(BAD_TEXT.format(limit=MAX_QUERY_LENGTH))
    return DecisionFilters(
        organisation=organisation,
        year=year,
        category=category,
        outcome=outcome,
        decided_from=decided_from,
        decided_to=decided_to,
        q=text.strip() or None if text is not None else None,
        page=_number("page", given.get("page"), 1, 1, 1_000_000),
        page_size=_number("page_size", given.get("page_size"), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    )


def _choice(name: str, value: str | None, allowed: list[str]) -> str | None:
    if value is not None and value not in allowed:
        raise BadRequest(BAD_CHOICE.format(name=name, allowed=", ".join(allowed), value=value))
    return value


def _date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(BAD_DATE.format(name=name, value=value)) from None


def _number(name: str, value: str | None, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise BadRequest(BAD_NUMBER.format(name=name, low=low, high=high, value=value))
    return int(value)
