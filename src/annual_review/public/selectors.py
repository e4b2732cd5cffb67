"""What the public pages show, assembled as plain dataclasses (the HTML and data twins share them).

Only published reporting years are read: every function here starts from `published_years()`.
"""

import bisect
import dataclasses
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from annual_review.casework.models import (
    Category,
    ComplianceOutcome,
    Decision,
    DecisionQuerySet,
    Outcome,
    Recommendation,
)
from annual_review.imports.models import DatasetLabel
from annual_review.public.caching import cached_value
from annual_review.public.lifetimes import CouncilLifetime, council_lifetime_build, council_years
from annual_review.public.maps import map_drawing
from annual_review.public.search import SearchRefused, search_text_printable, search_words
from annual_review.register.models import ComparisonGroup, Organisation
from annual_review.register.names import name_core, name_normalise
from annual_review.register.selectors import OrganisationResolver, organisation_resolver_build
from annual_review.statistics.calculations import GroupAverages, OrganisationStatistics
from annual_review.statistics.display import format_count, format_per_100k, format_percentage
from annual_review.statistics.selectors import YearStatistics
from annual_review.workflow.figures import (
    FiguresVersion,
    figures_versions,
    published_figures,
    revisions_public,
)
from annual_review.years.models import ReportingYear
from annual_review.years.periods import ReportingPeriod, period_parse

# Rates based on fewer cases than this are not coloured on the map: with so few, chance alone
# moves them a long way (the council's page still shows them, with their uncertainty).
MINIMUM_CASES = 10
# Below this many cases the uncertainty sentence says the figure "could easily" be far off.
SMALL_COUNT = 30
DECISIONS_PER_PAGE = 20
SEARCH_RESULTS_PER_PAGE = 20
SEARCH_RESULTS_CAP = 1000
MAP_CLASSES = 5

NO_PUBLISHED_YEAR = "No reporting year has been published yet."
YEAR_NOT_PUBLISHED = "{year} is not a published reporting year."
COUNCIL_NOT_FOUND = "There is no council at this address."
DECISION_NOT_FOUND = "There is no published decision with this reference."
NOT_ENOUGH_CASES = "Too few cases"
AREA_SHOWN, AREA_TOO_FEW_CASES, AREA_NO_DATA = "shown", "too_few_cases", "no_data"
NO_DATA = "No data"


class NotFound(Exception):
    """What was asked for is not public (an unknown council, an unpublished year...)."""


# --- the site as a whole -------------------------------------------------------------------


@dataclass(frozen=True)
class SiteNotice:
    demo: bool
    note: str


def site_notice() -> SiteNotice:
    """Whether the database holds demonstration data, which every page must say."""

    def build() -> SiteNotice:
        label = DatasetLabel.objects.order_by("-updated_at").first()
        if label is None:
            return SiteNotice(demo=False, note="")
        return SiteNotice(demo=label.kind == DatasetLabel.Kind.DEMO, note=label.note)

    return cached_value(("site_notice",), build)


def published_years() -> list[str]:
    """Labels of the published reporting years, latest first."""
    return cached_value(
        ("published_years",),
        lambda: list(
            ReportingYear.objects.published()
            .order_by("-first_year")
            .values_list("label", flat=True)
        ),
    )


def year_choose(year: str | None) -> str:
    """The year asked for if it is published, the latest published year if none was asked for."""
    years = published_years()
    if not years:
        raise NotFound(NO_PUBLISHED_YEAR)
    if year is None:
        return years[0]
    if year not in years:
        raise NotFound(YEAR_NOT_PUBLISHED.format(year=year))
    return year


def year_statistics(year: str) -> YearStatistics:
    """A published year's statistics as frozen at publication (or its latest public revision)."""
    return published_figures(year=year).statistics


# --- published figures and their revisions -------------------------------------------------


