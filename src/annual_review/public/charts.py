"""Chart geometry for the council pages, in SVG units (the templates draw it)."""

from dataclasses import dataclass

from annual_review.statistics.display import format_percentage


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


def trend_chart(
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
