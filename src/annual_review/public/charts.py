"""Chart geometry for the council pages, in SVG units (the templates draw it).

Charts are drawn in a viewBox about as wide as a phone (360 units), so that at 390 pixels
their 14-unit text is read at about 14 pixels, and scaled up (to a limit) on wider screens.
Every chart carries its text alternative and its figures, which the page also gives as text.
"""

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from annual_review.statistics.display import format_per_100k, format_percentage

WIDTH = 360
# Year labels ("2023-24") are about 50 units wide at 14 units: closer than this, some are left
# out (every other one, and so on) so that none overlap.
LABEL_SPACING = 58


@dataclass(frozen=True)
class TrendChart:
    """A small line chart of one measure: the council, its group's average and England."""

    width: int
    height: int
    council_lines: list[str]
    group_lines: list[str]
    dots: list[tuple[float, float, str]]
    # The 95% interval of each year's rate, drawn as a vertical bar: (x, top y, bottom y).
    intervals: list[tuple[float, float, float]]
    x_labels: list[tuple[float, str]]
    y_labels: list[tuple[float, str]]
    england_lines: list[str] = field(default_factory=list)
    key: str = "uphold_rate"
    label: str = "Uphold rate"
    left: int = 44
    # The chart's figures, year by year: (year, council, group average, England) as text.
    values: list[tuple[str, str, str, str]] = field(default_factory=list)
    alt: str = ""

    # The drawing inside the <svg> and the rows of its table, as markup made once here (a
    # page has four such charts: the template writes two strings each, not every value).
    # Properties, not fields: a chart kept in a cache by an earlier release still has them.
    @functools.cached_property
    def marks(self) -> SafeString:
        return _trend_marks(self)

    @functools.cached_property
    def table_rows(self) -> SafeString:
        return _trend_table_rows(self.values)


def _trend_marks(chart: TrendChart) -> SafeString:
    """The SVG elements of a trend chart: axes and their labels, intervals, lines, dots."""
    left, width = chart.left, chart.width
    axes = "".join(
        f'<line class="app-chart__axis" x1="{left}" x2="{width}" y1="{y}" y2="{y}"/>'
        f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">'
        f"{escape(label)}</text>"
        for y, label in chart.y_labels
    )
    years = "".join(
        f'<text x="{x}" y="{chart.height - 8}" text-anchor="middle">{escape(label)}</text>'
        for x, label in chart.x_labels
    )
    intervals = "".join(
        f'<line class="app-chart__interval" x1="{x}" x2="{x}" y1="{top}" y2="{bottom}"/>'
        for x, top, bottom in chart.intervals
    )
    england = "".join(
        f'<polyline points="{points}" fill="none" stroke="#505a5f" stroke-width="2.5" '
        'stroke-dasharray="1 4" stroke-linecap="round"/>'
        for points in chart.england_lines
    )
    group = "".join(
        f'<polyline class="app-chart__group" points="{points}"/>' for points in chart.group_lines
    )
    council = "".join(
        f'<polyline class="app-chart__council" points="{points}"/>'
        for points in chart.council_lines
    )
    dots = "".join(
        f'<circle class="app-chart__dot" cx="{x}" cy="{y}" r="4"/>' for x, y, _ in chart.dots
    )
    lines = (axes, years, intervals, england, group, council, dots)
    return mark_safe("".join(line + "\n" for line in lines))  # noqa: S308 - escaped above


def _trend_table_rows(values: Sequence[tuple[str, str, str, str]]) -> SafeString:
    """The rows of the figures' table that follows a trend chart."""
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header '
            f'app-nowrap">{escape(year)}</th>{cell}{escape(council)}</td>{cell}{escape(group)}'
            f"</td>{cell}{escape(england)}</td></tr>"
            for year, council, group, england in values
        )
    )


