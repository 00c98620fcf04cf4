"""Where the lines of a PDF page are, and the order a person reads them in.

The words of a page (from pdfplumber) are grouped into visual lines. A page
whose lines start again at one place in the middle of the page (the second
column of a "Dokumentation | Opfølgning" table, or boxes set beside the
text) is read as two columns: it is cut into bands at full-width lines and
at rules drawn across both columns, and within a band the left column is
read before the right one. The running head and foot are read whole.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from pdfplumber.page import Page

from .labels import COLUMN_HEADINGS
from .source import Column

# A word gap wider than this many em splits a visual line into segments.
SEGMENT_GAP_EM = 2.0
# Between a left and a right part of a line there must be at least this gap (em);
# a word that merely starts at the gutter after an ordinary space is running text.
COLUMN_GAP_EM = 0.8
# The second column starts in this band of the page's width.
GUTTER_BAND = (0.35, 0.70)
# Segments that start within this many points of each other start at "the same x".
START_TOLERANCE = 3.0
# This many segments must start at the gutter for a page to have two columns.
MIN_COLUMN_STARTS = 3
# A line further below the previous one than this many times the usual line
# spacing starts a new paragraph.
PARAGRAPH_PITCH = 1.2
# A first or last line this many line spacings from the next, within this share of the
# page's height from its top or bottom edge, is a running head or foot.
RUNNING_APART = 1.5
RUNNING_MARGIN = 0.12
# A heading's font is at least this much larger than the body text; a change of
# size this large also starts a new block.
HEADING_RATIO = 1.15
# Columns this many lines long that nothing crosses run on from one to the other.
NEWSPAPER_LINES = 12
HEADING_MIN_POINTS = 1.0


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _VisualLine:
    """Words whose tops are at about the same height, left to right."""

    words: list[Word]

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)


@dataclass(frozen=True)
class Placed:
    """A line's text where it sits on the page, before it gets a line number."""

    text: str
    column: Column
    top: float
    size: float


def page_lines(
    page: Page, words: list[Word], *, known_gutter: float | None = None
) -> tuple[list[Placed], float | None]:
    """The page's lines in reading order (two columns read one after the other within a
    band), and the gutter between the columns, if the page has two.

    A page with too little of a table to show its gutter (one row of it, say) uses
    the gutter found on an earlier page, where a line there breaks at it."""
    lines = _visual_lines(words)
    left, right = float(page.bbox[0]), float(page.bbox[2])
    gutter = _gutter(lines, left=left, width=right - left)
    if gutter is None and known_gutter is not None and _breaks_at(lines, known_gutter):
        gutter = known_gutter
    if gutter is None:
        return [_placed(line.words, "") for line in lines], None
    text_left = min(line.words[0].x0 for line in lines)
    rules = _rules_across(page, start=(text_left + gutter) / 2, end=gutter + START_TOLERANCE)
    spacing = line_spacing([(a.words[0], b.words[0]) for a, b in pairwise(lines)])
    head, body, foot = _running_lines(
        lines, spacing, top=float(page.bbox[1]), bottom=float(page.bbox[3]), gutter=gutter
    )
    if body:
        # Rules above or below the text (a coloured band behind the running head) cut nothing.
        rules = [rule for rule in rules if body[0].top < rule < body[-1].bottom]
    return (
        [_placed(line.words, "") for line in head]
        + _reading_order(body, gutter=gutter, rules=rules, spacing=spacing)
        + [_placed(line.words, "") for line in foot]
    ), gutter


def _breaks_at(lines: list[_VisualLine], gutter: float) -> bool:
    """Whether some line has a segment of words starting at the gutter, after a gap."""
    return any(
        abs(segment[0].x0 - gutter) <= START_TOLERANCE and any(c.isalpha() for c in segment[0].text)
        for line in lines
        for segment in _segments(line)[1:]
    )


