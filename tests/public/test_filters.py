"""Bad filters on the decision search are reported (GOV.UK error summary; 400 from the twins)
instead of being silently ignored."""

import json

import pytest

from annual_review.public.filters import (
    COUNCIL_UNKNOWN,
    DATE_FROM_INVALID,
    DATES_REVERSED,
    OUTCOME_UNKNOWN,
)

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    return html.split('class="govuk-error-summary"')[1].split("</ul>")[0]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("council=nonexistent", "council", COUNCIL_UNKNOWN.format(value="nonexistent")),
        ("from=2024-13-45", "from", DATE_FROM_INVALID),
        ("from=2024-03-31&to=2023-04-01", "from", DATES_REVERSED),
        ("outcome=maybe", "outcome", OUTCOME_UNKNOWN.format(value="maybe")),
    ],
)
def test_a_bad_filter_is_summarised_and_linked_to_its_field(
    client, two_years, query, field, message
):
    """The title says Error:, the summary links the message to the field, the field is marked,
    and the twins refuse with the same message."""
    html = client.get(f"/decisions/?{query}").content.decode()
    assert "<title>Error: Search decisions" in html
    assert f'<a href="#{field}">{message}</a>' in _summary(html)
    assert f'<p class="govuk-error-message" id="{field}-error">' in html
    for twin in ("/decisions.json", "/decisions.csv"):
        refused = client.get(f"{twin}?{query}")
        assert refused.status_code == 400
        assert message in json.loads(refused.content)["error"]["message"]


def test_every_bad_filter_is_listed(client, two_years):
    """Two bad filters: both are in the summary, in the form's order."""
    html = client.get("/decisions/?council=nonexistent&from=2024-13-45").content.decode()
    summary = _summary(html)
    assert summary.index('href="#council"') < summary.index('href="#from"')


def test_good_filters_show_no_error(client, two_years):
    """Valid filters (and none at all) give the results with no error summary."""
    for query in ("", "council=bromsgrove&from=2023-04-01&to=2024-03-31&outcome=upheld"):
        response = client.get(f"/decisions/?{query}")
        assert response.status_code == 200
        assert "govuk-error-summary" not in response.content.decode()
        assert client.get(f"/decisions.csv?{query}").status_code == 200
