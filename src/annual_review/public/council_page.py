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
from annual_review.register.models import ComparisonGroup
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


@dataclass(frozen=True, kw_only=True)
class CouncilYearShown:
    """What a council's page of a year shows from the published figures, the register and the
    letters: all of it but the council's own decisions (listed, public reports, service
    improvements). The static export fingerprints a council's pages by it
    (opendata/fingerprints.py), so a page whose figures read the same is not rendered again
    when a revision changes a figure that it shows only rounded, or not at all."""

    council: CouncilRef
    year: str
    period_text: str
    years: list[str]
    group_label: str
    statistics: list[StatisticView]
    upheld_per_100k: StatisticView
    decisions_total: int
    trend: list[TrendRow]
    trend_charts: list[TrendChart]
    comparison: list[ComparisonRow]
    letter_available: bool
    figures: FiguresNote
    lifetime: CouncilLifetime | None
    national: NationalFigures | None
    overview: CouncilOverview | None


@dataclass(frozen=True, kw_only=True)
class CouncilPage(CouncilYearShown):
    """Everything on a council's page for one published year."""

    decisions: DecisionsPage
    public_reports: list[PublicReport]
    service_improvements: list[ServiceImprovementRow]
    categories: list[tuple[str, str]] = field(default_factory=lambda: list(Category.choices))
    outcomes: list[tuple[str, str]] = field(default_factory=lambda: list(Outcome.choices))

    @property
    def trend_chart(self) -> TrendChart | None:
        return self.trend_charts[0] if self.trend_charts else None


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


def council_year_shown(
    *,
    organisation_id: int,
    council: CouncilRef,
    year: str,
    trend: tuple[list[TrendRow], list[TrendChart]] | None = None,
) -> CouncilYearShown:
    """What the council's page of a published `year` shows but its decisions (see
    CouncilYearShown). `trend`: the council's `council_trend`, the same on each of its years'
    pages, when the caller has it already."""
    published = published_years()
    period = ReportingPeriod(int(year[:4]))
    stats = year_statistics(year)
    row = next((r for r in stats.organisations if r.organisation_id == organisation_id), None)
    if row is None:
        raise NotFound(COUNCIL_NOT_FOUND)
    group = stats.groups.get(council.comparison_group) if council.comparison_group else None
    group_label = (
        str(ComparisonGroup(council.comparison_group).label) if council.comparison_group else ""
    )
    rows, charts = trend or council_trend(
        organisation_id, council.comparison_group, council.name, group_label
    )
    national = national_figures(year=year)
    return CouncilYearShown(
        council=council,
        year=year,
        period_text=period.period_text,
        years=council_years(organisation_id=organisation_id, years=published),
        group_label=group_label,
        statistics=[
            statistic_view(MEASURES[k], row, group, group_label, national) for k in PAGE_MEASURES
        ],
        upheld_per_100k=statistic_view(
            MEASURES["upheld_per_100k"], row, group, group_label, national
        ),
        decisions_total=row.counts.decisions,
        trend=rows,
        trend_charts=charts,
        comparison=group_comparison(year, council.comparison_group, organisation_id),
        letter_available=public_letter_exists(organisation_id=organisation_id, year=year),
        figures=figures_note(year=year, code=row.organisation_code),
        national=national,
        overview=council_overview(year=year, code=row.organisation_code, name=council.short_name),
        lifetime=council_lifetime_build(
            organisation_id=organisation_id,
            period=period,
            has_population=row.population is not None,
            years=published,
        ),
    )


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
    chosen_year = _year_for(slug, year)
    shown = council_year_shown(organisation_id=organisation_id, council=council, year=chosen_year)
    period = ReportingPeriod(int(chosen_year[:4]))
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
    improvements = (
        Recommendation.objects.published(years=published_years())
        .filter(decision__in=in_year, kind=Recommendation.Kind.SERVICE_IMPROVEMENT)
        .select_related("decision")
        .prefetch_related(published_compliance_of("decision__compliance"))
        .order_by("decision__decision_date", "id")
    )
    return CouncilPage(
        **vars(shown),
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
    )
