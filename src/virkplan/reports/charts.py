"""The status chart, drawn with matplotlib as SVG: inlined in the status page, an image in the PDF.

Its counts come from plans.statistics; this module only draws them, so the
page (web) and the document (reports.pdf) show the same picture.
"""

import base64
import io
import re
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from virkplan.plans.statistics import StatusSummary

# The status badges' colours (virkplan.css): each has at least 4.5:1 against
# white text, so at least 3:1 against the white page as a graphic. "Not
# assessed" is a light grey badge; in the chart it needs a darker grey to be
# seen against white.
STATUS_COLOURS = {
    "met": "#1b7f3b",
    "partly_met": "#4d7a12",
    "in_progress": "#0059b3",
    "postponed": "#9a5400",
    "not_met": "#b51d1d",
    "dropped": "#4a4a4a",
    "not_assessed": "#8a8a8a",
}
TEXT_COLOUR = "#1a1a1a"
# Every text in the chart is users' or translators' words: matplotlib must draw it as it is,
# never read `$...$` as mathtext (a title "Pris i $^$ kr." made matplotlib raise) or hand it
# to TeX.
_RC: Any = {
    "text.parse_math": False,
    "text.usetex": False,
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "svg.hashsalt": "virkplan",
}


def status_chart_svg(
    *,
    summary: StatusSummary,
    title_id: str = "status-chart-title",
    description_id: str = "status-chart-note",
) -> SafeString:
    """A horizontal stacked bar per focus area: follow-ups by status, as inline SVG.

    The SVG is one image to assistive technology, named by the element
    `title_id` and described by `description_id` (which should point to the
    table with the same numbers).
    """
    with matplotlib.rc_context(_RC):
        svg = _draw(summary)
    return mark_safe(_inline(svg, title_id=title_id, description_id=description_id))


def _draw(summary: StatusSummary) -> str:
    """The chart as an SVG document; call it inside `rc_context(_RC)`."""
    rows = summary.rows
    labels = [textwrap.fill(row.title, 30) for row in rows]
    figure = Figure(figsize=(9, 0.6 * len(rows) + 1.2), dpi=100)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    lefts = [0] * len(rows)
    for status in summary.statuses:
        values = [row.counts.get(status, 0) for row in rows]
        if not any(values):
            continue
        axes.barh(
            positions,
            values,
            left=lefts,
            color=STATUS_COLOURS[status.value],
            label=capfirst(str(status.label)),
            edgecolor="white",
            linewidth=1,
            height=0.7,
        )
        lefts = [left + value for left, value in zip(lefts, values, strict=True)]
    # Each bar's total at its end, in text colour on white.
    for position, total in zip(positions, lefts, strict=True):
        axes.text(total, position, f" {total}", va="center", color=TEXT_COLOUR, fontsize=11)
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlabel(_("Number of follow-ups"), color=TEXT_COLOUR, fontsize=11)
    axes.tick_params(colors=TEXT_COLOUR, labelsize=11)
    axes.tick_params(axis="y", length=0)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max([*lefts, 1]) * 1.08)
    axes.grid(axis="x", color="#dcdcdc", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.spines[["top", "right", "left"]].set_visible(False)
    if summary.has_follow_ups:
        axes.legend(
            loc="upper left",
            bbox_to_anchor=(1.02, 1),
            frameon=False,
            fontsize=11,
            labelcolor=TEXT_COLOUR,
            handlelength=1.2,
        )
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def _inline(svg: str, *, title_id: str, description_id: str) -> str:
    """Make matplotlib's SVG document fit to sit inside an HTML page."""
    svg = svg[svg.index("<svg") :]
    # Drop the RDF metadata and the style sheet, whose `*` rule would reach the whole page.
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    # One image with a name and a description; screen readers skip the shapes.
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id}" aria-describedby="{description_id}" '
        'focusable="false" class="vp-chart-svg" ',
        1,
    )
    # Drawn at its natural size (text as large as the page's), shrinking on narrow screens.
    return svg


# A <text ...> start tag of matplotlib's SVG. Users' words are only ever the element's content,
# where `<` is escaped, so changing the tags never changes what a title says.
_SVG_TEXT_TAG = re.compile(r"<text\b[^<>]*>")


def status_chart_image(*, summary: StatusSummary, font_family: str) -> SafeString:
    """The status page's chart as an image for print, its text in `font_family`, with a text
    alternative.

    An SVG image keeps the chart sharp and lets it scale to the page's width.
    """

    def in_font(tag: re.Match[str]) -> str:
        return re.sub(r"font-family:[^;\"]*", f"font-family: '{font_family}', sans-serif", tag[0])

    svg = re.sub(_SVG_TEXT_TAG, in_font, str(status_chart_svg(summary=summary)))
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    description = _(
        "Chart: follow-ups by status for each focus area. The numbers are in the table below."
    )
    return format_html('<img class="vp-chart-image" src="{}" alt="{}">', source, description)
