"""An indicator's chart: its measurements over time against a criterion's path from baseline
to target, laid out here and drawn as SVG by `indicators/_chart_svg.html`, so the indicator
page, the goal page and the PDF show the same picture. Users' words reach the SVG only
through the template, which escapes them.

Beside every chart the pages print the same numbers as a table (`chart_rows`), for those who
cannot see it.
"""

import base64
import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from virkplan.core.display import number

from .models import Indicator, Measurement
from .progress import Progress, TargetPath

WIDTH = 640
HEIGHT = 300
LEFT = 86  # room for the value axis's labels
RIGHT = 24
TOP = 16
BOTTOM = 64  # the time axis's labels and the legend
FONT_SIZE = 14
ACTUAL_COLOUR = "#0059b3"  # 7:1 against white
TARGET_COLOUR = "#1b7f3b"  # the status "met" green, 5:1 against white
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#dcdcdc"


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str

    @property
    def corner_x(self) -> float:
        return _at(self.x - 4)

    @property
    def corner_y(self) -> float:
        return _at(self.y - 4)


@dataclass(frozen=True)
class LegendEntry:
    """A short line in the series' colour (dashed for the target) and its name."""

    text: Text
    colour: str
    dashed: bool

    @property
    def line_start(self) -> float:
        return self.text.x - 28

    @property
    def line_end(self) -> float:
        return self.text.x - 6

    @property
    def line_y(self) -> float:
        return self.text.y - 5


@dataclass
class IndicatorChart:
    """Everything the template draws, in the SVG's units."""

    title: str
    width: int = WIDTH
    height: int = HEIGHT
    actual: list[Dot] = field(default_factory=list)
    target: list[Dot] = field(default_factory=list)
    value_ticks: list[Text] = field(default_factory=list)
    grid: list[float] = field(default_factory=list)
    time_ticks: list[Text] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM
    font_family: str = ""
    font_size: int = FONT_SIZE
    actual_colour: str = ACTUAL_COLOUR
    target_colour: str = TARGET_COLOUR
    text_colour: str = TEXT_COLOUR
    grid_colour: str = GRID_COLOUR

    @property
    def tick_end(self) -> int:
        return self.bottom + 5

    @property
    def actual_points(self) -> str:
        return " ".join(f"{d.x},{d.y}" for d in self.actual)

    @property
    def target_points(self) -> str:
        return " ".join(f"{d.x},{d.y}" for d in self.target)


@dataclass(frozen=True)
class ChartRow:
    """A line of the chart's table: a period, its value and what the target path expected."""

    period: str
    value: str
    expected: str


def _at(value: float) -> float:
    return round(value, 1)


def _step(span: Decimal) -> Decimal:
    """A round distance between ticks (…, 0.1, 0.2, 0.5, 1, 2, 5, 10, …): four or five steps."""
    if span <= 0:
        return Decimal(1)
    raw = span / 4
    magnitude = Decimal(10) ** math.floor(math.log10(float(raw)))
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10


def period_text(start: datetime.date, end: datetime.date) -> str:
    """A measurement's day or period, short: "31.12.2014" or "1.1.2014–31.12.2014"."""
    if start == end:
        return date_format(start, "SHORT_DATE_FORMAT")
    first, last = date_format(start, "SHORT_DATE_FORMAT"), date_format(end, "SHORT_DATE_FORMAT")
    return f"{first}–{last}"


def _dot_label(on: datetime.date, value: Decimal, unit: str) -> str:
    return f"{date_format(on, 'SHORT_DATE_FORMAT')}: {number(value)} {unit}"