def _day(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


@dataclass(frozen=True)
class RevisionNote:
    """One revision of a year's figures as a page tells it."""

    version: int
    revised_on: str
    reason: str
    # The figures this revision replaced, still downloadable.
    earlier_url: str
    earlier_version: int


@dataclass(frozen=True)
class FiguresNote:
    """Which version of a year's figures a page shows: "as published on", and revisions."""

    year: str
    version: int
    published_on: str
    revisions: list[RevisionNote]
    downloads_url: str


def _revision_note(version: FiguresVersion) -> RevisionNote:
    earlier = version.number - 1
    return RevisionNote(
        version=version.number,
        revised_on=_day(version.published_at),
        reason=version.reason,
        earlier_url=f"/downloads/{version.year}/v{earlier}/statistics.csv",
        earlier_version=earlier,
    )


def figures_note(*, year: str, code: str | None = None) -> FiguresNote:
    """The version shown for a published year; with `code`, only revisions that changed that
    organisation's figures are told (its page was "affected")."""
    versions = figures_versions(year=year)
    revisions = []
    for newer, older in zip(versions, versions[1:], strict=False):
        if code is not None:
            before = published_figures(year=year, version=older.number).row_for(code)
            after = published_figures(year=year, version=newer.number).row_for(code)
            if before == after:
                continue
        revisions.append(_revision_note(newer))
    return FiguresNote(
        year=year,
        version=versions[0].number,
        published_on=_day(versions[-1].published_at),
        revisions=revisions,
        downloads_url=f"/downloads/{year}/",
    )


@dataclass(frozen=True)
class RevisionsPage:
    revisions: list[tuple[str, RevisionNote]]


def revisions_page_build() -> RevisionsPage:
    """Every revision of every published year, newest first."""

    def build() -> RevisionsPage:
        return RevisionsPage(
            revisions=[
                (
                    r.year,
                    _revision_note(
                        FiguresVersion(
                            year=r.year,
                            number=r.number,
                            published_at=r.published_at,
                            reason=r.reason,
                            sha256="",
                        )
                    ),
                )
                for r in revisions_public()
            ]
        )

    return cached_value(("revisions",), build)


def _published_decisions() -> DecisionQuerySet:
    """Decisions made within a published reporting year; nothing else is ever shown."""
    return Decision.objects.published(years=published_years())


def _published_compliance_of(lookup: str) -> Prefetch:
    """Decisions' compliance outcomes at `lookup`, only those published (an outcome's own date
    may fall in a year still embargoed); read `decision.compliance` after prefetch_related()."""
    return Prefetch(lookup, queryset=ComplianceOutcome.objects.published(years=published_years()))


def _published_recommendations() -> Prefetch:
    return Prefetch(
        "recommendations", queryset=Recommendation.objects.published(years=published_years())
    )


@dataclass(frozen=True)
class CouncilRef:
    name: str
    short_name: str
    slug: str
    comparison_group: str
    gss_code: str


def councils_by_id() -> dict[int, CouncilRef]:
    def build() -> dict[int, CouncilRef]:
        return {
            pk: CouncilRef(name, short, slug, group, gss or "")
            for pk, name, short, slug, group, gss in Organisation.objects.values_list(
                "id", "name", "short_name", "slug", "comparison_group", "gss_code"
            )
        }

    return cached_value(("councils_by_id",), build)


# --- measures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One figure the map can be coloured by."""

    key: str
    label: str
    explanation: str
    percentage: bool
    basis_one: str
    basis_many: str
    trials: Callable[[OrganisationStatistics], int]

    def value(self, row: OrganisationStatistics) -> float | None:
        return getattr(row, self.key)

    def format(self, value: float | None) -> str:
        return format_percentage(value) if self.percentage else format_per_100k(value)

    def basis(self, count: int) -> str:
        return f"{format_count(count)} {self.basis_one if count == 1 else self.basis_many}"

    def __reduce__(self) -> tuple[Callable[[str], "Measure"], tuple[str]]:
        # Pickled by name (values go into Django's cache): `trials` is a lambda.
        return _measure_named, (self.key,)


def _measure_named(key: str) -> Measure:
    return MEASURES[key]


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "uphold_rate",
            "Uphold rate",
            "Of the complaints investigated in detail, the share where the council was at fault.",
            True,
            "investigation",
            "investigations",
            lambda r: r.investigations,
        ),
        Measure(
            "upheld_per_100k",
            "Upheld decisions per 100,000 residents",
            "Upheld decisions for every 100,000 people living in the area.",
            False,
            "upheld decision",
            "upheld decisions",
            lambda r: r.upheld,
        ),
        Measure(
            "compliance_rate",
            "Compliance rate",
            "Of the cases where the Ombudsman checked whether the council did what it "
            "recommended, the share where it had (on time or late).",
            True,
            "compliance outcome",
            "compliance outcomes",
            lambda r: r.compliance_outcomes,
        ),
        Measure(
            "satisfactory_remedy_rate",
            "Satisfactory remedy rate",
            "Of the upheld cases, the share where the council had already put things right "
            "before the complaint reached the Ombudsman.",
            True,
            "upheld investigation",
            "upheld investigations",
            lambda r: r.upheld,
        ),
    )
}
DEFAULT_MEASURE = "uphold_rate"
KEY_MEASURES = ("uphold_rate", "compliance_rate", "satisfactory_remedy_rate")


