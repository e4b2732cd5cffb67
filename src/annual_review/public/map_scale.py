"""The map's colour classes: a measure's classes, the same in every published year, chosen from
the figures as people read them, their labels, and the ratio wording of the per-100,000 map."""

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from annual_review.public.measures import NO_DATA, Measure, measure_enough
from annual_review.public.published import published_years, year_statistics
from annual_review.statistics.display import display_round
from annual_review.web.caching import cached_value

MAP_CLASSES = 5
# Percentage classes start at whole multiples of this many percentage points.
PERCENT_STEP = Decimal(5)
# The per-100,000 map colours a council by its figure divided by its comparison group's pooled
# figure ("1.4 times"), in these fixed classes of the ratio as shown (to one decimal place).
RATIO_EDGES = (Decimal("0.5"), Decimal("0.8"), Decimal("1.2"), Decimal("2"))
RATIO_UNIT = "times"


def map_palette(*, classes: int) -> list[str]:
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
