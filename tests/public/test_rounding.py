"""The rounding rule on the public site: no page shows 100% or 0% for a rate short of it."""

import re
from datetime import date, timedelta

import pytest

from annual_review.casework.models import ComplianceOutcome, Decision
from tests.factories import ComplianceOutcomeFactory, DecisionFactory, ReportingYearFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("annual_review.urls")]

# "100%" or "0%" as a figure (not 10.0%, 20%, or the letter's "below 100%" rule).
EDGE_FIGURE = re.compile(r"(?<![\d.])(?:100|0)%")


@pytest.fixture
def nearly_all_complied(bromsgrove, demo_label):  # noqa: ANN001, ANN201
    """Bromsgrove 2023-24: 250 of 251 upheld (99.6%), 1 with a satisfactory remedy (0.4%); 199 of 200
    compliance outcomes satisfied (99.5%). Demonstration data, so its letter is shown too."""
    ReportingYearFactory(first_year=2023, published=True)
    decisions = Decision.objects.bulk_create(
        DecisionFactory.build(
            reference=f"R{i:07d}",
            organisation=bromsgrove,
            decision_date=date(2023, 5, 1) + timedelta(days=i % 300),
            category="housing",
            outcome="not_upheld" if i == 250 else "upheld",
            satisfactory_remedy=i == 0,
        )
        for i in range(251)
    )
    ComplianceOutcome.objects.bulk_create(
        ComplianceOutcomeFactory.build(
            decision=decision,
            outcome_date=date(2024, 3, 1),
            outcome="not_satisfied" if i == 0 else "satisfied",
        )
        for i, decision in enumerate(decisions[:200])
    )
    return bromsgrove


@pytest.mark.parametrize(
    "address",
    [
        "/councils/bromsgrove/2023-24/",
        "/councils/bromsgrove/2023-24.json",
        "/?measure=compliance_rate&year=2023-24",
        "/?measure=satisfactory_remedy_rate&year=2023-24",
        "/index.json?measure=compliance_rate&year=2023-24",
        "/councils/bromsgrove/2023-24/letter/",
    ],
)
def test_no_page_shows_100_or_0_percent_for_a_rate_short_of_it(
    client, nearly_all_complied, address
):
    """99.5% compliance shows as >99% (or 'more than 99%'), 0.4% remedies as <1%: never 100%/0%."""
    response = client.get(address)
    assert response.status_code == 200
    text = response.content.decode().replace("below 100%", "")
    # The complaint overview and the decisions by service show shares of whole counts, which
    # can be exactly none or all (no advice given; every decision about housing): they are
    # checked apart, on the one rate short of 100% they show (250 of 251 upheld).
    shares = re.compile(
        r'<table class="govuk-table" data-(?:overview|categories)>.*?</table>'
        r'|<svg[^>]*data-bar-chart="categories".*?</svg>',
        re.S,
    )
    if "data-overview" in text:
        overview = re.search(r"data-overview>.*?</table>", text, re.S).group(0)
        assert "&gt;99%" in overview
    text = shares.sub("", text)
    assert EDGE_FIGURE.findall(text) == []
    honest = (">99%", "&gt;99%", "more than 99%", "<1%", "&lt;1%", "less than 1%")
    assert any(form in text for form in honest)


def test_the_maps_csv_carries_the_unrounded_rate(client, nearly_all_complied):
    """The map's CSV twin carries values, not display text: 1 of 250 as 0.004, never "0%"."""
    response = client.get("/index.csv?measure=satisfactory_remedy_rate&year=2023-24")
    assert response.status_code == 200
    text = response.content.decode()
    assert EDGE_FIGURE.findall(text) == []
    assert "0.004" in text
