"""The home page's map and its table: every council of a layer coloured by one measure."""

import bisect
import dataclasses
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from annual_review.public.maps import map_drawing
from annual_review.public.measures import (
    DEFAULT_MEASURE,
    MEASURES,
    MINIMUM_CASES,
    NO_DATA,
    NOT_ENOUGH_CASES,
    Measure,
    measure_enough,
)
from annual_review.public.published import (
    councils_by_id,
    published_years,
    year_choose,
    year_statistics,
)
from annual_review.public.revisions import FiguresNote, figures_note
from annual_review.register.models import ComparisonGroup
from annual_review.statistics.calculations import OrganisationStatistics, group_averages
from annual_review.statistics.display import display_round, format_count
from annual_review.web.caching import cached_value
from annual_review.years.periods import period_parse

MAP_CLASSES = 5
# Percentage classes start at whole multiples of this many percentage points.
PERCENT_STEP = Decimal(5)
# The per-100,000 map colours a council by its figure divided by its comparison group's pooled
# figure ("1.4 times"), in these fixed classes of the ratio as shown (to one decimal place).
RATIO_EDGES = (Decimal("0.5"), Decimal("0.8"), Decimal("1.2"), Decimal("2"))
RATIO_UNIT = "times"


AREA_SHOWN, AREA_TOO_FEW_CASES, AREA_NO_DATA = "shown", "too_few_cases", "no_data"
NO_GROUP = "No group to compare with"


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    label: str
    # How many of this map's councils the colour is used for.
    councils: int = 0


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
    # Measures compared within the comparison group (per 100,000): the group's pooled figure,
    # the council's figure divided by it (what the colour shows) and that said in words.
    group_value: float | None = None
    ratio_to_group: float | None = None
    comparison_text: str = ""

    @property
    def title(self) -> str:
        basis = f" ({self.basis_text})" if self.basis_text else ""
        comparison = f", {self.comparison_text}" if self.comparison_text else ""
        return f"{self.name}: {self.value_text}{comparison}{basis}"


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

    @property
    def summary(self) -> str:
        """What a screen reader hears after the map changes: the choice and the counts."""
        councils = sum(1 for a in self.areas if a.href)
        hatched = sum(1 for a in self.areas if a.status == AREA_TOO_FEW_CASES)
        layer = LAYER_LABELS[self.layer]
        text = (
            f"Showing {_lower_first(self.measure.label)}, {self.year}, {_lower_first(layer)}: "
            f"{format_count(councils)} {'council' if councils == 1 else 'councils'}"
        )
        if hatched:
            text += f", {format_count(hatched)} with too few cases to colour"
        return text + "."


