"""Bad filters on the decision search are reported (GOV.UK error summary; 400 from the twins)
instead of being silently ignored."""

import json

import pytest

from annual_review.public.filters import (
    COUNCIL_UNKNOWN,
    DATE_FROM_INVALID,
    DATE_INCOMPLETE,
    DATE_TO_INVALID,
    DATES_REVERSED,
    OUTCOME_UNKNOWN,
    YEAR_NOT_FOUR_DIGITS,
)

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    return html.split('class="govuk-error-summary"')[1].split("</ul>")[0]


@pytest.mark.parametrize(
    ("query", "field", "anchor", "message"),
    [
        ("council=nonexistent", "council", "council", COUNCIL_UNKNOWN.format(value="nonexistent")),
        ("from=2024-13-45", "from", "from-day", DATE_FROM_INVALID),
        ("from=2024-03-31&to=2023-04-01", "from", "from-day", DATES_REVERSED),
        ("from-day=31&from-month=2&from-year=2024", "from", "from-day", DATE_FROM_INVALID),
        ("to-day=1&to-month=13&to-year=2024", "to", "to-month", DATE_TO_INVALID),
        ("outcome=maybe", "outcome", "outcome", OUTCOME_UNKNOWN.format(value="maybe")),
    ],
)
def test_a_bad_filter_is_summarised_and_linked_to_its_field(
    client, two_years, query, field, anchor, message
):
    """The title says Error:, the summary links the message to the field (a date's first
    part in error), the field is marked, and the twins refuse with the same message."""
    html = client.get(f"/decisions/?{query}").content.decode()
    assert "<title>Error: Search decisions" in html
    assert f'<a href="#{anchor}">{message}</a>' in _summary(html)
    assert f'<p class="govuk-error-message" id="{field}-error">' in html
    for twin in ("/decisions.json", "/decisions.csv"):
        refused = client.get(f"{twin}?{query}")
        assert refused.status_code == 400
        assert message in json.loads(refused.content)["error"]["message"]


def test_every_bad_filter_is_listed(client, two_years):
    """Two bad filters: both are in the summary, in the form's order."""
    html = client.get("/decisions/?council=nonexistent&from=2024-13-45").content.decode()
    summary = _summary(html)
    assert summary.index('href="#council"') < summary.index('href="#from-day"')


def test_good_filters_show_no_error(client, two_years):
    """Valid filters (and none at all) give the results with no error summary."""
    for query in ("", "council=bromsgrove&from=2023-04-01&to=2024-03-31&outcome=upheld"):
        response = client.get(f"/decisions/?{query}")
        assert response.status_code == 200
        assert "govuk-error-summary" not in response.content.decode()
        assert client.get(f"/decisions.csv?{query}").status_code == 200


def _date_input(html: str, name: str) -> str:
    return html.split(f'<div class="govuk-date-input" id="{name}">')[1].split("</fieldset>")[0]


def test_dates_are_govuk_date_inputs_keeping_what_was_typed(client, two_years):
    """Each date is a fieldset of day, month and year text fields (numeric keyboard), not the
    browser's date picker; what was asked is filled in again."""
    html = client.get("/decisions/?from-day=2&from-month=5&from-year=2023").content.decode()
    assert 'type="date"' not in html
    assert '<legend class="govuk-fieldset__legend">Decided on or after</legend>' in html
    shown = _date_input(html, "from")
    for part, value, width in (("day", "2", 2), ("month", "5", 2), ("year", "2023", 4)):
        assert (
            f'class="govuk-input govuk-date-input__input govuk-input--width-{width}" '
            f'id="from-{part}" name="from-{part}" type="text" inputmode="numeric" '
            f'value="{value}"'
        ) in shown
    assert 'name="to-day"' in html and 'name="to-year"' in html


@pytest.mark.parametrize(
    ("query", "anchor", "message", "marked"),
    [
        (
            "from-day=1&from-year=2024",
            "from-month",
            DATE_INCOMPLETE.replace("{parts}", "month").format(label="Decided on or after"),
            ["month"],
        ),
        (
            "from-day=1&from-month=4&from-year=24",
            "from-year",
            YEAR_NOT_FOUR_DIGITS.format(label="Decided on or after"),
            ["year"],
        ),
        ("from-day=x&from-month=4&from-year=2024", "from-day", DATE_FROM_INVALID, ["day"]),
    ],
)
def test_a_date_error_marks_only_its_parts(client, two_years, query, anchor, message, marked):
    """The summary links to the first part in error; only the parts in error are marked red,
    and the fieldset is described by the hint and the error."""
    html = client.get(f"/decisions/?{query}").content.decode()
    assert f'<a href="#{anchor}">{message}</a>' in _summary(html)
    assert 'aria-describedby="from-hint from-error"' in html
    shown = _date_input(html, "from")
    for part in ("day", "month", "year"):
        field = shown.split(f'id="from-{part}"')[0].rsplit("<input", 1)[1]
        assert ("govuk-input--error" in field) is (part in marked), part


def test_the_older_single_date_parameters_still_work(client, two_years):
    """`from=2023-05-01` (links made before the date inputs) finds what the three fields find,
    on the page and in its twins, and fills the fields in."""
    old = client.get("/decisions/?from=2023-05-01&to=2023-05-31")
    new = client.get(
        "/decisions/?from-day=1&from-month=5&from-year=2023&to-day=31&to-month=5&to-year=2023"
    )
    assert old.status_code == new.status_code == 200
    old_html, new_html = old.content.decode(), new.content.decode()
    assert "1 decision found" in old_html and "1 decision found" in new_html
    assert 'id="from-month" name="from-month" type="text" inputmode="numeric" value="5"' in old_html
    old_csv = client.get("/decisions.csv?from=2023-05-01&to=2023-05-31")
    new_csv = client.get(
        "/decisions.csv?from-day=1&from-month=5&from-year=2023&to-day=31&to-month=5&to-year=2023"
    )
    assert old_csv["X-Row-Count"] == new_csv["X-Row-Count"] == "1"
