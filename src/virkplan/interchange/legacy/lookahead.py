"""What lies ahead of a line: the parser's look-aheads, each linear over the document.

The parser reads line by line, but a few decisions need the lines that
follow: the next line with text (does a plan title go on, does a heading
stand alone), and the next label (is a short line inside a goal a heading
before the next goal). Each look-ahead indexes the list from the position
on and stops at the next text line; the labels are found once, in one pass
from the end. So the lookups together take time linear in the document,
however it is shaped.
"""

from __future__ import annotations

from .labels import (
    BULLET,
    CRITERION_LABEL,
    FOLLOW_UP_LABEL,
    GOAL_LABEL,
    UNLABELLED_GOAL,
    clean,
    heading_key,
)
from .source import Line
from .vocabulary import NUMBERED_ITEM

LABEL_REACH = 200
"""A short line inside a goal is a heading when the next label within this many lines
is a goal's."""


class LookAhead:
    def __init__(
        self,
        lines: list[Line],
        *,
        noise: set[int],
        labelled: bool,
        repeated: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        self.lines = lines
        self.noise = noise
        """Line numbers of running heads, feet and page numbers: not text."""
        self.labelled = labelled
        """Whether the document labels its goals ("Mål:"); if not, "Vi vil …" starts one."""
        self._labels: list[tuple[int, bool]] | None = None
        self.repeated = repeated
        """Lines that are goals because the plan names them twice (`repeated_items`)."""

    def next_text(self, position: int) -> Line | None:
        """The first line after `position` that holds text."""
        for index in range(position + 1, len(self.lines)):
            line = self.lines[index]
            if line.number in self.noise or line.blank or not clean(line.text):
                continue
            return line
        return None

    def blank_between(self, position: int, following: Line) -> bool:
        """Whether a blank line lies between `position` and the line `following`."""
        for index in range(position + 1, len(self.lines)):
            line = self.lines[index]
            if line.number >= following.number:
                return False
            if line.blank:
                return True
        return False

    def next_label_is_goal(self, position: int) -> bool:
        """Whether the next label within LABEL_REACH lines is a goal's."""
        if self._labels is None:
            self._labels = self._next_labels()
        if position + 1 >= len(self.lines):
            return False
        index, goal = self._labels[position + 1]
        return goal and index < position + LABEL_REACH

    def _next_labels(self) -> list[tuple[int, bool]]:
        """For each line, the first line from it on that holds a label, and whether
        that label is a goal's."""
        ahead = [(len(self.lines), False)] * (len(self.lines) + 1)
        for index in range(len(self.lines) - 1, -1, -1):
            text = clean(self.lines[index].text)
            if (
                GOAL_LABEL.match(text)
                or (not self.labelled and UNLABELLED_GOAL.match(text))
                or (self.repeated and heading_key(text) in self.repeated)
            ):
                ahead[index] = (index, True)
            elif CRITERION_LABEL.match(text) or FOLLOW_UP_LABEL.match(text):
                ahead[index] = (index, False)
            else:
                ahead[index] = ahead[index + 1]
        return ahead


REPEATED_MIN_WORDS = 3
"""A repeated line with fewer words than this ('Læs mere', 'Status', a running head's
date and title) is furniture, not a goal named twice."""


def item_key(text: str) -> str:
    """How a list item and the same text elsewhere are compared: without the item's
    bullet or number."""
    mark = BULLET.match(text) or NUMBERED_ITEM.match(text)
    if mark is not None and mark.re is NUMBERED_ITEM:
        return heading_key(mark["rest"])
    return heading_key(text[mark.end() :] if mark else text)


def repeated_items(lines: list[Line], *, noise: set[int]) -> set[str]:
    """Lines that stand in a list (a line with text just before or after them) and are
    written again elsewhere as a line of their own, between blank lines: the goals of
    plans that list them under a theme and then repeat each above its status. A line
    set as a heading somewhere is a heading listed in the contents, unless it is also an
    item of a list with bullets or numbers. Found in one pass."""
    alone: set[str] = set()
    listed: set[str] = set()
    styled: set[str] = set()
    marked: set[str] = set()
    texts = ["" if line.blank or line.number in noise else clean(line.text) for line in lines]
    for index, text in enumerate(texts):
        if sum(word.isalpha() for word in text.split()) < REPEATED_MIN_WORDS:
            continue
        if text.endswith(":"):
            continue
        key = item_key(text)
        before = texts[index - 1] if index else ""
        after = texts[index + 1] if index + 1 < len(texts) else ""
        item = lines[index].style == "list" or BULLET.match(text) or NUMBERED_ITEM.match(text)
        heading = lines[index].style in ("title", "heading1", "heading2", "heading3")
        (listed if before or after or item else alone).add(key)
        if heading:
            styled.add(key)
            alone.add(key)
        if item:
            marked.add(key)
    return (listed & alone) - (styled - marked)
