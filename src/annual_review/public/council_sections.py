"""The sections of a council's page, each built from a published year's figures: the key
statistics (against the group and England), the trend over the published years, the comparison
group's table and the public reports. `council_page.py` reads the page's data and assembles them."""

from dataclasses import dataclass
from datetime import date

from annual_review.casework.models import Decision
from annual_review.public.charts import BarChart, TrendChart, bar_chart, trend_chart
from annual_review.public.letters import public_letter_exists
from annual_review.public.measures import KEY_MEASURES, MEASURES, Measure, uncertainty_text
from annual_review.public.overview import ENGLAND, NationalFigures, national_of
from annual_review.public.published import (
    councils_by_id,
    public_figures,
    published_years,
    year_statistics,
)
from annual_review.register.models import ComparisonGroup
from annual_review.statistics.calculations import GroupAverages, OrganisationStatistics
from annual_review.statistics.display import format_count, format_per_100k, format_percentage
from annual_review.statistics.selectors import YearStatistics
from annual_review.web.caching import cached_value

# The key statistics at the top of a council's page, each drawn against its group and England.
PAGE_MEASURES = (*KEY_MEASURES, "upheld_per_100k")


@dataclass(frozen=True)
class StatisticView:
    key: str
    label: str
    explanation: str
    value_text: str
    basis_text: str
    group_text: str
    uncertainty_text: str
    value: float | None = None
    group_value: float | None = None
    england_value: float | None = None
    england_text: str = ""
    chart: BarChart | None = None


@dataclass(frozen=True)
class TrendRow:
    year: str
    investigations: int
    upheld: int
    uphold_rate: str
    group_uphold_rate: str
    england_uphold_rate: str
    upheld_per_100k: str
    compliance_rate: str
    satisfactory_remedy_rate: str
    letter_available: bool


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    slug: str
    current: bool
    investigations: int
    uphold_rate: str
    upheld_per_100k: str
    compliance_rate: str
    satisfactory_remedy_rate: str


@dataclass(frozen=True)
class ServiceImprovementRow:
    reference: str
    description: str
    due_date: date | None
    status: str


@dataclass(frozen=True)
class PublicReport:
    """A public report: its title (the model has none: its category and date), summary, link."""

    reference: str
    title: str
    summary: str
    decision_date: date
    category: str
    outcome: str


def statistic_view(
    measure: Measure,
    row: OrganisationStatistics,
    group: GroupAverages | None,
    group_label: str,
    national: NationalFigures | None = None,
) -> StatisticView:
    value = measure.value(row)
    group_value = getattr(group, measure.key) if group else None
    group_text = (
        f"{group_label} average: {measure.format(group_value)}" if group_value is not None else ""
    )
    england_value = getattr(national, measure.key) if national else None
    england_text = f"{ENGLAND}: {measure.format(england_value)}" if national else ""
    bars: list[tuple[str, float | None, str, str]] = [
        (row.name, value, measure.format(value), "council")
    ]
    if group is not None:
        bars.append((f"{group_label} average", group_value, measure.format(group_value), "group"))
    if national is not None:
        bars.append((ENGLAND, england_value, measure.format(england_value), "england"))
    chart = bar_chart(
        key=measure.key, label=measure.label, bars=bars, percentage=measure.percentage
    )
    if measure.percentage:
        successes = {
            "uphold_rate": row.upheld,
            "compliance_rate": row.counts.compliant,
            "satisfactory_remedy_rate": row.satisfactory_remedies,
        }[measure.key]
        uncertainty = uncertainty_text(
            successes=successes,
            trials=measure.trials(row),
            measure=measure,
            interval=row.interval(measure.key),
        )
        trials = measure.trials(row)
        basis = f"{format_count(successes)} of {measure.basis(trials)}" if trials else ""
    else:
        population = format_count(row.population) if row.population else "unknown"
        basis = f"{measure.basis(row.upheld)} and a population of {population}" + (
            f" (ONS estimate for {row.population_year})" if row.population_year else ""
        )
        uncertainty = ""
    return StatisticView(
        measure.key,
        measure.label,
        measure.explanation,
        measure.format(value),
        basis,
        group_text,
        uncertainty,
        value=value,
        group_value=group_value,
        england_value=england_value,
        england_text=england_text,
        chart=chart,
    )


