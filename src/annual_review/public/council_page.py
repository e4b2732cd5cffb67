"""Everything on a council's page for one published year: the page's data read (the council,
its year's statistics, decisions, service improvements) and its sections assembled
(`council_sections.py` builds them)."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator

from annual_review.casework.models import Category, Outcome, Recommendation
from annual_review.public.charts import TrendChart
from annual_review.public.council_sections import (
    PAGE_MEASURES,
    ComparisonRow,
    PublicReport,
    ServiceImprovementRow,
    StatisticView,
    TrendRow,
    council_trend,
    group_comparison,
    group_label_of,
    public_report,
    statistic_view,
)
from annual_review.public.decision_rows import (
    DecisionRow,
    compliance_status,
    decision_row,
    page_number,
)
from annual_review.public.letters import public_letter_exists
from annual_review.public.lifetimes import CouncilLifetime, council_lifetime_build, council_years
from annual_review.public.measures import MEASURES
from annual_review.public.overview import (
    CouncilOverview,
    NationalFigures,
    council_overview,
    national_figures,
)
from annual_review.public.published import (
    COUNCIL_NOT_FOUND,
    CouncilRef,
    NotFound,
    council_find,
    published_compliance_of,
    published_decisions,
    published_years,
    year_choose,
    year_statistics,
)
from annual_review.public.revisions import FiguresNote, figures_note
from annual_review.remembered import remembered_recent
from annual_review.web.caching import site_version
from annual_review.years.periods import ReportingPeriod

DECISIONS_PER_PAGE = 20


@dataclass(frozen=True)
class DecisionsPage:
    rows: list[DecisionRow]
    page: int
    pages: int
    total: int
    category: str
    outcome: str


@dataclass(frozen=True)
class CouncilPage:
    council: CouncilRef
    year: str
    period_text: str
    years: list[str]
    group_label: str
    statistics: list[StatisticView]
    upheld_per_100k: StatisticView
    decisions_total: int
    trend: list[TrendRow]
    trend_chart: TrendChart | None
    comparison: list[ComparisonRow]
    decisions: DecisionsPage
    public_reports: list[PublicReport]
    service_improvements: list[ServiceImprovementRow]
    letter_available: bool
    figures: FiguresNote
    lifetime: CouncilLifetime | None = None
    national: NationalFigures | None = None
    overview: CouncilOverview | None = None
    trend_charts: list[TrendChart] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=lambda: list(Category.choices))
    outcomes: list[tuple[str, str]] = field(default_factory=lambda: list(Outcome.choices))


def _year_for(slug: str, year: str | None) -> str:
    """The year a council's page shows: the one asked for if published; without one, the
    latest published year in which the council existed."""
    organisation_id, _council = council_find(slug=slug)
    lived = council_years(organisation_id=organisation_id, years=published_years())
    return year_choose(year) if year is not None or not lived else lived[0]


def council_page_get(
    *,
    slug: str,
    year: str | None = None,
    category: str = "",
    outcome: str = "",
    page: int = 1,
) -> "CouncilPage":
    """`council_page_build`, not built again when asked for again at once in the same site
    version: the export (and many a visitor) asks for a council year's page and then its JSON
    twin, and for the latest year also the council's own address and its twin, all one page."""
    chosen = _year_for(slug, year)
    built: CouncilPage = remembered_recent(
        ("council_page", site_version(), slug, chosen, category, outcome, page),
        lambda: council_page_build(
            slug=slug, year=chosen, category=category, outcome=outcome, page=page
        ),
    )
    return built


def council_page_build(
    *,
    slug: str,
    year: str | None = None,
    category: str = "",
    outcome: str = "",
    page: int = 1,
) -> CouncilPage:
    """Everything on a council's page for one published year."""
    organisation_id, council = council_find(slug=slug)
    published = published_years()
    lived = council_years(organisation_id=organisation_id, years=published)
    chosen_year = _year_for(slug, year)
    period = ReportingPeriod(int(chosen_year[:4]))
    stats = year_statistics(chosen_year)
    row = next((r for r in stats.organisations if r.organisation_id == organisation_id), None)
    if row is None:
        raise NotFound(COUNCIL_NOT_FOUND)
    group = stats.groups.get(council.comparison_group) if council.comparison_group else None
    group_label = group_label_of(council.comparison_group)
    in_year = published_decisions().in_year(period).filter(organisation_id=organisation_id)
    category = category if category in Category.values else ""
    outcome = outcome if outcome in Outcome.values else ""
    listed = in_year
    if category:
        listed = listed.filter(category=category)
    if outcome:
        listed = listed.filter(outcome=outcome)
    paginator = Paginator(listed.order_by("-decision_date", "reference"), DECISIONS_PER_PAGE)
    number = page_number(page, paginator.num_pages)
    trend, charts = council_trend(
        organisation_id, council.comparison_group, council.name, group_label
    )
    national = national_figures(year=chosen_year)
    improvements = (
        Recommendation.objects.published(years=published_years())
        .filter(decision__in=in_year, kind=Recommendation.Kind.SERVICE_IMPROVEMENT)
        .select_related("decision")
        .prefetch_related(published_compliance_of("decision__compliance"))
        .order_by("decision__decision_date", "id")
    )
    return CouncilPage(
        council=council,
        year=chosen_year,
        period_text=period.period_text,
        years=lived,
        group_label=group_label,
        statistics=[
            statistic_view(MEASURES[k], row, group, group_label, national) for k in PAGE_MEASURES
        ],
        upheld_per_100k=statistic_view(
            MEASURES["upheld_per_100k"], row, group, group_label, national
        ),
        decisions_total=row.counts.decisions,
        trend=trend,
        trend_chart=charts[0] if charts else None,
        trend_charts=charts,
        comparison=group_comparison(chosen_year, council.comparison_group, organisation_id),
        decisions=DecisionsPage(
            rows=[decision_row(d) for d in paginator.page(number).object_list],
            page=number,
            pages=paginator.num_pages,
            total=paginator.count,
            category=category,
            outcome=outcome,
        ),
        public_reports=[
            public_report(d) for d in in_year.filter(public_report=True).order_by("decision_date")
        ],
        service_improvements=[
            ServiceImprovementRow(
                reference=r.decision.reference,
                description=r.description,
                due_date=r.due_date,
                status=compliance_status(r.decision),
            )
            for r in improvements
        ],
        letter_available=public_letter_exists(organisation_id=organisation_id, year=chosen_year),
        figures=figures_note(year=chosen_year, code=row.organisation_code),
        national=national,
        overview=council_overview(
            year=chosen_year, code=row.organisation_code, name=council.short_name
        ),
        lifetime=council_lifetime_build(
            organisation_id=organisation_id,
            period=period,
            has_population=row.population is not None,
            years=published,
        ),
    )
