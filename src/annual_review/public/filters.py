"""The decision search's filters checked, so that a bad one is reported instead of ignored.

The page shows the problems in a GOV.UK error summary, each linked to its field; the .json and
.csv twins answer 400 with the same messages.
"""

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from annual_review.casework.models import Category, Outcome

COUNCIL_UNKNOWN = "Choose a council from the list: no council is called “{value}”"
CATEGORY_UNKNOWN = "Choose a category from the list: there is no category “{value}”"
OUTCOME_UNKNOWN = "Choose an outcome from the list: there is no outcome “{value}”"
DATE_FROM_INVALID = "“Decided on or after” must be a real date, like 2024-03-31"
DATE_TO_INVALID = "“Decided on or before” must be a real date, like 2024-03-31"
DATES_REVERSED = "“Decided on or after” must be the same as or before “Decided on or before”"


@dataclass(frozen=True)
class FilterError:
    """One bad filter: the id of its form field and what to do about it."""

    field: str
    message: str


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def decision_filters_check(*, query: QueryDict, council_slugs: set[str]) -> list[FilterError]:
    """Every problem with the search's filters, in the order of the form's fields."""
    errors: list[FilterError] = []
    choices = (
        ("council", council_slugs, COUNCIL_UNKNOWN),
        ("category", set(Category.values), CATEGORY_UNKNOWN),
        ("outcome", set(Outcome.values), OUTCOME_UNKNOWN),
    )
    for name, allowed, message in choices:
        value = query.get(name, "")
        if value and value not in allowed:
            errors.append(FilterError(name, message.format(value=value)))
    dates: dict[str, date | None] = {}
    for name, message in (("from", DATE_FROM_INVALID), ("to", DATE_TO_INVALID)):
        value = query.get(name, "")
        dates[name] = _date(value) if value else None
        if value and dates[name] is None:
            errors.append(FilterError(name, message))
    first, last = dates["from"], dates["to"]
    if first is not None and last is not None and first > last:
        errors.append(FilterError("from", DATES_REVERSED))
    return errors
