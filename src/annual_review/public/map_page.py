"""The home page's map and its table: every council of a layer coloured by one measure."""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from annual_review.public.map_scale import format_times, map_palette, map_scale
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
from annual_review.statistics.display import format_count
from annual_review.web.caching import cached_value
from annual_review.years.periods import period_parse

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
        palette = map_palette(classes=len(labels))
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