def _running_lines(
    lines: list[_VisualLine], spacing: float, *, top: float, bottom: float, gutter: float
) -> tuple[list[_VisualLine], list[_VisualLine], list[_VisualLine]]:
    """The page's running head, its body and its running foot.

    A first line in the top margin or a last line in the bottom margin, set
    well apart from the rest, is a running head or foot (a title on the
    left, a page number on the right): it is read as one line, never as two
    columns. A line whose words break at the gutter into two columns of text is a
    table's row, even at the edge of the page.
    """
    margin = RUNNING_MARGIN * (bottom - top)
    head: list[_VisualLine] = []
    foot: list[_VisualLine] = []
    if (
        len(lines) > 1
        and lines[0].bottom < top + margin
        and _set_apart(lines[0], lines[1], spacing)
        and not _table_row(lines[0], gutter)
    ):
        head = lines[:1]
    last = lines[-1]
    if (
        len(lines) > len(head) + 1
        and last.top > bottom - margin
        and _set_apart(lines[-2], last, spacing)
        and not _table_row(last, gutter)
    ):
        foot = lines[-1:]
    return head, lines[len(head) : len(lines) - len(foot)], foot


def _table_row(line: _VisualLine, gutter: float) -> bool:
    """Whether the line is text in both columns, the right one starting at the gutter."""
    parts = _split_at_gutter(line, gutter)
    return (
        parts is not None
        and bool(parts[0])
        and bool(parts[1])
        and abs(parts[1][0].x0 - gutter) <= START_TOLERANCE
        and any(c.isalpha() for c in parts[1][0].text)
    )


def _set_apart(upper: _VisualLine, lower: _VisualLine, spacing: float) -> bool:
    size = min(upper.words[0].size, lower.words[0].size)
    return lower.top - upper.top > RUNNING_APART * spacing * size


def _visual_lines(words: list[Word]) -> list[_VisualLine]:
    """Words grouped into lines by their top, within half the font size."""
    lines: list[_VisualLine] = []
    for word in sorted(words, key=lambda word: (word.top, word.x0)):
        if lines:
            first = lines[-1].words[0]
            if abs(word.top - first.top) <= 0.5 * min(word.size, first.size):
                lines[-1].words.append(word)
                continue
        lines.append(_VisualLine(words=[word]))
    for line in lines:
        line.words.sort(key=lambda word: word.x0)
    return lines


def _segments(line: _VisualLine) -> list[list[Word]]:
    """The line cut at gaps wider than about two em (tab stops, table cells)."""
    segments = [[line.words[0]]]
    for previous, word in pairwise(line.words):
        if word.x0 - previous.x1 > SEGMENT_GAP_EM * max(word.size, previous.size):
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def font_sizes(words: list[Word]) -> Counter[float]:
    """How many letters are set in each font size."""
    sizes = Counter[float]()
    for word in words:
        sizes[round(word.size, 1)] += len(word.text)
    return sizes


def _gutter(lines: list[_VisualLine], *, left: float, width: float) -> float | None:
    """Where a second column starts, if several segments of text start at one x mid-page.

    Some other segment must end before that x, or it is not a column but,
    say, indented text; the segments must hold words, not numbers, or it is
    a table of figures.
    """
    low, high = left + GUTTER_BAND[0] * width, left + GUTTER_BAND[1] * width
    starts: list[float] = []
    ends: list[float] = []
    for line in lines:
        for segment in _segments(line):
            if low <= segment[0].x0 <= high and any(c.isalpha() for c in segment[0].text):
                starts.append(segment[0].x0)
            ends.append(segment[-1].x1)
    best: list[float] = []
    first_end = min(ends, default=float("inf"))
    for cluster in _clusters(sorted(starts)):
        if (
            len(cluster) >= MIN_COLUMN_STARTS
            and len(cluster) > len(best)
            and first_end < cluster[0] - START_TOLERANCE
        ):
            best = cluster
    return best[0] if best else _headed_gutter(lines, low=low, high=high)


def _headed_gutter(lines: list[_VisualLine], *, low: float, high: float) -> float | None:
    """Where a table's heading row puts its second column ("Dokumentation | Opfølgning"),
    for a table too short to show its gutter by the lines that start there."""
    for line in lines:
        segments = _segments(line)
        if len(segments) != 2:
            continue
        names = [" ".join(word.text for word in segment).casefold() for segment in segments]
        if all(name in COLUMN_HEADINGS for name in names) and low <= segments[1][0].x0 <= high:
            return segments[1][0].x0
    return None


