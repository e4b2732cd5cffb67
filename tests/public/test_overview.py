"""The figures people expect to see: the complaint overview, England's figures, the pictures and
the public reports, all read from the figures frozen at publication."""

import json
from datetime import date

import pytest

from annual_review.public.charts import bar_chart, share_chart, trend_chart
from annual_review.public.council_page import council_page_build
from annual_review.public.overview import (
    NOT_AVAILABLE,
    council_overview,
    national_figures,
    national_years,
)
from annual_review.register.models import Organisation
from annual_review.statistics.selectors import statistics_compute
from annual_review.web.caching import caches_clear
from annual_review.workflow.figures import figures_first_freeze
from annual_review.workflow.models import YearFigures
from annual_review.years.models import ReportingYear
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

# Bromsgrove's 2023-24 in the `two_years` fixture: one upheld (housing), one not upheld
# (planning); these add one of every other outcome, and a district neighbour's decisions.
EXTRA_OUTCOMES = (
    "incomplete_or_invalid",
    "referred_back_for_local_resolution",
    "referred_back_for_local_resolution",
    "advice_given",
    "closed_after_initial_enquiries",
)


@pytest.fixture
def outcomes(two_years: Organisation) -> Organisation:
    for i, outcome in enumerate(EXTRA_OUTCOMES):
        DecisionFactory(
            organisation=two_years,
            decision_date=date(2023, 8, 1 + i),
            outcome=outcome,
            category="benefits_tax",
        )
    redditch = Organisation.objects.get(slug="redditch")
    DecisionFactory(
        organisation=redditch, decision_date=date(2023, 9, 1), outcome="upheld", category="planning"
    )
    DecisionFactory(
        organisation=redditch,
        decision_date=date(2023, 9, 2),
        outcome="advice_given",
        category="planning",
    )
    worcestershire = Organisation.objects.get(slug="worcestershire")
    DecisionFactory(
        organisation=worcestershire,
        decision_date=date(2023, 9, 3),
        outcome="not_upheld",
        category="education_children",
    )
    return two_years


def _cells(table, key):
    row = next(r for r in table.rows if r.key == key)
    return [(c.count, c.share) for c in row.cells]


def test_complaint_overview_sorts_every_decision_for_council_group_and_england(outcomes):
    """Every decision is not for the Ombudsman, assessed and closed, or investigated (upheld or
    not); the group column adds up its members, England everyone; shares are of the decisions,
    the upheld share of the investigations."""
    overview = council_overview(year="2023-24", code=outcomes.code)
    table = overview.outcomes
    assert table.columns == ["Bromsgrove District Council", "Group", "England"]
    assert overview.group == "District Councils"
    assert table.available
    # Bromsgrove: 7 decisions; group: + Redditch's 2; England: + Worcestershire's 1.
    assert _cells(table, "decisions") == [(7, None), (9, None), (10, None)]
    assert _cells(table, "not_for_ombudsman") == [(4, 4 / 7), (5, 5 / 9), (5, 5 / 10)]
    assert _cells(table, "referred_back") == [(2, 2 / 7), (2, 2 / 9), (2, 2 / 10)]
    assert _cells(table, "assessed_and_closed") == [(1, 1 / 7), (1, 1 / 9), (1, 1 / 10)]
    assert _cells(table, "investigated") == [(2, 2 / 7), (3, 3 / 9), (4, 4 / 10)]
    assert _cells(table, "upheld") == [(1, 1 / 2), (2, 2 / 3), (2, 2 / 4)]
    # The three steps account for every decision.
    steps = ("not_for_ombudsman", "assessed_and_closed", "investigated")
    assert sum(_cells(table, k)[0][0] for k in steps) == 7
    categories = overview.categories
    assert categories.rows[0].key == "benefits_tax"  # the council's largest category first
    assert _cells(categories, "planning") == [(1, 1 / 7), (3, 3 / 9), (3, 3 / 10)]
    assert _cells(categories, "education_children")[2] == (1, 1 / 10)
    assert set(overview.definitions) >= {"not_for_ombudsman", "assessed_and_closed", "upheld"}
    # The picture of the services: the council's share against its group's, services that
    # neither had are left out.
    assert overview.chart is not None
    assert overview.chart.alt.startswith("Decisions by service, share of the decisions: ")
    assert "Planning and development: Bromsgrove District Council 14%, " in overview.chart.alt
    assert "Adult care" not in overview.chart.alt
    council_bars = [b for b in overview.chart.bars if b.kind == "council"]
    assert [b.label for b in council_bars][0] == "Benefits and tax"