def _nice_maximum(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at least `value` (4 steps of axis)."""
    if value <= 0:
        return 1.0
    step = value / 4
    power = 10 ** math.floor(math.log10(step))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * power >= step:
            return 4 * multiple * power
    return 40 * power  # pragma: no cover - 10 always covers the step


def trend_chart(
    years: list[str],
    council: list[float | None],
    group: list[float | None],
    intervals: list[tuple[float, float] | None],
    *,
    england: Sequence[float | None] = (),
    key: str = "uphold_rate",
    label: str = "Uphold rate",
    percentage: bool = True,
    council_name: str = "the council",
    group_name: str = "the group",
) -> TrendChart | None:
    """A trend over the published years; None with fewer than two years to draw."""
    if len(years) < 2:
        return None
    width, height, left, right, top, bottom = WIDTH, 200, 44, 30, 12, 30
    england = list(england) or [None] * len(years)
    formatted: Callable[[float | None], str] = format_percentage if percentage else format_per_100k
    if percentage:
        maximum = 1.0
    else:
        drawn = [v for v in (*council, *group, *england) if v is not None]
        drawn += [ci[1] for ci in intervals if ci is not None]
        maximum = _nice_maximum(max(drawn, default=0.0))
    step = (width - left - right) / (len(years) - 1)

    def x(i: int) -> float:
        return round(left + i * step, 1)

    def y(v: float) -> float:
        return round(top + (1 - min(v / maximum, 1.0)) * (height - top - bottom), 1)

    def lines(values: Sequence[float | None]) -> list[str]:
        """One polyline per run of years with a value: a year without one breaks the line."""
        runs: list[list[str]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{x(i)},{y(v)}")
        return [" ".join(run) for run in runs if len(run) > 1]

    every = max(1, math.ceil(LABEL_SPACING / step))
    last = len(years) - 1
    shown_labels = [
        (x(i), year) for i, year in enumerate(years) if (last - i) % every == 0 or i == last
    ]
    ticks = [maximum * q / 4 for q in range(5)]
    y_labels = [(y(t), f"{round(t * 100)}%" if percentage else format_per_100k(t)) for t in ticks]
    values = [
        (year, formatted(c), formatted(g), formatted(e))
        for year, c, g, e in zip(years, council, group, england, strict=True)
    ]
    latest = values[-1]
    alt = (
        f"{label} from {years[0]} to {years[-1]}: {council_name} {latest[1]} in {years[-1]}, "
        f"{group_name} average {latest[2]}, England {latest[3]}. The figures for every year "
        "follow the chart."
    )
    return TrendChart(
        width=width,
        height=height,
        council_lines=lines(council),
        group_lines=lines(group),
        dots=[(x(i), y(v), formatted(v)) for i, v in enumerate(council) if v is not None],
        intervals=[(x(i), y(ci[1]), y(ci[0])) for i, ci in enumerate(intervals) if ci is not None],
        x_labels=shown_labels,
        y_labels=y_labels,
        england_lines=lines(england),
        key=key,
        label=label,
        left=left,
        values=values,
        alt=alt,
    )


@dataclass(frozen=True)
class Bar:
    """One bar: its label above it, its length and its value written at its end."""

    label: str
    value_text: str
    kind: str  # "council", "group" or "england"
    label_y: float
    bar_y: float
    length: float
    value_x: float
    height: int = 16
    value_y: float = 0.0
    # A long label's further lines, each (y, text), below the first.
    more_lines: list[tuple[float, str]] = field(default_factory=list)


@dataclass(frozen=True)
class BarChart:
    """A key statistic drawn as the letter draws it: the council against its group average."""

    key: str
    width: int
    height: int
    bar_height: int
    bars: list[Bar]
    alt: str

    @functools.cached_property
    def marks(self) -> SafeString:
        """The bars as SVG markup, made once here (see TrendChart.marks)."""
        return _bar_marks(self.bars)


_FILL = {"council": "#1d4f6e", "group": "#b58840"}


def _bar_marks(bars: Sequence[Bar]) -> SafeString:
    """Each bar's label (and its further lines), the bar when it has a length, and its value."""
    drawn = []
    for b in bars:
        label = f'<text x="0" y="{b.label_y}">{escape(b.label)}</text>' if b.label else ""
        more = "".join(f'<text x="0" y="{y}">{escape(line)}</text>' for y, line in b.more_lines)
        rect = (
            f'<rect x="0" y="{b.bar_y}" width="{b.length}" height="{b.height}" '
            f'fill="{_FILL.get(b.kind, "#505a5f")}"/>'
            if b.length
            else ""
        )
        value = (
            f'<text x="{b.value_x}" y="{b.value_y}" font-weight="bold">{escape(b.value_text)}'
            "</text>\n"
        )
        drawn.append(label + more + rect + value)
    return mark_safe("".join(drawn))  # noqa: S308 - every text is escaped


BAR_ROW = 42


def bar_chart(
    *,
    key: str,
    label: str,
    bars: Sequence[tuple[str, float | None, str, str]],
    percentage: bool,
) -> BarChart:
    """Horizontal bars of (label, value, value text, kind), on 0-100% or a rounded scale."""
    width, room = WIDTH, WIDTH - 64
    maximum = (
        1.0 if percentage else _nice_maximum(max((v or 0.0 for _, v, _, _ in bars), default=0))
    )
    drawn = []
    for index, (name, value, text, kind) in enumerate(bars):
        top = index * BAR_ROW
        length = round(room * min((value or 0.0) / maximum, 1.0), 1) if value is not None else 0.0
        drawn.append(
            Bar(
                label=name,
                value_text=text,
                kind=kind,
                label_y=top + 14,
                bar_y=top + 19,
                length=length,
                value_x=round(length + 6, 1),
                value_y=top + 32,
            )
        )
    alt = f"{label}: " + ", ".join(f"{name} {text}" for name, _, text, _ in bars) + "."
    return BarChart(
        key=key,
        width=width,
        height=BAR_ROW * len(bars) + 2,
        bar_height=16,
        bars=drawn,
        alt=alt,
    )


SHARE_ROW = 54
# About this many characters of 14-unit text fit the chart's width; longer labels wrap.
LABEL_CHARACTERS = 42
LINE = 17


def _wrapped(text: str) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LABEL_CHARACTERS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def share_chart(
    *,
    key: str,
    label: str,
    rows: Sequence[tuple[str, float | None, str, float | None, str]],
    council_name: str,
    group_name: str,
) -> BarChart:
    """Pairs of bars, one pair a row (label, council share and text, group share and text):
    the council's share of its decisions in each service against its group's, on one scale."""
    room = WIDTH - 64
    maximum = _nice_maximum(max((v or 0.0 for r in rows for v in (r[1], r[3])), default=0))
    maximum = min(maximum, 1.0)
    drawn = []
    top = 0
    for name, council, council_text, group, group_text in rows:
        lines = _wrapped(name)
        extra = LINE * (len(lines) - 1)
        for offset, (value, text, kind) in enumerate(
            ((council, council_text, "council"), (group, group_text, "group"))
        ):
            length = round(room * min((value or 0.0) / maximum, 1.0), 1)
            bar_y = top + extra + 19 + offset * 15
            drawn.append(
                Bar(
                    label=lines[0] if offset == 0 else "",
                    value_text=text,
                    kind=kind,
                    label_y=top + 14,
                    bar_y=bar_y,
                    length=length,
                    value_x=round(length + 6, 1),
                    height=12,
                    value_y=bar_y + 11,
                    more_lines=[
                        (top + 14 + LINE * (i + 1), line) for i, line in enumerate(lines[1:])
                    ]
                    if offset == 0
                    else [],
                )
            )
        top += SHARE_ROW + extra
    alt = (
        f"{label}, share of the decisions: "
        + "; ".join(
            f"{name}: {council_name} {ct}, {group_name} {gt}" for name, _, ct, _, gt in rows
        )
        + "."
    )
    return BarChart(key=key, width=WIDTH, height=top, bar_height=12, bars=drawn, alt=alt)
