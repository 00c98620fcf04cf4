"""The status chart: where its bars, labels and legend go, drawn as SVG by one template.

Its counts come from plans.statistics; this module only lays them out, and
`reports/shared/_status_chart_svg.html` draws the layout, so the page (web,
inline) and the document (reports.pdf, as an image) show the same picture.
Users' words only ever reach the SVG through the template, which escapes
them: a title is drawn as it was typed, `$`, `<` and `&` included.
"""

import base64
import textwrap
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from virkplan.core.display import number
from virkplan.plans.statistics import StatusColumn, StatusRow, StatusSummary

# The status badges' colours (virkplan.css): each has at least 4.5:1 against
# white text, so at least 3:1 against the white page as a graphic. "Not
# assessed" is a light grey badge; in the chart it needs a darker grey to be
# seen against white. "Not followed up" is empty: white, outlined in OUTLINE.
STATUS_COLOURS = {
    "met": "#1b7f3b",
    "partly_met": "#4d7a12",
    "in_progress": "#0059b3",
    "postponed": "#9a5400",
    "not_met": "#b51d1d",
    "dropped": "#4a4a4a",
    "not_assessed": "#8a8a8a",
    "not_followed_up": "#ffffff",
}
OUTLINE = "#767676"
"""The edge of an empty (white) segment and swatch: 4.5:1 against white."""
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#dcdcdc"

# Sizes in the SVG's own units, which are pixels at its natural width. The chart is narrow
# and every label sits on a line of its own above its bar, so on a 375-pixel phone, where it
# shrinks to the column's width (about 340 pixels), its text is still 15 pixels high.
WIDTH = 400
FONT_SIZE = 18
LINE = 22
LABEL_CHARACTERS = 38  # a line of a focus area's title, before it wraps
BAR_HEIGHT = 22
ROW_GAP = 14
LEGEND_COLUMNS = 2
LEGEND_ROW = 26
SWATCH = 16
PLOT_LEFT = 8  # room for the centred "0" under the axis
TOTAL_ROOM = 52  # room for a bar's total after its end


@dataclass(frozen=True)
class Text:
    """A line of text, its baseline starting (or, for `text-anchor`, centred) at x, y."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Segment:
    """One status's share of a bar."""

    x: float
    width: float
    colour: str
    label: str
    count: str

    @property
    def outline(self) -> str:
        return OUTLINE if self.colour == "#ffffff" else "#ffffff"


@dataclass(frozen=True)
class Bar:
    """A focus area: its title's lines, then its bar with the total at the end."""

    label: list[Text]
    y: float
    segments: list[Segment]
    total: Text

    # The grid runs behind the bars and stops short of the labels, which stay easy to read.
    @property
    def grid_top(self) -> float:
        return self.y - 4

    @property
    def grid_bottom(self) -> float:
        return self.y + BAR_HEIGHT + 4


@dataclass(frozen=True)
class LegendEntry:
    """A status's swatch, its top left corner at x, y, and its name."""

    x: float
    y: float
    colour: str
    label: Text

    @property
    def outline(self) -> str:
        return OUTLINE if self.colour == "#ffffff" else self.colour


@dataclass
class StatusChart:
    """Everything the template draws, in the SVG's units."""

    width: int
    height: float
    legend: list[LegendEntry] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Text] = field(default_factory=list)
    axis_y: float = 0  # where the axis line runs, under the last bar
    axis_left: float = PLOT_LEFT
    axis_right: float = 0
    axis_label: Text | None = None
    font_family: str = ""
    bar_height: int = BAR_HEIGHT
    swatch: int = SWATCH
    font_size: int = FONT_SIZE
    text_colour: str = TEXT_COLOUR
    grid_colour: str = GRID_COLOUR


def _at(value: float) -> float:
    """A coordinate to a tenth of a unit: finer than a screen shows, and short to write."""
    return round(value, 1)