def _enough(measure: Measure, row: OrganisationStatistics) -> bool:
    if measure.key == "upheld_per_100k":
        return row.population is not None and row.upheld_per_100k is not None
    return measure.trials(row) >= MINIMUM_CASES and measure.value(row) is not None


# --- the map -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    label: str


@dataclass(frozen=True)
class MapAreaView:
    gss_code: str
    name: str
    href: str
    path: str
    css_class: str
    value_text: str
    sort_value: float
    basis_text: str
    # What the data twins carry: the measure's own value (rates as fractions 0..1; None without
    # data) and whether the map shows it (AREA_SHOWN, AREA_TOO_FEW_CASES, AREA_NO_DATA).
    value: float | None = None
    status: str = "shown"

    @property
    def title(self) -> str:
        basis = f" ({self.basis_text})" if self.basis_text else ""
        return f"{self.name}: {self.value_text}{basis}"


@dataclass(frozen=True)
class MapPage:
    year: str
    years: list[str]
    measure: Measure
    measures: list[Measure]
    layer: str
    width: int
    height: int
    areas: list[MapAreaView]
    legend: list[LegendEntry]
    table: list[MapAreaView]
    # London's boroughs again, larger, in a box (only on the lower-tier layer).
    london: list[MapAreaView]
    london_box: tuple[int, int, int, int] | None
    minimum_cases: int = MINIMUM_CASES
    figures: FiguresNote | None = None


LAYER_LABELS = {
    "ltla": "Districts, unitary councils, metropolitan and London boroughs",
    "cty": "County councils",
}


def _class_breaks(values: Sequence[float]) -> list[float]:
    """Lower bounds of up to MAP_CLASSES classes holding about equal numbers of councils."""
    ordered = sorted(values)
    if not ordered:
        return []
    breaks = [ordered[math.floor(i * len(ordered) / MAP_CLASSES)] for i in range(MAP_CLASSES)]
    return sorted(set(breaks))


def _palette(classes: int) -> list[str]:
    """CSS classes spread over the whole colour scale, however few classes the values make."""
    if classes <= 1:
        return [f"app-q{MAP_CLASSES // 2}"] * classes
    return [f"app-q{round(i * (MAP_CLASSES - 1) / (classes - 1))}" for i in range(classes)]


def _range_text(measure: Measure, values: list[float]) -> str:
    low, high = measure.format(min(values)), measure.format(max(values))
    return low if low == high else f"{low} to {high}"