def group_label_of(group_key: str) -> str:
    """A comparison group's name ("District Councils"), or "" for a council in none."""
    return str(ComparisonGroup(group_key).label) if group_key else ""


def council_trend(
    organisation_id: int, group_key: str, council_name: str = "the council", group_label: str = ""
) -> tuple[list[TrendRow], list[TrendChart]]:
    rows: list[TrendRow] = []
    drawn: list[tuple[OrganisationStatistics, GroupAverages | None, NationalFigures]] = []
    for label in reversed(published_years()):
        # The year's public version once: its statistics and England's figures come from it.
        figures = public_figures(label)
        stats: YearStatistics = figures.statistics
        row = next((r for r in stats.organisations if r.organisation_id == organisation_id), None)
        if row is None:
            continue
        group = stats.groups.get(group_key) if group_key else None
        drawn.append((row, group, national_of(figures=figures)))
        rows.append(
            TrendRow(
                year=label,
                investigations=row.investigations,
                upheld=row.upheld,
                uphold_rate=format_percentage(row.uphold_rate),
                group_uphold_rate=format_percentage(group.uphold_rate if group else None),
                england_uphold_rate=format_percentage(drawn[-1][2].uphold_rate),
                upheld_per_100k=format_per_100k(row.upheld_per_100k),
                compliance_rate=format_percentage(row.compliance_rate),
                satisfactory_remedy_rate=format_percentage(row.satisfactory_remedy_rate),
                letter_available=public_letter_exists(organisation_id=organisation_id, year=label),
            )
        )
    years = [r.year for r in rows]
    charts = []
    for key in PAGE_MEASURES:
        measure = MEASURES[key]
        chart = trend_chart(
            years,
            [measure.value(row) for row, _, _ in drawn],
            [getattr(group, key) if group else None for _, group, _ in drawn],
            [row.interval(key) if measure.percentage else None for row, _, _ in drawn],
            england=[getattr(national, key) for _, _, national in drawn],
            key=key,
            label=measure.label,
            percentage=measure.percentage,
            council_name=council_name,
            group_name=group_label or "the group",
        )
        if chart is not None:
            charts.append(chart)
    return rows, charts


def group_comparison(year: str, group_key: str, organisation_id: int) -> list[ComparisonRow]:
    def build() -> list[tuple[int, ComparisonRow]]:
        stats = year_statistics(year)
        councils = councils_by_id()
        members = sorted(
            (r for r in stats.organisations if r.comparison_group == group_key),
            key=lambda r: councils[r.organisation_id].short_name,
        )
        return [
            (
                r.organisation_id,
                ComparisonRow(
                    name=councils[r.organisation_id].name,
                    slug=councils[r.organisation_id].slug,
                    current=False,
                    investigations=r.investigations,
                    uphold_rate=format_percentage(r.uphold_rate),
                    upheld_per_100k=format_per_100k(r.upheld_per_100k),
                    compliance_rate=format_percentage(r.compliance_rate),
                    satisfactory_remedy_rate=format_percentage(r.satisfactory_remedy_rate),
                ),
            )
            for r in members
        ]

    if not group_key:
        return []
    rows = cached_value(("comparison", year, group_key), build)
    return [
        ComparisonRow(**{**row.__dict__, "current": True}) if pk == organisation_id else row
        for pk, row in rows
    ]


def public_report(decision: Decision) -> PublicReport:
    """A public report as the council page lists it: titled by its category and date."""
    category = decision.get_category_display()
    day = decision.decision_date
    return PublicReport(
        reference=decision.reference,
        title=f"{category}, {day.day} {day:%B %Y}",
        summary=decision.summary,
        decision_date=day,
        category=category,
        outcome=decision.get_outcome_display(),
    )