def _step(largest: int) -> int:
    """A round distance between the axis's ticks (1, 2, 5, 10, 20 …): at most five steps."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if largest <= 5 * step * factor:
                return step * factor
        step *= 10


def status_chart(*, summary: StatusSummary, font_family: str = "") -> StatusChart:
    """A horizontal stacked bar per focus area: its goals by status, laid out for SVG.

    Only statuses that occur are drawn and named in the legend. With
    `font_family` the text is set in that typeface (print); without, it takes
    the page's.
    """
    chart = StatusChart(width=WIDTH, height=0, font_family=font_family)
    statuses = [s for s in summary.statuses if summary.total.counts.get(s.value, 0)]
    y = _add_legend(chart, statuses)
    largest = max([row.counted for row in summary.rows] + [1])
    step = _step(largest)
    axis_end = -(-largest // step) * step
    scale = (WIDTH - TOTAL_ROOM - PLOT_LEFT) / axis_end
    for row in summary.rows:
        y = _add_bar(chart, row, statuses, scale, y)
    chart.axis_y = y - ROW_GAP + 4
    chart.ticks = [
        Text(_at(PLOT_LEFT + value * scale), chart.axis_y + LINE, number(value))
        for value in range(0, axis_end + 1, step)
    ]
    chart.axis_right = _at(PLOT_LEFT + axis_end * scale)
    label_y = chart.axis_y + 2 * LINE + 4
    axis_middle = _at((PLOT_LEFT + chart.axis_right) / 2)
    chart.axis_label = Text(axis_middle, label_y, _("Number of goals"))
    chart.height = label_y + 6
    return chart


def _add_legend(chart: StatusChart, statuses: list[StatusColumn]) -> float:
    """A swatch and a name for each status drawn, in columns; returns where the bars start."""
    for index, status in enumerate(statuses):
        column, line = index % LEGEND_COLUMNS, index // LEGEND_COLUMNS
        x = _at(PLOT_LEFT + column * (WIDTH - PLOT_LEFT) / LEGEND_COLUMNS)
        top = line * LEGEND_ROW
        label = Text(x + SWATCH + 6, top + SWATCH - 1, capfirst(str(status.label)))
        chart.legend.append(LegendEntry(x, top, STATUS_COLOURS[status.value], label))
    if not statuses:
        return 0
    return (len(statuses) + LEGEND_COLUMNS - 1) // LEGEND_COLUMNS * LEGEND_ROW + ROW_GAP


def _add_bar(
    chart: StatusChart, row: StatusRow, statuses: list[StatusColumn], scale: float, y: float
) -> float:
    """A focus area's title and bar, from `y` down; returns where the next one starts."""
    lines = textwrap.wrap(row.title, LABEL_CHARACTERS) or [""]
    label = [Text(PLOT_LEFT, y + (n + 1) * LINE - 5, line) for n, line in enumerate(lines)]
    y += len(lines) * LINE + 2
    segments, left = [], float(PLOT_LEFT)
    for status in statuses:
        count = row.counts.get(status.value, 0)
        if count:
            width = count * scale
            name = capfirst(str(status.label))
            colour = STATUS_COLOURS[status.value]
            segments.append(Segment(_at(left), _at(width), colour, name, number(count)))
            left += width
    total = Text(_at(left + 5), y + BAR_HEIGHT / 2 + 6.5, number(row.counted))
    chart.bars.append(Bar(label, y, segments, total))
    return y + BAR_HEIGHT + ROW_GAP


def status_chart_svg(*, chart: StatusChart) -> SafeString:
    """The chart as a standalone SVG document (the template the page includes)."""
    # render_to_string escapes every value it puts in the template.
    return mark_safe(render_to_string("reports/shared/_status_chart_svg.html", {"chart": chart}))


def status_chart_image(*, summary: StatusSummary, font_family: str) -> SafeString:
    """The status page's chart as an image for print, its text in `font_family`, with a text
    alternative.

    An SVG image keeps the chart sharp and lets it scale to the page's width,
    and the PDF tags it as one figure with this alternative.
    """
    svg = status_chart_svg(chart=status_chart(summary=summary, font_family=font_family))
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return format_html(
        '<img class="vp-chart-image" src="{}" alt="{}">', source, chart_description()
    )


def chart_description() -> str:
    """What the status chart shows, for those who cannot see it."""
    return _("Chart: goals by status for each focus area. The numbers are in the table below.")


# Pixels across the picture of the chart for Word: 300 dots an inch at print.css's 78 mm.
PNG_WIDTH = 920


def status_chart_png(*, summary: StatusSummary, font_family: str) -> bytes:
    """The status chart as a PNG picture (for Word, which shows no SVG everywhere), drawn
    from the same SVG as the page's and the PDF's by CairoSVG.

    CairoSVG is imported here, when a picture is made: the site's pages never need it.
    """
    import cairosvg

    svg = status_chart_svg(chart=status_chart(summary=summary, font_family=font_family))
    png = cairosvg.svg2png(bytestring=svg.encode(), output_width=PNG_WIDTH)
    assert isinstance(png, bytes)
    return png
