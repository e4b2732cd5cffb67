"""The decision search's filters checked, so that a bad one is reported instead of ignored.

The page shows the problems in a GOV.UK error summary, each linked to its field; the .json and
.csv twins answer 400 with the same messages.

Dates come as GOV.UK date inputs, three fields each (`from-day`, `from-month`, `from-year`; the
same for `to`). The older single parameters (`from=2024-03-31`) still work, for links made
before: the three fields win when both are given.
"""

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from annual_review.casework.models import Category, Outcome

COUNCIL_UNKNOWN = "Choose a council from the list: no council is called “{value}”"
CATEGORY_UNKNOWN = "Choose a category from the list: there is no category “{value}”"
OUTCOME_UNKNOWN = "Choose an outcome from the list: there is no outcome “{value}”"
DATE_LABELS = {"from": "Decided on or after", "to": "Decided on or before"}
DATE_INVALID = "“{label}” must be a real date, like 31 3 2024"
DATE_INCOMPLETE = "“{label}” must include a {parts}"
YEAR_NOT_FOUR_DIGITS = "The year of “{label}” must have 4 digits, like 2024"
DATE_FROM_INVALID = DATE_INVALID.format(label=DATE_LABELS["from"])
DATE_TO_INVALID = DATE_INVALID.format(label=DATE_LABELS["to"])
DATES_REVERSED = "“Decided on or after” must be the same as or before “Decided on or before”"

DATE_PARTS = ("day", "month", "year")
DATE_HINT = "For example, 31 3 2024"


@dataclass(frozen=True)
class FilterError:
    """One bad filter: the id of its form field, what to do about it, and the id of the input
    the error summary links to (a date's first part in error)."""

    field: str
    message: str
    anchor: str = ""

    def __post_init__(self) -> None:
        if not self.anchor:
            object.__setattr__(self, "anchor", self.field)


@dataclass(frozen=True)
class DateFilter:
    """One date filter as asked: its value if it is a real date, or what is wrong with it."""

    name: str
    day: str
    month: str
    year: str
    value: date | None
    problem: str = ""
    # The parts the problem is in (GOV.UK marks only those inputs).
    parts_wrong: tuple[str, ...] = ()


def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_filter_read(*, query: QueryDict, name: str) -> DateFilter:
    """The date filter `name` ("from" or "to"): its three fields, or the older single
    parameter, checked."""
    label = DATE_LABELS[name]
    typed = {part: query.get(f"{name}-{part}", "").strip() for part in DATE_PARTS}
    if not any(typed.values()):
        single = query.get(name, "").strip()
        if not single:
            return DateFilter(name, "", "", "", None)
        found = _iso(single)
        if found is None:
            return DateFilter(name, "", "", "", None, DATE_INVALID.format(label=label), DATE_PARTS)
        return DateFilter(name, str(found.day), str(found.month), str(found.year), found)
    day, month, year = (typed[part] for part in DATE_PARTS)

    def wrong(message: str, parts: tuple[str, ...]) -> DateFilter:
        return DateFilter(name, day, month, year, None, message.format(label=label), parts)

    missing = tuple(part for part in DATE_PARTS if not typed[part])
    if missing:
        parts = " and ".join(missing)
        return wrong(DATE_INCOMPLETE.replace("{parts}", parts), missing)
    not_numbers = tuple(part for part in DATE_PARTS if not typed[part].isdigit())
    if not_numbers:
        return wrong(DATE_INVALID, not_numbers)
    if len(year) != 4:
        return wrong(YEAR_NOT_FOUR_DIGITS, ("year",))
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        out_of_range = ("month",) if not 1 <= int(month) <= 12 else ("day",)
        return wrong(DATE_INVALID, out_of_range)
    return DateFilter(name, day, month, year, found)


def decision_dates_read(*, query: QueryDict) -> tuple[date | None, date | None]:
    """The search's two dates, None for one not given or not a real date."""
    return (
        date_filter_read(query=query, name="from").value,
        date_filter_read(query=query, name="to").value,
    )


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
    dates = [date_filter_read(query=query, name=name) for name in ("from", "to")]
    for found in dates:
        if found.problem:
            errors.append(
                FilterError(found.name, found.problem, f"{found.name}-{found.parts_wrong[0]}")
            )
    first, last = (found.value for found in dates)
    if first is not None and last is not None and first > last:
        errors.append(FilterError("from", DATES_REVERSED, "from-day"))
    return errors


@dataclass(frozen=True)
class DateInputPart:
    name: str
    label: str
    value: str
    width: int
    error: bool


@dataclass(frozen=True)
class DateInput:
    """A GOV.UK date input as the search form shows it: what was typed, and its error."""

    name: str
    legend: str
    hint: str
    parts: tuple[DateInputPart, ...]
    error: str


def date_inputs_show(*, query: QueryDict, errors: list[FilterError]) -> list[DateInput]:
    """The form's two date inputs, filled in as asked, their errors marked."""
    shown = []
    for name in ("from", "to"):
        found = date_filter_read(query=query, name=name)
        message = next((e.message for e in errors if e.field == name), "")
        wrong = found.parts_wrong or (DATE_PARTS if message else ())
        typed = {"day": found.day, "month": found.month, "year": found.year}
        parts = tuple(
            DateInputPart(
                name=f"{name}-{part}",
                label=part.capitalize(),
                value=typed[part],
                width=4 if part == "year" else 2,
                error=part in wrong,
            )
            for part in DATE_PARTS
        )
        shown.append(DateInput(name, DATE_LABELS[name], DATE_HINT, parts, message))
    return shown
