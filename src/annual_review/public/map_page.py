"""The home page's map and its table: every council of a layer coloured by one measure."""

import bisect
import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

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
from annual_review.statistics.display import format_count
from annual_review.web.caching import cached_value
from annual_review.years.periods import period_parse

MAP_CLASSES = 5


AREA_SHOWN, AREA_TOO_FEW_CASES, AREA_NO_DATA = "shown", "too_few_cases", "no_data"


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
            chosen_measure.value(r)
            for r in rows
            if r is not None and measure_enough(chosen_measure, r)
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
            if value is None or not measure_enough(chosen_measure, row):
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
