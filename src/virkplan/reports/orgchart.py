"""The organisation chart: a unit's box, with the title of its head, above a box for each of
its units as they were in the plan's period, drawn as SVG by one template.

Like the status chart (reports.charts), this module only lays the chart out;
`reports/shared/_organisation_chart_svg.html` draws it, so the plan's page
(inline, with the units as a list beside it) and its documents (an image)
show the same picture. Unit names only reach the SVG through the template,
which escapes them.
"""

import base64
import textwrap
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.organisation.models import Unit, UnitKind
from virkplan.organisation.selectors import unit_children_during
from virkplan.plans.models import Plan

from .charts import OUTLINE, TEXT_COLOUR, Text

# The unit's head, by the kind of unit: the original plan's chart has "Afdelingschef" on top.
HEAD_TITLES: dict[str, Promise] = {
    UnitKind.MUNICIPALITY: gettext_lazy("chief executive"),
    UnitKind.DIRECTORATE: gettext_lazy("director"),
    UnitKind.DEPARTMENT: gettext_lazy("head of department"),
    UnitKind.UNIT: gettext_lazy("unit leader"),
    UnitKind.TEAM: gettext_lazy("team leader"),
    UnitKind.BOARD: gettext_lazy("chair"),
}

BOX_FILL = "#e6eef7"  # the top box; the units' boxes are white
BOX_EDGE = "#004d99"  # 8:1 against white and against BOX_FILL
LINE_COLOUR = OUTLINE

# Sizes in the SVG's units. As narrow as the status chart, so its text stays legible when it
# shrinks to a phone's width; at most three boxes a row.
WIDTH = 400
MARGIN = 12
FONT_SIZE = 16
LINE = 20
PADDING = 10
COLUMNS = 3
GAP = 12  # between boxes in a row
DROP = 16  # from a connecting line down to a box, and from the top box down to it
ROW_GAP = 2 * DROP
TOP_WIDTH = 260
CHARACTER = 0.56  # a character's average width, in font sizes


@dataclass(frozen=True)
class Box:
    """A unit's box: its top left corner, its size, and its lines of text (centred)."""

    x: float
    y: float
    width: float
    height: float
    lines: list[Text]
    strong: int = 0  # how many of the lines (from the top) are the unit's name


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class OrganisationChart:
    """Everything the template draws, and the units it shows, for the text alternative."""

    unit: Unit
    head: str
    children: list[Unit]
    width: int = WIDTH
    height: float = 0
    boxes: list[Box] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    font_family: str = ""
    font_size: int = FONT_SIZE
    text_colour: str = TEXT_COLOUR
    box_fill: str = BOX_FILL
    box_edge: str = BOX_EDGE
    line_colour: str = LINE_COLOUR

    @property
    def title(self) -> str:
        return _("Organisation chart for %(unit)s") % {"unit": self.unit.name}

    @property
    def description(self) -> str:
        """The chart in one sentence: the image's text alternative in print."""
        names = ", ".join(child.name for child in self.children)
        if not names:
            return _("%(unit)s (%(head)s).") % {"unit": self.unit.name, "head": self.head}
        return _("%(unit)s (%(head)s) with the units %(units)s.") % {
            "unit": self.unit.name,
            "head": self.head,
            "units": names,
        }


def _at(value: float) -> float:
    return round(value, 1)


def _wrapped(text: str, width: float) -> list[str]:
    characters = max(6, int((width - 2 * PADDING) / (FONT_SIZE * CHARACTER)))
    return textwrap.wrap(text, characters) or [""]


def _box(x: float, y: float, width: float, texts: list[list[str]], height: float = 0) -> Box:
    """A box whose text groups (name, then head) are centred, one line under another."""
    lines = [line for group in texts for line in group]
    height = max(height, len(lines) * LINE + 2 * PADDING)
    top = y + (height - len(lines) * LINE) / 2
    centre = _at(x + width / 2)
    placed = [Text(centre, _at(top + (n + 1) * LINE - 5), line) for n, line in enumerate(lines)]
    return Box(_at(x), _at(y), _at(width), _at(height), placed, strong=len(texts[0]))


def organisation_chart(
    *, unit: Unit, children: list[Unit], font_family: str = ""
) -> OrganisationChart:
    """The unit on top, with its head's title; its children below, in rows of up to three."""
    head = str(HEAD_TITLES.get(unit.kind, gettext_lazy("head")))
    chart = OrganisationChart(unit=unit, head=head, children=children, font_family=font_family)
    top_x = (WIDTH - TOP_WIDTH) / 2
    top = _box(top_x, MARGIN, TOP_WIDTH, [_wrapped(unit.name, TOP_WIDTH), [capfirst(head)]])
    chart.boxes.append(top)
    y = top.y + top.height
    if not children:
        chart.height = _at(y + MARGIN)
        return chart
    rows = -(-len(children) // COLUMNS)
    columns = -(-len(children) // rows)  # four units make two rows of two, not three and one
    box_width = (WIDTH - 2 * MARGIN - (columns - 1) * GAP) / columns
    centre = WIDTH / 2
    # The line from the top box runs down the middle to the first row; further rows hang
    # from a line down the left edge, clear of the boxes.
    trunk_x = MARGIN / 2
    chart.lines.append(Line(centre, y, centre, y + DROP))
    buses = []
    for row in range(rows):
        names = children[row * columns : (row + 1) * columns]
        texts = [_wrapped(child.name, box_width) for child in names]
        height = max(len(lines) for lines in texts) * LINE + 2 * PADDING
        bus, top_y = y + DROP, y + 2 * DROP
        xs = [MARGIN + n * (box_width + GAP) for n in range(len(names))]
        centres = [_at(x + box_width / 2) for x in xs]
        ends = centres + ([centre] if row == 0 else []) + ([trunk_x] if rows > 1 else [])
        chart.lines.append(Line(_at(min(ends)), bus, _at(max(ends)), bus))
        for x, middle, lines in zip(xs, centres, texts, strict=True):
            chart.lines.append(Line(middle, bus, middle, top_y))
            chart.boxes.append(_box(x, top_y, box_width, [lines], height))
        buses.append(bus)
        y = top_y + height
    if rows > 1:
        chart.lines.append(Line(trunk_x, buses[0], trunk_x, buses[-1]))
    chart.height = _at(y + MARGIN)
    return chart


def plan_organisation_chart(*, plan: Plan, font_family: str = "") -> OrganisationChart | None:
    """The chart of the plan's unit and its units in the plan's period, when a section of the
    plan shows it (Section.organisation_chart); None otherwise. One query, when drawn."""
    if not any(section.organisation_chart for section in plan.sections.all()):
        return None
    children = unit_children_during(
        unit=plan.unit,
        first_day=date(plan.start_year, 1, 1),
        last_day=date(plan.end_year, 12, 31),
    )
    return organisation_chart(unit=plan.unit, children=children, font_family=font_family)


def organisation_chart_svg(*, chart: OrganisationChart) -> SafeString:
    """The chart as a standalone SVG document (the template the page includes)."""
    # render_to_string escapes every value it puts in the template.
    svg = render_to_string("reports/shared/_organisation_chart_svg.html", {"chart": chart})
    return mark_safe(svg)


def organisation_chart_image(*, chart: OrganisationChart) -> SafeString:
    """The chart as an image for print, described in words by its text alternative."""
    svg = organisation_chart_svg(chart=chart)
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return format_html(
        '<img class="vp-chart-image vp-organisation-chart-image" src="{}" alt="{}">',
        source,
        chart.description,
    )
