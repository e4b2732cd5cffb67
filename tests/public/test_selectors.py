"""Assembling the public pages: only published years, honest small numbers, finding councils."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annual_review.public import decision_search
from annual_review.public.council_page import council_page_build
from annual_review.public.council_search import councils_search
from annual_review.public.decision_page import DECISION_NOT_FOUND, decision_page_build
from annual_review.public.decision_search import decisions_search, summary_excerpt
from annual_review.public.map_page import map_page_build
from annual_review.public.measures import MEASURES, uncertainty_text
from annual_review.public.published import (
    COUNCIL_NOT_FOUND,
    NO_PUBLISHED_YEAR,
    YEAR_NOT_PUBLISHED,
    NotFound,
    site_notice,
)
from annual_review.register.models import Organisation
from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db


def test_no_published_year_means_no_map():
    """Before any year is published the map has nothing to show."""
    ReportingYearFactory(first_year=2023)
    with pytest.raises(NotFound, match=NO_PUBLISHED_YEAR):
        map_page_build(year=None, measure=None, layer=None)


def test_only_published_years_are_offered(two_years):
    """The years on offer are the published ones, latest first; 2024-25 is not published."""
    page = map_page_build(year=None, measure=None, layer=None)
    assert page.year == "2023-24"
    assert page.years == ["2023-24", "2022-23"]
    with pytest.raises(NotFound, match=YEAR_NOT_PUBLISHED.format(year="2024-25")):
        map_page_build(year="2024-25", measure=None, layer=None)


def test_county_layer(two_years):
    """The county layer holds the 21 county councils."""
    page = map_page_build(year=None, measure="compliance_rate", layer="cty")
    assert page.layer == "cty"
    assert len(page.areas) == 21
    assert page.measure is MEASURES["compliance_rate"]


@pytest.mark.parametrize(
    ("successes", "trials", "expected"),
    [
        (1, 2, "Based on 2 investigations, so this could easily be anywhere between 9% and 91%."),
        (0, 0, "There were no investigations this year, so there is no rate."),
        (
            50,
            100,
            "Based on 100 investigations. Allowing for chance, the underlying rate is probably "
            "between 40% and 60%.",
        ),
    ],
)
def test_uncertainty_in_plain_english(successes, trials, expected):
    """The Wilson interval is said in words, bluntly when the count is small."""
    from annual_review.statistics.calculations import wilson_interval

    text = uncertainty_text(
        successes=successes,
        trials=trials,
        measure=MEASURES["uphold_rate"],
        interval=wilson_interval(successes, trials),
    )
    assert text == expected


@pytest.mark.parametrize(
    "typed", ["Bromsgrove DC", "bromsgrove", "Bromsgrove District Council", "E07000234"]
)
def test_find_a_council_by_name_variants(typed):
    """What people type finds the council, through the register's resolver."""
    search = councils_search(query=typed)
    assert search.exact is not None
    assert search.exact.slug == "bromsgrove"


def test_council_list_groups_every_register_council():
    """The list holds all 317 councils of the register, by comparison group."""
    search = councils_search()
    assert sum(len(g.councils) for g in search.groups) == 317
    assert search.exact is None and search.matches == []


def test_partial_names_list_matches():
    """A partial name lists the councils containing it."""
    search = councils_search(query="Northampton")
    names = {c.name for c in search.matches}
    assert {"North Northamptonshire Council", "West Northamptonshire Council"} <= names


def test_council_page_shows_only_its_published_year(two_years):
    """The council page for 2023-24 counts that year's decisions and lists its public report."""
    page = council_page_build(slug="bromsgrove", year="2023-24")
    uphold = page.statistics[0]
    assert uphold.value_text == "50%"
    assert uphold.basis_text == "1 of 2 investigations"
    assert "could easily be anywhere between 9% and 91%" in uphold.uncertainty_text
    assert uphold.group_text.startswith("District Councils average: ")
    assert [r.reference for r in page.public_reports] == ["23000001"]
    assert [(s.description, s.status) for s in page.service_improvements] == [
        ("Train housing officers on repair timescales.", "Satisfied")
    ]
    assert page.decisions.total == 2
    assert [t.year for t in page.trend] == ["2022-23", "2023-24"]
    assert [t.uphold_rate for t in page.trend] == ["75%", "50%"]
    assert page.trend_chart is not None
    highlighted = [r.name for r in page.comparison if r.current]
    assert highlighted == ["Bromsgrove District Council"]
    assert (
        len(page.comparison)
        == Organisation.objects.filter(comparison_group="district", end_date=None).count()
    )