def test_overview_reads_the_frozen_figures_not_later_records(outcomes):
    """A decision imported after publication moves no published count of the overview, nor
    England's figures, until a revision publishes it."""
    before = council_overview(year="2023-24", code=outcomes.code)
    england = national_figures(year="2023-24")
    DecisionFactory(organisation=outcomes, decision_date=date(2023, 10, 1), outcome="advice_given")
    caches_clear()
    assert council_overview(year="2023-24", code=outcomes.code) == before
    assert national_figures(year="2023-24") == england


def test_a_version_frozen_without_outcome_counts_says_not_available(outcomes):
    """A version frozen before outcomes and categories were kept shows what its flat columns
    say (decisions, investigations, upheld) and "not available" for the rest, rather than
    counting the decision table afresh."""
    year = ReportingYear.objects.get(label="2023-24")
    figures = figures_first_freeze(year=year, actor="publication")
    for row in figures.rows:
        for key in ("outcomes", "categories", "compliant"):
            row.pop(key, None)
    YearFigures.objects.filter(pk=figures.pk).update(rows=figures.rows)
    caches_clear()
    overview = council_overview(year="2023-24", code=outcomes.code)
    assert not overview.outcomes.available and not overview.categories.available
    assert _cells(overview.outcomes, "decisions")[0] == (7, None)
    assert _cells(overview.outcomes, "investigated")[0] == (2, 2 / 7)
    assert _cells(overview.outcomes, "upheld")[0] == (1, 1 / 2)
    not_for = next(r for r in overview.outcomes.rows if r.key == "not_for_ombudsman")
    assert not_for.cells[0].count is None and not_for.cells[0].count_text == NOT_AVAILABLE
    assert all(c.count_text == NOT_AVAILABLE for r in overview.categories.rows for c in r.cells)


def test_england_pools_every_organisation(outcomes):
    """England's rates are totals over totals; its population is that of every council area
    that is not a county council, so two-tier areas are not counted twice."""
    england = national_figures(year="2023-24")
    assert (england.decisions, england.investigations, england.upheld) == (10, 4, 2)
    assert england.uphold_rate == 2 / 4
    assert england.compliance_rate == 1.0 and england.compliance_outcomes == 1
    assert england.satisfactory_remedy_rate == 0.0
    computed = statistics_compute(year="2023-24").organisations
    areas = [o for o in computed if o.comparison_group and o.comparison_group != "county"]
    assert england.population == sum(o.population or 0 for o in areas)
    assert england.areas_without_population == sum(1 for o in areas if not o.population)
    counties = sum(o.population or 0 for o in computed if o.comparison_group == "county")
    assert counties > 0  # county councils' residents are not counted a second time
    assert england.upheld_per_100k == pytest.approx(2 / england.population * 100_000)
    assert [n.year for n in national_years()] == ["2023-24", "2022-23"]


def test_council_page_draws_key_statistics_against_group_and_england(outcomes):
    """Upheld per 100,000 is a key statistic; every key statistic carries England beside its
    group average and a bar chart with a text alternative; every measure has a trend chart;
    public reports have a title, summary and reference."""
    page = council_page_build(slug="bromsgrove", year="2023-24")
    keys = [s.key for s in page.statistics]
    assert keys == ["uphold_rate", "compliance_rate", "satisfactory_remedy_rate", "upheld_per_100k"]
    uphold = page.statistics[0]
    assert (uphold.value, uphold.england_value) == (0.5, 0.5)
    assert uphold.england_text == "England: 50%"
    assert uphold.chart is not None
    assert [b.kind for b in uphold.chart.bars] == ["council", "group", "england"]
    assert uphold.chart.alt.startswith("Uphold rate: Bromsgrove District Council 50%, ")
    assert uphold.chart.alt.endswith("England 50%.")
    per_100k = page.statistics[3]
    assert per_100k.value == pytest.approx(1.0)  # 1 upheld, 100,000 residents
    assert [c.key for c in page.trend_charts] == keys
    assert [c.values[-1][1] for c in page.trend_charts] == ["50%", "100%", "0%", "1"]
    assert page.national is not None and page.national.decisions == 10
    assert page.trend[-1].england_uphold_rate == "50%"
    (report,) = page.public_reports
    assert report.reference == "23000001"
    assert report.title == "Housing, 2 May 2023"
    assert report.summary.startswith("The council delayed repairs")


