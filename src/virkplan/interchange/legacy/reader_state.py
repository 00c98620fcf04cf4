"""The parser's state as it reads a plan's lines, and the blocks it writes.

`parser._Reader` reads the lines; this holds what it knows at each line (the
field being written, the goal and paragraph open, the table or list it is in)
and the few ways it writes blocks: open a paragraph, add a line to it, start a
heading, a goal or a field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, Kind
from .labels import FOLLOW_UP_PART, GOAL_LABEL, clean, status_labels, words
from .layout import Layout
from .lookahead import LookAhead, repeated_items
from .source import Line
from .vocabulary import FOLLOW_UP_HEADING

SHORT_LINE = 0.75
"""A line shorter than this share of its paragraph's longest line may end the paragraph."""

OTHER_FIELD = {"criterion": "follow_up", "follow_up": "criterion"}
"""Each of a goal's two columns and the other one."""


@dataclass
class Paragraph:
    block: int
    lines: list[str] = field(default_factory=list)
    longest: int = 0
    """The length of its longest line, kept as lines are added so that asking
    costs the same for a paragraph of any length."""

    def __post_init__(self) -> None:
        self.longest = max((len(clean(x)) for x in self.lines), default=0)

    @property
    def last(self) -> str:
        return self.lines[-1] if self.lines else ""

    def add(self, text: str) -> None:
        self.lines.append(text)
        self.longest = max(self.longest, len(clean(text)))

    def is_short_end(self) -> bool:
        return len(clean(self.last)) < SHORT_LINE * self.longest or len(self.lines) == 1


class ReaderState:
    def __init__(self, lines: list[Line], layout: Layout, *, guess_paragraphs: bool) -> None:
        self.guess_paragraphs = guess_paragraphs
        """Whether paragraph ends must be guessed from short lines (a text layer), or
        the layout marks them (PDF and Word readers do)."""
        self.lines = lines
        self.layout = layout
        self.toc = {entry.key: entry for entry in layout.toc}
        self.toc_seen: set[str] = set()
        self.labelled = any(GOAL_LABEL.match(clean(line.text)) for line in lines if not line.blank)
        self.repeated = repeated_items(lines, noise=layout.noise) if not layout.toc else set()
        """Lines listed once and written again on their own: goals named twice."""
        self.ahead = LookAhead(
            lines, noise=layout.noise, labelled=self.labelled, repeated=self.repeated
        )
        self.blocks: list[Block] = []
        self.vocabulary = words(" ".join(line.text for line in lines))
        self.statuses = status_labels()
        self.text_layer = any(line.gap == "space" for line in lines)
        """A PDF's text layer writes blank lines inside a text box as spaces and marks
        boxes (and double spacing) with empty lines; in other text an empty line is
        simply a blank line."""
        self.paragraphs: dict[int, Paragraph] = {}
        self.field: Kind = "ignored"
        self.goal: int | None = None
        self.last: dict[str, int] = {}
        self.seen: set[str] = set()
        self.count = {"criterion": 0, "follow_up": 0}
        self.current: int | None = None
        self.blank = False
        self.boundary = ""
        self.in_heading_area = True
        self.toc_block: int | None = None
        self.skip: set[int] = set()
        self.pending_status = ""
        self.badges = False
        self.heading: tuple[int, str, int] | None = None
        """The last heading taken from a line's style: its block, the style and the line number."""
        self.section: int | None = None
        """The last heading that may yet turn out to be a goal: one followed by its criteria."""
        self.goal_list = False
        """Whether the lines are the items of a list of goals ('Naturmål', 'Klimamål:')."""
        self.list_items = 0
        self.goals_seen = False
        self.items: set[int] = set()
        """The blocks that are list items: each ends where the item does."""
        self.table: list[str] = []
        """The fields of a table's columns when its rows are goals ('Mål | Status')."""
        self.table_header = False
        self.cell = -1
        self.following_up = False
        """Whether the text is under a follow-up heading ('Sådan gik det i 2023'), where a
        goal's text is its follow-up."""

    # -- output -------------------------------------------------------------

    def _add(self, kind: Kind, text: str, line: Line, **attrs: object) -> int:
        page = self.layout.pages.get(line.number, line.page)
        block = Block(kind=kind, text="", page=page, line=line.number, end_line=line.number)
        for name, value in attrs.items():
            setattr(block, name, value)
        self.blocks.append(block)
        index = len(self.blocks) - 1
        self.paragraphs[index] = Paragraph(index, [text] if text else [])
        return index

    def _append(self, index: int, text: str, line: Line) -> None:
        self.paragraphs[index].add(text)
        self.blocks[index].end_line = line.number

    def _open(self, kind: Kind, text: str, line: Line, **attrs: object) -> int:
        if kind == "follow_up" and self.pending_status:
            attrs["status"] = self.pending_status
            self.pending_status = ""
        index = self._add(kind, text, line, **attrs)
        self.current = index
        if kind in OTHER_FIELD:
            self.last[kind] = index
            self.count[kind] += 1
        return index

    # -- state changes ------------------------------------------------------

    def _close_goal(self) -> None:
        self.goal = None
        self.seen = set()
        self.last = {}
        self.count = {"criterion": 0, "follow_up": 0}
        self.current = None

    def _heading(self, text: str, line: Line, level: int, *, guessed: bool) -> None:
        self._close_goal()
        index = self._add("section", clean(text), line, level=level)
        self.following_up = bool(
            FOLLOW_UP_HEADING.match(clean(text)) or FOLLOW_UP_PART.match(clean(text))
        )
        self.section = index
        self.goal_list = False
        if guessed:
            self.blocks[index].doubt("heading_guessed", 0.7)
        self.field = "text"
        self.current = None
        self.in_heading_area = False

    def _goal(self, text: str, line: Line, *, ref: str = "", level: int = 1) -> None:
        if level == 1:
            self._close_goal()
        index = self._open("goal", text, line, ref=ref, level=level)
        self.section = None
        self.goals_seen = True
        if level == 2:
            self.seen = set()
            self.last = {}
            self.count = {"criterion": 0, "follow_up": 0}
        self.goal = index
        self.current = index
        self.field = "goal"

    def _switch(self, kind: Kind, rest: str, line: Line) -> None:
        self.goal_list = False
        self.seen.add(kind)
        self.field = kind
        self.current = None
        if rest:
            self._start_paragraph(rest, line)

    @property
    def two_columns(self) -> bool:
        return {"criterion", "follow_up"} <= self.seen

    def _start_paragraph(self, text: str, line: Line) -> None:
        raise NotImplementedError


def tab_cells(text: str) -> list[str]:
    """A line's table cells, empty ones too, where a text file separates them with tabs;
    a list item's mark before its tab ("•\t…") is no cell of its own."""
    if "\t" not in text.strip(" "):
        return [text]
    cells = text.rstrip().split("\t")
    if len(cells) > 1 and 0 < len(cells[0].strip()) <= 2:
        cells[:2] = [f"{cells[0].strip()} {cells[1]}"]
    return cells


def refs_in(text: str) -> list[str]:
    return re.findall(r"\d{1,2}(?:\.\d{1,2})?", text)