def test_council_page_filters_and_pages_decisions(two_years):
    """Decisions filter by category and outcome; an unknown filter value is ignored."""
    page = council_page_build(slug="bromsgrove", year="2023-24", category="planning")
    assert [d.reference for d in page.decisions.rows] == ["23000002"]
    page = council_page_build(slug="bromsgrove", year="2023-24", outcome="upheld")
    assert [d.reference for d in page.decisions.rows] == ["23000001"]
    page = council_page_build(slug="bromsgrove", year="2023-24", outcome="nonsense", page=99)
    assert page.decisions.total == 2 and page.decisions.page == 1


def test_council_page_refuses_unpublished_year_and_unknown_council(two_years):
    with pytest.raises(NotFound, match=YEAR_NOT_PUBLISHED.format(year="2024-25")):
        council_page_build(slug="bromsgrove", year="2024-25")
    with pytest.raises(NotFound, match=COUNCIL_NOT_FOUND):
        council_page_build(slug="nowhere", year="2023-24")


def test_decision_search_full_text(two_years):
    """Words in summaries find decisions (stemmed), only from published years."""
    found = decisions_search(text="roof")
    assert [r.reference for r in found.results] == ["23000001"]
    assert found.results[0].council_name == "Bromsgrove District Council"
    assert decisions_search(text="planning extension").total == 1
    assert decisions_search(text="bin collections").total == 0  # 2024-25 is not published
    assert decisions_search(text='roof" OR "x').total == 0  # quotes cannot inject operators


def test_decision_search_filters(two_years):
    """Council, category, outcome and date range narrow the published decisions."""
    assert decisions_search(council="bromsgrove").total == 6
    assert decisions_search(council="bromsgrove", outcome="not_upheld").total == 2
    assert decisions_search(category="planning").total == 1
    assert decisions_search(date_from=date(2023, 4, 1), date_to=date(2023, 5, 31)).total == 1


def test_decision_page(two_years):
    """A published decision shows its summary and recommendations; an unpublished one is not found."""
    page = decision_page_build(slug="23000001")
    assert page.year == "2023-24"
    assert page.compliance == "Satisfied"
    assert page.recommendations == [
        ("Service improvement", "Train housing officers on repair timescales.")
    ]
    with pytest.raises(NotFound, match=DECISION_NOT_FOUND):
        decision_page_build(slug="24000001")


def test_site_notice_reads_the_dataset_label(demo_label):
    assert site_notice().demo is True


def test_decision_search_caps_what_it_counts(two_years, monkeypatch):
    """Past the cap, the search says "more than" and pages through the most recent matches."""
    monkeypatch.setattr(decision_search, "SEARCH_RESULTS_CAP", 3)
    monkeypatch.setattr(decision_search, "SEARCH_RESULTS_PER_PAGE", 2)
    found = decisions_search(council="bromsgrove", page=9)
    assert found.more is True
    assert found.total == 3 and found.pages == 2 and found.page == 2
    assert len(found.results) == 1
    assert decisions_search(council="bromsgrove", category="planning").more is False


def test_summary_excerpt_marks_the_words_searched_for():
    """Words found are marked, stems included; the excerpt is the summary's own text."""
    excerpt = summary_excerpt(
        summary="The council delayed Repairs to a leaking roof.", text="repair roof"
    )
    assert excerpt == (
        ("The council delayed ", False),
        ("Repairs", True),
        (" to a leaking ", False),
        ("roof", True),
        (".", False),
    )
    assert "".join(p for p, _ in excerpt) == "The council delayed Repairs to a leaking roof."


@given(st.text(max_size=400), st.text(max_size=40))
def test_summary_excerpt_only_quotes_the_summary(summary, text):
    """An excerpt is pieces of the summary (plus ellipses), never anything else."""
    excerpt = summary_excerpt(summary=summary, text=text)
    joined = "".join(p for p, _ in excerpt).removeprefix("… ").removesuffix(" …")
    assert joined in summary