def map_page_build(*, year: str | None, measure: str | None, layer: str | None) -> MapPage:
    """The home page's map and table: every council of a layer coloured by one measure."""
    chosen_year = year_choose(year)
    chosen_measure = MEASURES.get(measure or DEFAULT_MEASURE, MEASURES[DEFAULT_MEASURE])
    chosen_layer = layer if layer in LAYER_LABELS else "ltla"

    def build() -> MapPage:
        stats = year_statistics(chosen_year)
        by_gss = {row.gss_code: row for row in stats.organisations if row.gss_code}
        councils = councils_by_id()
        drawing = map_drawing(period_parse(chosen_year).first_year)  # that year's boundaries
        shapes = drawing.layers[chosen_layer]
        rows = [by_gss.get(shape.gss_code) for shape in shapes]
        values = [
            chosen_measure.value(r) for r in rows if r is not None and _enough(chosen_measure, r)
        ]
        breaks = _class_breaks([v for v in values if v is not None])
        palette = _palette(len(breaks))
        members: dict[int, list[float]] = {}
        areas = []
        for shape, row in zip(shapes, rows, strict=True):
            if row is None:
                areas.append(
                    MapAreaView(
                        shape.gss_code,
                        shape.name,
                        "",
                        shape.path,
                        "app-nd",
                        NO_DATA,
                        -1,
                        "",
                        status=AREA_NO_DATA,
                    )
                )
                continue
            council = councils[row.organisation_id]
            value = chosen_measure.value(row)
            basis = chosen_measure.basis(chosen_measure.trials(row))
            if chosen_measure.key == "upheld_per_100k" and row.population:
                basis += f", population {format_count(row.population)}"
            href = f"/councils/{council.slug}/{chosen_year}/"
            if value is None or not _enough(chosen_measure, row):
                text = NO_DATA if value is None else NOT_ENOUGH_CASES
                areas.append(
                    MapAreaView(
                        shape.gss_code,
                        council.name,
                        href,
                        shape.path,
                        "app-nd",
                        text,
                        -1,
                        basis,
                        value=value,
                        status=AREA_NO_DATA if value is None else AREA_TOO_FEW_CASES,
                    )
                )
                continue
            index = max(0, bisect.bisect_right(breaks, value) - 1)
            members.setdefault(index, []).append(value)
            css_class = palette[index]
            areas.append(
                MapAreaView(
                    shape.gss_code,
                    council.name,
                    href,
                    shape.path,
                    css_class,
                    chosen_measure.format(value),
                    value,
                    basis,
                    value=value,
                )
            )
        london: list[MapAreaView] = []
        if chosen_layer == "ltla":
            by_code = {a.gss_code: a for a in areas}
            london = [
                dataclasses.replace(by_code[inset.gss_code], path=inset.path)
                for inset in drawing.london
            ]
        legend = [
            LegendEntry(palette[i], _range_text(chosen_measure, members[i]))
            for i in sorted(members)
        ]
        legend.append(
            LegendEntry("app-nd", f"{NOT_ENOUGH_CASES} (fewer than {MINIMUM_CASES}) or no data")
        )
        return MapPage(
            figures=figures_note(year=chosen_year),
            year=chosen_year,
            years=published_years(),
            measure=chosen_measure,
            measures=list(MEASURES.values()),
            layer=chosen_layer,
            width=drawing.width,
            height=drawing.height,
            areas=areas,
            legend=legend,
            table=sorted(areas, key=lambda a: a.name),
            london=london,
            london_box=drawing.london_box if london else None,
        )

    return cached_value(("map", chosen_year, chosen_measure.key, chosen_layer), build)


# --- finding councils ----------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilGroup:
    key: str
    label: str
    councils: list[CouncilRef]


@dataclass(frozen=True)
class CouncilSearch:
    query: str
    exact: CouncilRef | None
    matches: list[CouncilRef]
    groups: list[CouncilGroup]


def _resolver() -> OrganisationResolver:
    return cached_value(("resolver",), organisation_resolver_build)


def councils_search(*, query: str = "") -> CouncilSearch:
    """All councils by type, and those matching a name people type ("Bromsgrove DC")."""
    councils = councils_by_id()
    in_register = cached_value(
        ("in_register",),
        lambda: set(Organisation.objects.filter(in_register=True).values_list("id", flat=True)),
    )
    listed = sorted(
        (c for pk, c in councils.items() if pk in in_register), key=lambda c: c.short_name
    )
    groups = [
        CouncilGroup(key, str(label), [c for c in listed if c.comparison_group == key])
        for key, label in ComparisonGroup.choices
    ]
    query = query.strip()[:200]
    exact = None
    matches: list[CouncilRef] = []
    if query:
        found = _resolver().resolve(query)
        exact = councils.get(found) if found is not None else None
        wanted = name_normalise(query)
        core = name_core(query)
        # Former councils are found by name too, though only current ones are listed by type.
        matches = [
            c
            for c in sorted(councils.values(), key=lambda c: c.short_name)
            if wanted in name_normalise(c.name) or (core and core in name_normalise(c.name))
        ]
        if exact is not None and exact not in matches:
            matches.insert(0, exact)
    return CouncilSearch(query=query, exact=exact, matches=matches, groups=groups)


# --- a council's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class StatisticView:
    key: str
    label: str
    explanation: str
    value_text: str
    basis_text: str
    group_text: str
    uncertainty_text: str


@dataclass(frozen=True)
class TrendRow:
    year: str
    investigations: int
    upheld: int
    uphold_rate: str
    group_uphold_rate: str
    upheld_per_100k: str
    compliance_rate: str
    satisfactory_remedy_rate: str
    letter_available: bool


