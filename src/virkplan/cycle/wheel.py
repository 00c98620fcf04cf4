"""The yearly cycle as a wheel: twelve months clockwise from the top, each activity a
numbered dot at its deadline. Laid out here, drawn by `web/cycle/_wheel_svg.html`, which
escapes every word a user typed; the list beside the wheel says the same in words."""

import math
from calendar import isleap, monthrange
from dataclasses import dataclass
from datetime import date

from django.utils.dates import MONTHS

from .selectors import DeadlineState, Occurrence

SIZE = 440
CENTRE = SIZE / 2
OUTER = 210
INNER = 150
MONTH_LABEL = 180
DOT = 13
DOT_RING = 125
DOT_STEP = 30  # dots closer than this move inwards, so none hides another
RANGE_RING = 143  # an activity that runs over days: an arc from its start to its deadline
FONT_SIZE = 15

# Fill of each state's dot, each at least 4.5:1 against its white number.
STATE_COLOURS = {
    DeadlineState.DONE: "#1b7f3b",
    DeadlineState.DUE: "#9a5400",
    DeadlineState.OVERDUE: "#b51d1d",
    DeadlineState.LATER: "#0059b3",
}
MONTH_FILLS = ("#f2f2f2", "#ffffff")
OUTLINE = "#767676"


@dataclass(frozen=True)
class MonthSegment:
    path: str
    fill: str
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Dot:
    number: int
    x: float
    y: float
    colour: str
    occurrence: Occurrence
    state: str
    arc: str  # the path of the arc from the start, or "" for a single day


@dataclass(frozen=True)
class Wheel:
    size: int
    centre: float
    inner: float
    dot: int
    font_size: int
    outline: str
    months: list[MonthSegment]
    dots: list[Dot]


def _point(angle: float, radius: float) -> tuple[float, float]:
    return (
        round(CENTRE + radius * math.sin(angle), 1),
        round(CENTRE - radius * math.cos(angle), 1),
    )


def _angle(day_of_year: float, days: int) -> float:
    return 2 * math.pi * day_of_year / days


def wheel(occurrences: list[Occurrence], year: int, on: date) -> Wheel:
    """The wheel of the year's occurrences (by deadline), each state as on the day."""
    days = 366 if isleap(year) else 365
    months = []
    start = 0
    for month in range(1, 13):
        length = monthrange(year, month)[1]
        a0, a1 = _angle(start, days), _angle(start + length, days)
        (x0, y0), (x1, y1) = _point(a0, OUTER), _point(a1, OUTER)
        label_x, label_y = _point((a0 + a1) / 2, MONTH_LABEL)
        months.append(
            MonthSegment(
                path=f"M {CENTRE} {CENTRE} L {x0} {y0} A {OUTER} {OUTER} 0 0 1 {x1} {y1} Z",
                fill=MONTH_FILLS[month % 2],
                label=str(MONTHS[month])[:3],
                label_x=label_x,
                label_y=round(label_y + FONT_SIZE / 3, 1),
            )
        )
        start += length
    dots: list[Dot] = []
    placed: list[tuple[float, float]] = []
    for number, item in enumerate(occurrences, start=1):
        angle = _angle(item.deadline.timetuple().tm_yday - 0.5, days)
        radius = DOT_RING
        x, y = _point(angle, radius)
        while radius > 2 * DOT and any(math.dist((x, y), p) < 2 * DOT + 2 for p in placed):
            radius -= DOT_STEP
            x, y = _point(angle, radius)
        placed.append((x, y))
        state = item.state(on)
        dots.append(Dot(number, x, y, STATE_COLOURS[state], item, state, _arc(item, days)))
    return Wheel(SIZE, CENTRE, INNER, DOT, FONT_SIZE, OUTLINE, months, dots)


def _arc(item: Occurrence, days: int) -> str:
    if item.start >= item.deadline:
        return ""
    a0 = _angle(item.start.timetuple().tm_yday - 1, days)
    a1 = _angle(item.deadline.timetuple().tm_yday, days)
    (x0, y0), (x1, y1) = _point(a0, RANGE_RING), _point(a1, RANGE_RING)
    large = 1 if a1 - a0 > math.pi else 0
    return f"M {x0} {y0} A {RANGE_RING} {RANGE_RING} 0 {large} 1 {x1} {y1}"
