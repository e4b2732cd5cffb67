"""The static export renders decisions' pages with the layout rendered once: same bytes as the site."""

from datetime import date

import pytest
from django.test import RequestFactory

from annual_review.casework.models import Recommendation
from annual_review.public import views
from annual_review.public.decision_page import decision_pages_build
from tests.factories import (
    ComplianceOutcomeFactory,
    DecisionFactory,
    RecommendationFactory,
    ReportingYearFactory,
)

pytestmark = pytest.mark.django_db


def test_the_export_renderer_gives_the_bytes_the_site_serves(bromsgrove):
    """Every variant of the page (summary or none, received date, public report, satisfactory
    remedy, compliance, recommendations, text that needs escaping) comes out byte for byte as
    the view renders it."""
    ReportingYearFactory(first_year=2023, published=True)
    plain = DecisionFactory(
        organisation=bromsgrove, decision_date=date(2023, 5, 1), outcome="not_upheld"
    )
    rich = DecisionFactory(
        organisation=bromsgrove,
        decision_date=date(2024, 3, 31),
        summary='Mr <b>X</b> said the "council" & its contractor left the roof unsafe.',
        public_report=True,
        satisfactory_remedy=True,
    )
    rich.received_date = date(2023, 1, 9)
    rich.save()
    ComplianceOutcomeFactory(decision=rich, outcome="satisfied_late")
    RecommendationFactory(
        decision=rich, kind=Recommendation.Kind.APOLOGY, description="Apologise <now>"
    )
    factory = RequestFactory()
    render_page = views.decision_pages_renderer(factory.get("/decisions/"))
    pages = decision_pages_build(ids=[plain.id, rich.id])
    assert [page.decision.reference for page in pages] == [plain.reference, rich.reference]
    for page in pages:
        url = f"/decisions/{page.decision.reference}/"
        served = views.decision_page_render(factory.get(url), page).content
        assert render_page(page) == served
    rich_html = render_page(pages[1]).decode()
    assert "Mr &lt;b&gt;X&lt;/b&gt;" in rich_html and "Apologise &lt;now&gt;" in rich_html
    assert rich_html.count("<main") == 1 and "\x00" not in rich_html