@dataclass(frozen=True)
class TrendChart:
    """A small line chart of the uphold rate against the group average, in SVG units."""

    width: int
    height: int
    council_lines: list[str]
    group_lines: list[str]
    dots: list[tuple[float, float, str]]
    # The 95% interval of each year's rate, drawn as a vertical bar: (x, top y, bottom y).
    intervals: list[tuple[float, float, float]]
    x_labels: list[tuple[float, str]]
    y_labels: list[tuple[float, str]]


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
class DecisionRow:
    reference: str
    decision_date: date
    category: str
    outcome: str
    summary: str
    council_name: str = ""
    council_slug: str = ""
    # A search result's excerpt: (text, matched) pieces, so templates can mark the words found.
    excerpt: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class ServiceImprovementRow:
    reference: str
    description: str
    due_date: date | None
    status: str


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
    public_reports: list[DecisionRow]
    service_improvements: list[ServiceImprovementRow]
    letter_available: bool
    figures: FiguresNote
    lifetime: CouncilLifetime | None = None
    categories: list[tuple[str, str]] = field(default_factory=lambda: list(Category.choices))
    outcomes: list[tuple[str, str]] = field(default_factory=lambda: list(Outcome.choices))


def uncertainty_text(
    *, successes: int, trials: int, measure: Measure, interval: tuple[float, float] | None
) -> str:
    """The 95% Wilson interval in plain English, blunter when the count is small."""
    if trials == 0 or interval is None:
        return f"There were no {measure.basis_many} this year, so there is no rate."
    low = format_percentage(interval[0], words=True)
    high = format_percentage(interval[1], words=True)
    basis = measure.basis(trials)
    if trials < SMALL_COUNT:
        return f"Based on {basis}, so this could easily be anywhere between {low} and {high}."
    return (
        f"Based on {basis}. Allowing for chance, the underlying rate is probably "
        f"between {low} and {high}."
    )


def _statistic(
    measure: Measure, row: OrganisationStatistics, group: GroupAverages | None, group_label: str
) -> StatisticView:
    value = measure.value(row)
    group_value = getattr(group, measure.key) if group else None
    group_text = (
        f"{group_label} average: {measure.format(group_value)}" if group_value is not None else ""
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
    )


def _trend(organisation_id: int, group_key: str) -> tuple[list[TrendRow], TrendChart | None]:
    rows: list[TrendRow] = []
    council_values: list[float | None] = []
    group_values: list[float | None] = []
    intervals: list[tuple[float, float] | None] = []
    for label in reversed(published_years()):
        stats = year_statistics(label)
        row = next((r for r in stats.organisations if r.organisation_id == organisation_id), None)
        if row is None:
            continue
        group = stats.groups.get(group_key) if group_key else None
        rows.append(
            TrendRow(
                year=label,
                investigations=row.investigations,
                upheld=row.upheld,
                uphold_rate=format_percentage(row.uphold_rate),
                group_uphold_rate=format_percentage(group.uphold_rate if group else None),
                upheld_per_100k=format_per_100k(row.upheld_per_100k),
                compliance_rate=format_percentage(row.compliance_rate),
                satisfactory_remedy_rate=format_percentage(row.satisfactory_remedy_rate),
                letter_available=_letter_exists(organisation_id, label),
            )
        )
        council_values.append(row.uphold_rate)
        group_values.append(group.uphold_rate if group else None)
        intervals.append(row.interval("uphold_rate"))
    chart = _trend_chart([r.year for r in rows], council_values, group_values, intervals)
    return rows, chart