def _clusters(values: list[float]) -> list[list[float]]:
    """Sorted values grouped where each lies within START_TOLERANCE of its group's first."""
    clusters: list[list[float]] = []
    for value in values:
        if clusters and value - clusters[-1][0] <= START_TOLERANCE:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return clusters


def _rules_across(page: Page, *, start: float, end: float) -> list[float]:
    """Heights of horizontal rules from `start` or further left to `end` or further right.

    These are the borders between a table's rows: they cross the gutter and
    reach well into the left column, where the border of a box beside the
    text does not. Rules drawn cell by cell are joined first.
    """
    rows: dict[int, list[tuple[float, float]]] = {}
    for edge in page.horizontal_edges:
        rows.setdefault(round(float(edge["top"])), []).append(
            (float(edge["x0"]), float(edge["x1"]))
        )
    return sorted(
        float(top)
        for top, spans in rows.items()
        if any(x0 <= start and x1 >= end for x0, x1 in _joined(sorted(spans)))
    )


def _joined(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted spans with those that touch or overlap (within 2 points) joined."""
    joined = [spans[0]]
    for start, end in spans[1:]:
        if start <= joined[-1][1] + 2.0:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


class Sized(Protocol):
    """A word or a line: where its top is and what size its font is."""

    @property
    def top(self) -> float: ...

    @property
    def size(self) -> float: ...


def line_spacing(pairs: list[tuple[Sized, Sized]]) -> float:
    """The most common distance between consecutive lines of one size, in em of that size."""
    ratios = Counter[float]()
    for upper, lower in pairs:
        if abs(upper.size - lower.size) < 0.5:
            ratio = (lower.top - upper.top) / upper.size
            if 0.9 <= ratio <= 2.5:
                ratios[round(ratio * 20) / 20] += 1
    return ratios.most_common(1)[0][0] if ratios else 1.3


def starts_block(upper: Sized, lower: Sized, spacing: float) -> bool:
    """The lower line is a new paragraph: it is set in another size or lies further down
    than the usual line spacing."""
    if clearly_larger(upper.size, lower.size) or clearly_larger(lower.size, upper.size):
        return True
    return not 0 < lower.top - upper.top <= PARAGRAPH_PITCH * spacing * upper.size


def clearly_larger(size: float, than: float) -> bool:
    return size >= HEADING_RATIO * than and size - than >= HEADING_MIN_POINTS


def _split_at_gutter(line: _VisualLine, gutter: float) -> tuple[list[Word], list[Word]] | None:
    """The line's words left and right of the gutter, or None for a line across it."""
    left = [word for word in line.words if word.x0 < gutter - START_TOLERANCE]
    right = [word for word in line.words if word.x0 >= gutter - START_TOLERANCE]
    if left and left[-1].x1 > gutter + START_TOLERANCE:
        return None
    if left and right:
        gap = right[0].x0 - left[-1].x1
        if gap < COLUMN_GAP_EM * max(left[-1].size, right[0].size):
            return None
    return left, right


class _Band:
    """Lines between two full-width lines or rules, kept per column until the band ends."""

    def __init__(self) -> None:
        self.left: list[list[Word]] = []
        self.right: list[list[Word]] = []
        self.left_x = float("inf")
        """Where the left column's lines start (the leftmost of them), kept as lines come."""

    def add(self, left: list[Word], right: list[Word]) -> None:
        if left:
            self.left.append(left)
            self.left_x = min(self.left_x, left[0].x0)
        if right:
            self.right.append(right)

    def lines(self) -> list[Placed]:
        """Left then right; a band with nothing on the right is ordinary running text."""
        if not self.right:
            return [_placed(words, "") for words in self.left]
        return [_placed(words, "left") for words in self.left] + [
            _placed(words, "right") for words in self.right
        ]

    def ends_before(self, left: list[Word], right: list[Word], spacing: float) -> bool:
        """On a page without table rules: this line starts a new band.

        A line with text in both columns does, when it starts a new block in
        each column the band has (a new row of a table without rules, or the
        table's first row below a paragraph). A new block on the left does
        when it lies below everything on the right and is a heading or starts
        where the left column's lines do not (the text after a box set beside
        it, or after a table whose cells are indented).
        """
        if not (self.left or self.right):
            return False
        if left and right:
            return all(
                starts_block(column[-1][0], words[0], spacing)
                for column, words in ((self.left, left), (self.right, right))
                if column
            )
        if left and self.left and self.right:
            last = self.left[-1][0]
            column_x = self.left_x
            return (
                starts_block(last, left[0], spacing)
                and left[0].top > max(word.bottom for word in self.right[-1])
                and (
                    clearly_larger(left[0].size, last.size)
                    or abs(left[0].x0 - column_x) > START_TOLERANCE
                )
            )
        return False


def _reading_order(
    lines: list[_VisualLine],
    *,
    gutter: float,
    rules: list[float],
    spacing: float,
    nested: bool = False,
) -> list[Placed]:
    """The lines of a two-column page in reading order (see the module's docstring)."""
    placed: list[Placed] = []
    if not rules and not nested and _newspaper(lines, gutter):
        return _columns_in_turn(lines, gutter, spacing)
    band = _Band()
    previous_top: float | None = None
    rules = sorted(rules)
    for line in lines:
        top = line.top
        if previous_top is not None and _rule_between(rules, previous_top, top + 1):
            placed.extend(band.lines())
            band = _Band()
        previous_top = top
        parts = _split_at_gutter(line, gutter)
        if parts is None:
            placed.extend(band.lines())
            band = _Band()
            placed.append(_placed(line.words, ""))
            continue
        left, right = parts
        if not rules and band.ends_before(left, right, spacing):
            placed.extend(band.lines())
            band = _Band()
        band.add(left, right)
    placed.extend(band.lines())
    return placed


def _newspaper(lines: list[_VisualLine], gutter: float) -> bool:
    """Whether the page is set in columns that run on from one to the other: from where
    the columns start to where they end, no line crosses the gutter, and the columns
    are long (a table beside running text is interrupted by it)."""
    parts = [_split_at_gutter(line, gutter) for line in lines]
    both = [i for i, part in enumerate(parts) if part is not None and part[1]]
    if not both:
        return False
    rest = parts[both[0] : both[-1] + 1]
    return all(part is not None for part in rest) and len(rest) >= NEWSPAPER_LINES


def _columns_in_turn(lines: list[_VisualLine], gutter: float, spacing: float) -> list[Placed]:
    """The lines across the page before the columns, then the left column, then the right,
    then the lines across the page after them; a table set inside a column is read as a
    two-column table there."""
    placed: list[Placed] = []
    after: list[Placed] = []
    left: list[_VisualLine] = []
    right: list[_VisualLine] = []
    for line in lines:
        parts = _split_at_gutter(line, gutter)
        if parts is None:
            (after if left or right else placed).append(_placed(line.words, ""))
            continue
        if parts[0]:
            left.append(_VisualLine(words=parts[0]))
        if parts[1]:
            right.append(_VisualLine(words=parts[1]))
    return placed + _column(left, spacing) + _column(right, spacing) + after


def _column(lines: list[_VisualLine], spacing: float) -> list[Placed]:
    """A page column's lines in reading order: a table inside it has a gutter of its own."""
    if not lines:
        return []
    start = min(line.words[0].x0 for line in lines)
    end = max(line.words[-1].x1 for line in lines)
    gutter = _gutter(lines, left=start, width=end - start)
    if gutter is None:
        return [_placed(line.words, "") for line in lines]
    return _reading_order(lines, gutter=gutter, rules=[], spacing=spacing, nested=True)


def _rule_between(rules: list[float], above: float, below: float) -> bool:
    """Whether a rule (of the sorted heights) lies below `above` and at or above `below`;
    found by bisection, as a page may hold thousands of drawn lines."""
    index = bisect_right(rules, above)
    return index < len(rules) and rules[index] <= below


def _placed(words: list[Word], column: Column) -> Placed:
    sizes = Counter[float]()
    for word in words:
        sizes[round(word.size, 1)] += len(word.text)
    return Placed(
        text=" ".join(word.text for word in words),
        column=column,
        top=min(word.top for word in words),
        size=sizes.most_common(1)[0][0],
    )