def indicator_chart(
    *,
    indicator: Indicator,
    measurements: list[Measurement],
    path: TargetPath | None,
    font_family: str = "",
) -> IndicatorChart:
    """Measured values (a line with a dot at each period's end) and the target path (dashed)."""
    chart = IndicatorChart(title=_("%(name)s: measured against target") % {"name": indicator.name})
    chart.font_family = font_family
    points = [(m.period_end, m.value) for m in measurements]
    target_points = [(path.start, path.baseline), (path.end, path.target)] if path else []
    everything = points + target_points
    if not everything:
        return chart
    first = min(d for d, _v in everything)
    last = max(d for d, _v in everything)
    if first == last:
        first, last = first - datetime.timedelta(days=180), last + datetime.timedelta(days=180)
    low = min(v for _d, v in everything)
    high = max(v for _d, v in everything)
    if low == high:
        low, high = low - 1, high + 1
    step = _step(high - low)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    plot_width = chart.right - chart.left
    plot_height = chart.bottom - TOP
    days = (last - first).days

    def x(on: datetime.date) -> float:
        return _at(chart.left + (on - first).days / days * plot_width)

    def y(value: Decimal) -> float:
        return _at(chart.bottom - float((value - low) / (high - low)) * plot_height)

    tick = low
    while tick <= high:
        chart.grid.append(y(tick))
        chart.value_ticks.append(Text(chart.left - 8, y(tick) + 5, number(tick)))
        tick += step
    years = range(first.year + (first > datetime.date(first.year, 1, 1)), last.year + 1)
    if len(years) > 1:
        every = max(1, len(years) // 6 + (len(years) % 6 > 0))
        for year in list(years)[::every]:
            chart.time_ticks.append(
                Text(x(datetime.date(year, 1, 1)), chart.bottom + 20, str(year))
            )
    else:
        # The first date starts at the axis's start, the last ends at its end: both fit.
        for on, anchor in ((first, "start"), (last, "end")):
            label = date_format(on, "SHORT_DATE_FORMAT")
            chart.time_ticks.append(Text(x(on), chart.bottom + 20, label, anchor))
    unit = indicator.unit_of_measure
    chart.actual = [
        Dot(
            x(on),
            y(value),
            _dot_label(on, value, unit),
        )
        for on, value in points
    ]
    chart.target = [
        Dot(
            x(on),
            y(value),
            _dot_label(on, value, unit),
        )
        for on, value in target_points
    ]
    legend_y = HEIGHT - 12
    chart.legend.append(
        LegendEntry(Text(chart.left + 30, legend_y, _("Measured")), ACTUAL_COLOUR, False)
    )
    if path:
        chart.legend.append(
            LegendEntry(
                Text(chart.left + 230, legend_y, _("Path to the target")), TARGET_COLOUR, True
            )
        )
    return chart


def chart_rows(*, measurements: list[Measurement], path: TargetPath | None) -> list[ChartRow]:
    """The chart's numbers as a table: each measurement, and the target path's value then."""
    rows = []
    for measurement in measurements:
        expected = number(round(path.expected(measurement.period_end), 2)) if path else ""
        rows.append(
            ChartRow(
                period_text(measurement.period_start, measurement.period_end),
                number(measurement.value),
                expected,
            )
        )
    return rows


def indicator_chart_svg(*, chart: IndicatorChart, title_id: str = "") -> SafeString:
    """The chart as SVG: inline on a page (named by `title_id`), or standalone for print."""
    context = {"chart": chart, "title_id": title_id}
    return mark_safe(render_to_string("indicators/_chart_svg.html", context))


def indicator_chart_image(*, chart: IndicatorChart) -> SafeString:
    """The chart as an image for print, with a text alternative (the table follows it)."""
    svg = indicator_chart_svg(chart=chart)
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    alternative = _("%(title)s. The numbers are in the table below.") % {"title": chart.title}
    return format_html(
        '<img class="vp-indicator-chart-image" src="{}" alt="{}">', source, alternative
    )


@dataclass(frozen=True)
class ChartItem:
    """A chart as a page or the PDF shows it: its drawing, its table, what it is of."""

    id: str
    chart: IndicatorChart
    rows: list[ChartRow]
    progress: Progress | None
    svg: SafeString
    image: SafeString


def chart_item(
    *,
    id: str,
    indicator: Indicator,
    measurements: list[Measurement],
    progress: Progress | None = None,
    font_family: str = "",
    in_print: bool = False,
) -> ChartItem:
    """The chart of an indicator, against the path of the criterion whose progress is given."""
    path = progress.path if progress else None
    chart = indicator_chart(
        indicator=indicator, measurements=measurements, path=path, font_family=font_family
    )
    return ChartItem(
        id=id,
        chart=chart,
        rows=chart_rows(measurements=measurements, path=path),
        progress=progress,
        svg=SafeString("") if in_print else indicator_chart_svg(chart=chart, title_id=id),
        image=indicator_chart_image(chart=chart) if in_print else SafeString(""),
    )


def criteria_charts(
    progress: dict[int, Progress], *, font_family: str = "", in_print: bool = False
) -> dict[int, list[ChartItem]]:
    """The charts of the criteria measured by indicators, by goal id, in the criteria's order."""
    charts: dict[int, list[ChartItem]] = {}
    for item in sorted(progress.values(), key=lambda p: (p.criterion.position, p.criterion.pk)):
        criterion = item.criterion
        charts.setdefault(criterion.goal_id, []).append(
            chart_item(
                id=f"criterion-{criterion.pk}-chart",
                indicator=item.indicator,
                measurements=item.measurements,
                progress=item,
                font_family=font_family,
                in_print=in_print,
            )
        )
    return charts