def _trend_chart(
    years: list[str],
    council: list[float | None],
    group: list[float | None],
    intervals: list[tuple[float, float] | None],
) -> TrendChart | None:
    if len(years) < 2:
        return None
    width, height, left, right, top, bottom = 560, 260, 48, 40, 16, 36
    step = (width - left - right) / (len(years) - 1)

    def x(i: int) -> float:
        return round(left + i * step, 1)

    def y(v: float) -> float:
        return round(top + (1 - v) * (height - top - bottom), 1)

    def lines(values: list[float | None]) -> list[str]:
        """One polyline per run of years with a value: a year without one breaks the line."""
        runs: list[list[str]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{x(i)},{y(v)}")
        return [" ".join(run) for run in runs if len(run) > 1]

    return TrendChart(
        width=width,
        height=height,
        council_lines=lines(council),
        group_lines=lines(group),
        dots=[(x(i), y(v), format_percentage(v)) for i, v in enumerate(council) if v is not None],
        intervals=[(x(i), y(ci[1]), y(ci[0])) for i, ci in enumerate(intervals) if ci is not None],
        x_labels=[(x(i), label) for i, label in enumerate(years)],
        y_labels=[(y(v / 100), f"{v}%") for v in (0, 25, 50, 75, 100)],
    )


def _comparison(year: str, group_key: str, organisation_id: int) -> list[ComparisonRow]:
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


def _decision_row(decision: Decision, council: CouncilRef | None = None) -> DecisionRow:
    return DecisionRow(
        reference=decision.reference,
        decision_date=decision.decision_date,
        category=decision.get_category_display(),
        outcome=decision.get_outcome_display(),
        summary=decision.summary,
        council_name=council.name if council else "",
        council_slug=council.slug if council else "",
    )


def _page_number(page: int, pages: int) -> int:
    return min(max(page, 1), max(pages, 1))


def council_find(*, slug: str) -> tuple[int, CouncilRef]:
    for pk, council in councils_by_id().items():
        if council.slug == slug:
            return pk, council
    raise NotFound(COUNCIL_NOT_FOUND)


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
    # Without a year, the latest published year in which the council existed.
    published = published_years()
    lived = council_years(organisation_id=organisation_id, years=published)
    chosen_year = year_choose(year) if year is not None or not lived else lived[0]
    period = ReportingPeriod(int(chosen_year[:4]))
    stats = year_statistics(chosen_year)
    row = next((r for r in stats.organisations if r.organisation_id == organisation_id), None)
    if row is None:
        raise NotFound(COUNCIL_NOT_FOUND)
    group = stats.groups.get(council.comparison_group) if council.comparison_group else None
    group_label = (
        str(ComparisonGroup(council.comparison_group).label) if council.comparison_group else ""
    )
    in_year = _published_decisions().in_year(period).filter(organisation_id=organisation_id)
    category = category if category in Category.values else ""
    outcome = outcome if outcome in Outcome.values else ""
    listed = in_year
    if category:
        listed = listed.filter(category=category)
    if outcome:
        listed = listed.filter(outcome=outcome)
    paginator = Paginator(listed.order_by("-decision_date", "reference"), DECISIONS_PER_PAGE)
    number = _page_number(page, paginator.num_pages)
    trend, chart = _trend(organisation_id, council.comparison_group)
    improvements = (
        Recommendation.objects.published(years=published_years())
        .filter(decision__in=in_year, kind=Recommendation.Kind.SERVICE_IMPROVEMENT)
        .select_related("decision")
        .prefetch_related(_published_compliance_of("decision__compliance"))
        .order_by("decision__decision_date", "id")
    )
    return CouncilPage(
        council=council,
        year=chosen_year,
        period_text=period.period_text,
        years=lived,
        group_label=group_label,
        statistics=[_statistic(MEASURES[k], row, group, group_label) for k in KEY_MEASURES],
        upheld_per_100k=_statistic(MEASURES["upheld_per_100k"], row, group, group_label),
        decisions_total=row.counts.decisions,
        trend=trend,
        trend_chart=chart,
        comparison=_comparison(chosen_year, council.comparison_group, organisation_id),
        decisions=DecisionsPage(
            rows=[_decision_row(d) for d in paginator.page(number).object_list],
            page=number,
            pages=paginator.num_pages,
            total=paginator.count,
            category=category,
            outcome=outcome,
        ),
        public_reports=[
            _decision_row(d) for d in in_year.filter(public_report=True).order_by("decision_date")
        ],
        service_improvements=[
            ServiceImprovementRow(
                reference=r.decision.reference,
                description=r.description,
                due_date=r.due_date,
                status=_compliance_status(r.decision),
            )
            for r in improvements
        ],
        letter_available=_letter_exists(organisation_id, chosen_year),
        figures=figures_note(year=chosen_year, code=row.organisation_code),
        lifetime=council_lifetime_build(
            organisation_id=organisation_id,
            period=period,
            has_population=row.population is not None,
            years=published,
        ),
    )


def _letter_exists(organisation_id: int, year: str) -> bool:
    # Imported here: the letters module reads this one's selectors.
    from annual_review.public.letters import public_letter_exists

    return public_letter_exists(organisation_id=organisation_id, year=year)


AWAITING_COMPLIANCE = "Not yet assessed"


def _compliance_status(decision: Decision) -> str:
    try:
        return decision.compliance.get_outcome_display()
    except Decision.compliance.RelatedObjectDoesNotExist:
        return AWAITING_COMPLIANCE


# --- decisions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionSearch:
    text: str
    council: str
    category: str
    outcome: str
    date_from: date | None
    date_to: date | None
    results: list[DecisionRow]
    page: int
    pages: int
    total: int
    # True when there are more than SEARCH_RESULTS_CAP matches (only the most recent are paged).
    more: bool
    councils: list[CouncilRef]
    categories: list[tuple[str, str]] = field(default_factory=lambda: list(Category.choices))
    outcomes: list[tuple[str, str]] = field(default_factory=lambda: list(Outcome.choices))

    @property
    def total_text(self) -> str:
        return format_count(self.total)


EXCERPT_WORDS = 40
_WORD = re.compile(r"\w+", re.UNICODE)


def summary_excerpt(*, summary: str, text: str) -> tuple[tuple[str, bool], ...]:
    """About forty words of a summary around the first word searched for, matches marked.

    Both databases stem words ("repairs" finds "repair"), so a word here matches on its first
    letters: all of a short word, and all but the last two letters of a longer one.
    """
    stems = {
        w.casefold()[: max(4, len(w) - 2)] if len(w) > 4 else w.casefold()
        for w in _WORD.findall(text)
    }
    words = list(_WORD.finditer(summary))
    if not words:
        return ((summary, False),) if summary else ()

    def matches(word: str) -> bool:
        folded = word.casefold()
        return any(folded.startswith(stem) for stem in stems)

    first = next((i for i, w in enumerate(words) if matches(w.group())), 0)
    start_word = max(0, first - EXCERPT_WORDS // 4)
    end_word = min(len(words), start_word + EXCERPT_WORDS)
    start = words[start_word].start() if start_word else 0
    end = words[end_word - 1].end() if end_word < len(words) else len(summary)
    pieces: list[tuple[str, bool]] = [("… ", False)] if start_word else []
    position = start
    for w in words[start_word:end_word]:
        if stems and matches(w.group()):
            if w.start() > position:
                pieces.append((summary[position : w.start()], False))
            pieces.append((w.group(), True))
            position = w.end()
    pieces.append((summary[position:end], False))
    if end_word < len(words):
        pieces.append((" …", False))
    return tuple(p for p in pieces if p[0])


def _sqlite_match_query(words: list[str]) -> str:
    """Words as FTS5 phrases joined by AND: only letters and digits reach FTS5's syntax."""
    return " ".join(f'"{w}"' for w in words)


def decisions_matching(queryset: QuerySet[Decision], *, text: str) -> QuerySet[Decision]:
    """Full-text search over summaries: FTS5 on SQLite, tsvector/GIN on PostgreSQL.

    Raises SearchRefused (public/search.py) for more words or characters than a search may ask.
    """
    words = search_words(text=text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # The expression matches the GIN index made by public/migrations/0001 exactly; the
        # words are letters and digits only, and plainto_tsquery ANDs them as FTS5 does.
        sql = (
            "SELECT id FROM casework_decision WHERE to_tsvector('english', summary) "
            "@@ plainto_tsquery('english', %s)"
        )
        return queryset.filter(pk__in=RawSQL(sql, [" ".join(words)]))  # noqa: S611 (parameterised)
    sql = "SELECT rowid FROM public_decision_fts WHERE public_decision_fts MATCH %s"
    return queryset.filter(pk__in=RawSQL(sql, [_sqlite_match_query(words)]))  # noqa: S611


class DecisionSearchRefused(ValueError):
    """A search asking for too much: `search` is the form as asked, without results."""

    def __init__(self, message: str, *, search: "DecisionSearch") -> None:
        super().__init__(message)
        self.message = message
        self.search = search


def decisions_search(
    *,
    text: str = "",
    council: str = "",
    category: str = "",
    outcome: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
) -> DecisionSearch:
    """Published decisions across all councils, by words in their summaries and by filters."""
    text = search_text_printable(text=text)
    councils = councils_by_id()
    found: QuerySet[Decision] = _published_decisions()
    council_id = next((pk for pk, c in councils.items() if c.slug == council), None)
    if council_id is not None:
        found = found.filter(organisation_id=council_id)
    else:
        council = ""
    if category in Category.values:
        found = found.filter(category=category)
    else:
        category = ""
    if outcome in Outcome.values:
        found = found.filter(outcome=outcome)
    else:
        outcome = ""
    if date_from:
        found = found.filter(decision_date__gte=date_from)
    if date_to:
        found = found.filter(decision_date__lte=date_to)
    try:
        found = decisions_matching(found, text=text)
    except SearchRefused as refused:
        form = DecisionSearch(
            text=text,
            council=council,
            category=category,
            outcome=outcome,
            date_from=date_from,
            date_to=date_to,
            results=[],
            page=1,
            pages=1,
            total=0,
            more=False,
            councils=_search_councils(councils),
        )
        raise DecisionSearchRefused(str(refused), search=form) from None
    # Page through narrow rows (id only), then read the page's twenty decisions in full: sorting
    # tens of thousands of matches with their summaries attached is what makes search slow.
    ordered_ids = found.order_by("-decision_date", "reference").values_list("id", flat=True)
    # Counting every match of a common word costs seconds on PostgreSQL (each summary's tsvector
    # is computed): count up to the cap, and page through the most recent matches only.
    counted = ordered_ids[: SEARCH_RESULTS_CAP + 1].count()
    shown = min(counted, SEARCH_RESULTS_CAP)
    pages = max(1, math.ceil(shown / SEARCH_RESULTS_PER_PAGE))
    number = _page_number(page, pages)
    first = (number - 1) * SEARCH_RESULTS_PER_PAGE
    page_ids = list(ordered_ids[first : min(first + SEARCH_RESULTS_PER_PAGE, shown)])
    by_id = Decision.objects.in_bulk(page_ids)
    return DecisionSearch(
        text=text,
        council=council,
        category=category,
        outcome=outcome,
        date_from=date_from,
        date_to=date_to,
        results=[
            dataclasses.replace(
                _decision_row(by_id[pk], councils.get(by_id[pk].organisation_id)),
                excerpt=summary_excerpt(summary=by_id[pk].summary, text=text),
            )
            for pk in page_ids
        ],
        page=number,
        pages=pages,
        total=shown,
        more=counted > SEARCH_RESULTS_CAP,
        councils=_search_councils(councils),
    )


def _search_councils(councils: dict[int, CouncilRef]) -> list[CouncilRef]:
    return sorted((c for c in councils.values() if c.comparison_group), key=lambda c: c.short_name)


@dataclass(frozen=True)
class DecisionPage:
    decision: DecisionRow
    council: CouncilRef
    year: str
    received_date: date | None
    satisfactory_remedy: bool
    public_report: bool
    recommendations: list[tuple[str, str]]
    compliance: str


def decision_page_build(*, reference: str) -> DecisionPage:
    """One published decision with its summary, what was recommended and whether it was done."""
    decision = (
        _published_decisions()
        .filter(reference=reference)
        .prefetch_related(_published_compliance_of("compliance"), _published_recommendations())
        .first()
    )
    if decision is None:
        raise NotFound(DECISION_NOT_FOUND)
    return _decision_page(decision, councils_by_id())


def decision_pages_build(*, ids: Sequence[int]) -> list[DecisionPage]:
    """Many published decisions' pages in three queries (the static export's bulk path)."""
    councils = councils_by_id()
    found = (
        _published_decisions()
        .filter(pk__in=ids)
        .prefetch_related(_published_compliance_of("compliance"), _published_recommendations())
        .order_by("reference")
    )
    return [_decision_page(decision, councils) for decision in found]


def _decision_page(decision: Decision, councils: dict[int, CouncilRef]) -> DecisionPage:
    council = councils[decision.organisation_id]
    first_year = decision.decision_date.year - (1 if decision.decision_date.month < 4 else 0)
    return DecisionPage(
        decision=_decision_row(decision, council),
        council=council,
        year=ReportingPeriod(first_year).label,
        received_date=decision.received_date,
        satisfactory_remedy=decision.satisfactory_remedy,
        public_report=decision.public_report,
        recommendations=[
            (r.get_kind_display(), r.description) for r in decision.recommendations.all()
        ],
        compliance=_compliance_status(decision) if decision.outcome == Outcome.UPHELD else "",
    )


def sitemap_addresses() -> list[str]:
    """The pages a search engine should know: the site's own and every council's published years.

    Decisions (a hundred thousand) stay out: a sitemap holds at most 50,000 addresses, and every
    decision is linked from its council's page and the search.
    """
    from annual_review.public.information import INFORMATION_ADDRESSES

    addresses = ["/", "/councils/", "/decisions/", "/about/", *INFORMATION_ADDRESSES]
    years = published_years()
    councils = councils_by_id()
    for year in years:
        for row in year_statistics(year).organisations:
            council = councils[row.organisation_id]
            if year == max(years):
                addresses.append(f"/councils/{council.slug}/")
            addresses.append(f"/councils/{council.slug}/{year}/")
    return addresses