def test_trend_chart_scales_per_100k_and_keeps_year_labels_apart():
    """A per-100,000 trend gets a rounded scale covering every line; with many years only some
    are labelled, always the latest, so that labels never overlap."""
    years = [f"{y}-{(y + 1) % 100:02d}" for y in range(2014, 2024)]
    council = [1.0 + i for i in range(10)]
    chart = trend_chart(
        years, council, [2.0] * 10, [None] * 10, england=[3.0] * 10, percentage=False
    )
    assert chart is not None
    assert chart.y_labels[-1][1] == "10" and chart.y_labels[0][1] == "0"
    xs = [x for x, _ in chart.x_labels]
    assert chart.x_labels[-1][1] == "2023-24"
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 58
    assert len(chart.england_lines) == 1 and chart.values[0] == ("2014-15", "1", "2", "3")


def test_bar_chart_lengths_follow_the_values():
    """Bars share one scale (0-100% for rates); a missing value has no bar but keeps its text."""
    chart = bar_chart(
        key="uphold_rate",
        label="Uphold rate",
        bars=[
            ("A", 0.5, "50%", "council"),
            ("B", 1.0, "100%", "group"),
            ("C", None, "n/a", "england"),
        ],
        percentage=True,
    )
    a, b, c = chart.bars
    assert b.length == 2 * a.length and c.length == 0
    assert chart.alt == "Uphold rate: A 50%, B 100%, C n/a."


@pytest.mark.urls("annual_review.public.urls")
def test_pages_and_twins_show_the_overview_and_england(client, outcomes):
    """The council page shows the overview, England and accessible charts; the home and about
    pages show England's figures; the JSON twins carry the values, not the drawing."""
    html = client.get("/councils/bromsgrove/2023-24/").content.decode()
    assert "What happened to the complaints decided" in html and "data-overview" in html
    assert "Not for the Ombudsman" in html and "Assessed and closed" in html
    assert html.count('role="img"') == 9  # four key statistics, services, four trends
    assert 'aria-label="Upheld decisions per 100,000 residents: Bromsgrove' in html
    assert "Housing, 2 May 2023" in html
    for address in ("/", "/about/"):
        page = client.get(address).content.decode()
        assert "data-national" in page and "2022-23" in page
    council = json.loads(client.get("/councils/bromsgrove/2023-24.json").content)["data"]
    assert council["national"]["uphold_rate"] == 0.5
    assert council["statistics"][3]["key"] == "upheld_per_100k"
    assert council["overview"]["outcomes"]["rows"][1]["cells"][0] == {"count": 4, "share": 4 / 7}
    assert "trend_charts" not in council and "chart" not in council["statistics"][0]
    home = json.loads(client.get("/index.json").content)["data"]
    assert [n["year"] for n in home["national"]] == ["2023-24", "2022-23"]
    assert home["national"][0]["decisions"] == 10
    assert "decisions_text" not in home["national"][0]


def test_share_chart_wraps_long_service_names_and_keeps_rows_apart():
    """A service name too long for the chart's width wraps onto a second line, and the next
    service's row starts below it."""
    long = "Environment services, public protection and regulation"
    chart = share_chart(
        key="categories",
        label="Decisions by service",
        rows=[(long, 0.0, "0%", 0.1, "10%"), ("Housing", 0.5, "50%", 0.2, "20%")],
        council_name="Bromsgrove",
        group_name="District Councils (all)",
    )
    first, _, housing, _ = chart.bars
    assert first.label == "Environment services, public protection"
    assert [text for _, text in first.more_lines] == ["and regulation"]
    assert housing.label == "Housing" and housing.label_y > first.more_lines[-1][0]
    assert chart.height > housing.bar_y
    assert "Housing: Bromsgrove 50%, District Councils (all) 20%" in chart.alt
