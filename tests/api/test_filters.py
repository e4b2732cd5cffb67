"""Reading the decisions search's query string: every bad parameter is a BadRequest naming it."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annual_review.api.errors import BadRequest
from annual_review.api.filters import (
    BAD_CHOICE,
    BAD_DATE,
    BAD_NUMBER,
    BAD_TEXT,
    BAD_YEAR,
    DECISION_PARAMETERS,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    REPEATED_PARAMETER,
    UNKNOWN_PARAMETER,
    DecisionFilters,
    decision_filters_parse,
)
from annual_review.casework.models import Category, Outcome


def parse(**query: str) -> DecisionFilters:
    return decision_filters_parse(query={k: [v] for k, v in query.items()})


def test_no_parameters_is_the_first_page_of_everything():
    """Without parameters: no filter, page 1, the default page size."""
    assert parse() == DecisionFilters(page=1, page_size=DEFAULT_PAGE_SIZE)


def test_every_filter_is_read():
    """Each parameter lands in its typed field."""
    filters = parse(
        organisation="BRM",
        year="2023-24",
        category="housing",
        outcome="upheld",
        decided_from="2023-04-01",
        decided_to="2023-12-31",
        q="  repairs ",
        page="2",
        page_size="10",
    )
    assert filters == DecisionFilters(
        organisation="BRM",
        year="2023-24",
        category="housing",
        outcome="upheld",
        decided_from=date(2023, 4, 1),
        decided_to=date(2023, 12, 31),
        q="repairs",
        page=2,
        page_size=10,
    )
    # An empty search is no search; an empty choice is not a choice.
    assert parse(q="") == DecisionFilters()
    with pytest.raises(BadRequest):
        parse(category="")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"colour": "red"},
            UNKNOWN_PARAMETER.format(name="colour", allowed=", ".join(DECISION_PARAMETERS)),
        ),
        ({"year": "2023"}, BAD_YEAR.format(value="2023")),
        (
            {"category": "parking"},
            BAD_CHOICE.format(name="category", allowed=", ".join(Category.values), value="parking"),
        ),
        (
            {"outcome": "Upheld"},
            BAD_CHOICE.format(name="outcome", allowed=", ".join(Outcome.values), value="Upheld"),
        ),
        ({"decided_from": "01/04/2023"}, BAD_DATE.format(name="decided_from", value="01/04/2023")),
        ({"decided_to": "2023-02-30"}, BAD_DATE.format(name="decided_to", value="2023-02-30")),
        ({"page": "0"}, BAD_NUMBER.format(name="page", low=1, high=1_000_000, value="0")),
        ({"page": "-1"}, BAD_NUMBER.format(name="page", low=1, high=1_000_000, value="-1")),
        (
            {"page_size": str(MAX_PAGE_SIZE + 1)},
            BAD_NUMBER.format(
                name="page_size", low=1, high=MAX_PAGE_SIZE, value=str(MAX_PAGE_SIZE + 1)
            ),
        ),
        ({"page": "²"}, BAD_NUMBER.format(name="page", low=1, high=1_000_000, value="²")),
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, BAD_TEXT.format(limit=MAX_QUERY_LENGTH)),
        ({"q": "nul\x00byte"}, BAD_TEXT.format(limit=MAX_QUERY_LENGTH)),
    ],
)
def test_bad_parameters_are_named(query, message):
    """A parameter that does not parse is refused with a message saying which and why."""
    with pytest.raises(BadRequest) as raised:
        parse(**query)
    assert raised.value.message == message
    assert raised.value.status == 400


def test_a_parameter_given_twice_is_refused():
    """year=2023-24&year=2022-23 is ambiguous, so it is refused rather than half-read."""
    with pytest.raises(BadRequest) as raised:
        decision_filters_parse(query={"year": ["2023-24", "2022-23"]})
    assert raised.value.message == REPEATED_PARAMETER.format(name="year")


def test_links_keep_the_filters_and_drop_defaults():
    """The next/previous links carry the filters, leaving out page 1 and the default size."""
    filters = parse(year="2023-24", decided_from="2023-05-01")
    assert filters.query(page=1) == {"year": "2023-24", "decided_from": "2023-05-01"}
    assert filters.query(page=3) == {"year": "2023-24", "decided_from": "2023-05-01", "page": "3"}


@given(st.dictionaries(st.sampled_from([*DECISION_PARAMETERS, "other"]), st.text(max_size=30)))
def test_any_query_either_parses_or_is_a_bad_request(query):
    """Whatever a client sends, parsing ends in filters or a BadRequest, never another error."""
    try:
        filters = decision_filters_parse(query={k: [v] for k, v in query.items()})
    except BadRequest:
        return
    assert 1 <= filters.page_size <= MAX_PAGE_SIZE
    assert filters.q is None or len(filters.q) <= MAX_QUERY_LENGTH