LAYER_LABELS = {
    "ltla": "Districts, unitary councils, metropolitan and London boroughs",
    "cty": "County councils",
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _palette(classes: int) -> list[str]:
    """CSS classes spread over the whole colour scale, however few classes the values make."""
    if classes <= 1:
        return [f"app-q{MAP_CLASSES // 2}"] * classes
    return [f"app-q{round(i * (MAP_CLASSES - 1) / (classes - 1))}" for i in range(classes)]


def _shown(measure: Measure, value: float) -> Decimal:
    """The figure a map class is chosen by: as people read it (whole percentages, with the
    display's ">99%" and "<1%" kept off 100% and 0%; ratios and per 100,000 to one decimal),
    so that a council shown as 65% is never in a class said to end below 65%."""
    if not measure.percentage:
        return display_round(value, places=1)
    shown = display_round(value, places=0, scale=2)
    if shown >= 100 and value < 1:
        return Decimal(99)
    if shown <= 0 and value > 0:
        return Decimal(1)
    return shown


def _format_edge(measure: Measure, edge: Decimal) -> str:
    text = f"{edge:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%" if measure.percentage else text


def format_times(ratio: float | None) -> str:
    """A ratio to the group's figure as people read it: 1.449 -> '1.4 times', 1 -> '1.0 times'."""
    if ratio is None:
        return NO_DATA
    shown = display_round(ratio, places=1)
    if shown <= 0 and ratio > 0:
        return f"<0.1 {RATIO_UNIT}"
    return f"{shown:f} {RATIO_UNIT}"  # "1.0 times", not "1 times"


@dataclass(frozen=True)
class MapScale:
    """A measure's classes, the same in every year: the lower edges of all classes but the
    first (of the figure as shown), and the lowest and highest figure shown in any year."""

    edges: tuple[Decimal, ...]
    lowest: Decimal | None = None
    highest: Decimal | None = None

    def class_of(self, measure: Measure, value: float) -> int:
        """The class (0 the lightest) of a figure, judged as it is shown."""
        return bisect.bisect_right(self.edges, _shown(measure, value))

    def labels(self, measure: Measure) -> list[str]:
        """One label per class; no two meet ("60% to 64%", "65% to 69%")."""
        unit = Decimal(1) if measure.percentage else Decimal("0.1")
        suffix = "" if measure.percentage else f" {RATIO_UNIT}"

        def shown(edge: Decimal) -> str:
            return _format_edge(measure, edge)

        if not self.edges:
            if self.lowest is None or self.highest is None:
                return []
            lowest, highest = shown(self.lowest), shown(self.highest)
            return [(lowest if lowest == highest else f"{lowest} to {highest}") + suffix]
        labels = [f"Under {shown(self.edges[0])}{suffix}"]
        for low, high in itertools.pairwise(self.edges):
            last = high - unit
            text = shown(low) if last == low else f"{shown(low)} to {shown(last)}"
            labels.append(text + suffix)
        top = self.edges[-1]
        if measure.percentage and top >= 100:
            labels.append(shown(top))
        else:
            labels.append(f"{shown(top)} or more{suffix}")
        return labels


def _quantile_edges(
    shown: Sequence[Decimal], step: Decimal, classes: int = MAP_CLASSES
) -> tuple[Decimal, ...]:
    """Only edges that leave some figure on either side. Where many councils share the top
    figure (most comply in every case: 100%), the figures below the lowest edge are split again
    into the classes left, so that 55% and 99% do not share a colour."""
    ordered = sorted(shown)
    if not ordered:
        return ()
    edges = set()
    for i in range(1, classes):
        quantile = ordered[math.floor(i * len(ordered) / classes)]
        edge = (quantile / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
        if ordered[0] < edge <= ordered[-1]:
            edges.add(edge)
    left = classes - 1 - len(edges)
    if edges and left:
        below = [figure for figure in ordered if figure < min(edges)]
        edges.update(_quantile_edges(below, step, left + 1))
    return tuple(sorted(edges))


def map_scale(measure: Measure) -> MapScale:
    """The measure's classes, chosen once from every published year's coloured figures (both
    layers), so that one colour means the same range in every year's map."""
    if measure.within_group:
        return MapScale(RATIO_EDGES)

    def build() -> MapScale:
        values = [
            value
            for year in published_years()
            for row in year_statistics(year).organisations
            if row.gss_code
            and measure_enough(measure, row)
            and (value := measure.value(row)) is not None
        ]
        return map_scale_choose(measure=measure, values=values)

    return cached_value(("map-scale", measure.key), build)


def map_scale_choose(*, measure: Measure, values: Sequence[float]) -> MapScale:
    """Classes for these figures: round edges (multiples of PERCENT_STEP for percentages) near
    the quantiles that would split them into MAP_CLASSES classes of about equal size."""
    shown = [_shown(measure, value) for value in values]
    step = PERCENT_STEP if measure.percentage else Decimal(1)
    return MapScale(
        _quantile_edges(shown, step), min(shown, default=None), max(shown, default=None)
    )


def _group_values(rows: Sequence[OrganisationStatistics], measure: Measure) -> dict[str, float]:
    """Each comparison group's pooled figure (its members' totals over their totals): a council
    with two thousand residents moves it no more than its residents do."""
    members: dict[str, list[OrganisationStatistics]] = {}
    for row in rows:
        if row.comparison_group:
            members.setdefault(row.comparison_group, []).append(row)
    values = {}
    for group, group_rows in members.items():
        value = getattr(group_averages(group, group_rows, method="pooled"), measure.key)
        if value is not None:
            values[group] = value
    return values


def _group_label(group: str) -> str:
    return str(ComparisonGroup(group).label) if group in ComparisonGroup.values else group


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
        scale = map_scale(chosen_measure)
        labels = scale.labels(chosen_measure)
        palette = _palette(len(labels))
        groups = _group_values(stats.organisations, chosen_measure)
        coloured = [0] * len(labels)
        areas = []
        for shape in shapes:
            row = by_gss.get(shape.gss_code)
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
            group_value = ratio = None
            comparison = ""
            if chosen_measure.within_group and value is not None:
                group_value = groups.get(row.comparison_group)
                ratio = value / group_value if group_value else None
                if ratio is None:
                    comparison = NO_GROUP
                else:
                    comparison = (
                        f"{format_times(ratio)} the {_group_label(row.comparison_group)}’ "
                        f"figure of {chosen_measure.format(group_value)}"
                    )
            # What the colour is chosen by: the figure, or its ratio to the group's.
            judged = ratio if chosen_measure.within_group else value
            enough = measure_enough(chosen_measure, row)
            if judged is None or value is None or not enough:
                text = NOT_ENOUGH_CASES if value is not None and not enough else NO_DATA
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
                        status=AREA_TOO_FEW_CASES if text == NOT_ENOUGH_CASES else AREA_NO_DATA,
                        group_value=group_value,
                        ratio_to_group=ratio,
                        comparison_text=comparison if value is not None and enough else "",
                    )
                )
                continue
            index = min(scale.class_of(chosen_measure, judged), len(labels) - 1)
            coloured[index] += 1
            areas.append(
                MapAreaView(
                    shape.gss_code,
                    council.name,
                    href,
                    shape.path,
                    palette[index],
                    chosen_measure.format(value),
                    value,
                    basis,
                    value=value,
                    group_value=group_value,
                    ratio_to_group=ratio,
                    comparison_text=comparison,
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
            LegendEntry(css_class, label, count)
            for css_class, label, count in zip(palette, labels, coloured, strict=True)
        ]
        legend.append(
            LegendEntry(
                "app-nd",
                f"{NOT_ENOUGH_CASES} (fewer than {MINIMUM_CASES} {chosen_measure.basis_many}) "
                "or no data",
                sum(1 for a in areas if a.css_class == "app-nd"),
            )
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
