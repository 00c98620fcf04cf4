"""Recognise a plan's structure in its lines: a flat list of blocks.

The reading is one pass over the lines with a small state: the field being
written (a goal's statement, its documentation, its follow-up, running
text) and the paragraph open in each field. Labels ("Mål:",
"Dokumentation:", "Opfølgning:") switch the field; headings come from the
table of contents, the layout's heading styles or, failing both, the shape
of a line. A second pass (`structure.py`) decides what each heading is:
a focus area when goals follow it, a part when focus areas do, else a
section, and where a follow-up part describes an earlier plan.

Two columns that a text layer has interleaved are told apart by the order
of the text boxes: within a goal that has both columns, a new box either
continues the other column's unfinished sentence, or starts the follow-up
column once documentation is ahead of it, or stays where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block, Kind
from .labels import (
    ANSWERS,
    BULLET,
    COLUMN_HEADINGS,
    CRITERION_LABEL,
    EMPTY_CELLS,
    FOLLOW_UP_LABEL,
    FOLLOW_UP_PART,
    GOAL_LABEL,
    LABEL_INSIDE,
    PARAGRAPH_BREAK,
    PLAN_TITLE,
    SUB_GOAL,
    UNLABELLED_GOAL,
    clean,
    ends_sentence,
    heading_key,
    join_lines,
    looks_like_heading,
    printed_goal_status,
    starts_lower,
    status_labels,
    target_of,
    words,
)
from .layout import Layout, layout_of
from .lookahead import LookAhead, repeated_items
from .source import Line
from .structure import structure
from .vocabulary import (
    CRITERION_HEADING,
    FOLLOW_UP_HEADING,
    AREA_COLUMNS,
    GOAL_COLUMNS,
    GOAL_LIST,
    LINK_LINE,
    NUMBERED_ITEM,
    prose_status,
    verdict_of,
)

SHORT_LINE = 0.75
"""A line shorter than this share of its paragraph's longest line may end the paragraph."""

_OTHER = {"criterion": "follow_up", "follow_up": "criterion"}


@dataclass
class _Paragraph:
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


class _Reader:
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
        self.paragraphs: dict[int, _Paragraph] = {}
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
        self.paragraphs[index] = _Paragraph(index, [text] if text else [])
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
        if kind in _OTHER:
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
        self.following_up = bool(FOLLOW_UP_HEADING.match(clean(text)) or FOLLOW_UP_PART.match(clean(text)))
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

    # -- lines --------------------------------------------------------------

    def run(self) -> list[Block]:
        for position, line in enumerate(self.lines):
            if line.number in self.layout.toc_lines:
                self._toc_line(line)
                continue
            if line.number in self.layout.noise:
                self.boundary = "hard"
                continue
            if line.blank or not clean(line.text):
                if line.gap == "empty" and self.text_layer:
                    self.boundary = self.boundary or "soft"
                else:
                    self.blank = True
                continue
            if line.block_start:
                self.boundary = "hard"
            cells = _cells(line.text)
            if len(cells) > 1 and self._row(cells, line):
                cells = []
            for number, cell in enumerate(cell for cell in cells if cell.strip()):
                if number:
                    self.boundary = "hard"
                for part in LABEL_INSIDE.split(cell):
                    self._line(part, line, position)
            self.blank = False
            self.boundary = ""
        for index, paragraph in self.paragraphs.items():
            if index == self.toc_block:
                self.blocks[index].text = "\n".join(paragraph.lines)
            else:
                self.blocks[index].text = join_lines(paragraph.lines, self.vocabulary)
            if self.blocks[index].kind == "goal":
                self._heading_status(self.blocks[index])
            if self.blocks[index].kind == "follow_up" and self.blocks[index].status == "not_assessed":
                self.blocks[index].status = prose_status(self.blocks[index].text) or "not_assessed"
        return [b for b in self.blocks if b.text or b.kind in ("plan", "goal")]

    def _heading_status(self, block: Block) -> None:
        """virkplan's own PDF and Word end a goal's heading with its status as a whole: a
        badge in capitals ("… ligger heri. IKKE OPFYLDT") or "· Ikke opfyldt" after a dot.
        That is the goal's status, not part of its statement. A statement that merely ends
        in such words ("… sætte arbejdet i gang") is written neither way."""
        match = printed_goal_status(block.text, self.statuses)
        if match is not None:
            block.text, block.status = match

    def _toc_line(self, line: Line) -> None:
        """The table of contents becomes one ignored block, one entry per line."""
        if self.toc_block is not None and self.toc_block == len(self.blocks) - 1:
            self.paragraphs[self.toc_block].add(clean(line.text))
            self.blocks[self.toc_block].end_line = line.number
            return
        self.toc_block = self._add("ignored", clean(line.text), line, reasons=["contents"])
        self.current = None

    def _line(self, raw: str, line: Line, position: int) -> None:
        text = clean(raw)
        if not text or line.number in self.skip:
            return
        if self._plan_title(text, line, position):
            return
        if self._goal_table(text, line, position):
            return
        if LINK_LINE.match(text):
            self._add("ignored", text, line, reasons=["link"])
            self.current = None
            return
        if self._table_line(text, line):
            return
        if self._label(text, line) or self._other_label(text, line):
            return
        if heading_key(text) in self.repeated:
            self._goal(text, line)
            self.blocks[self.goal or 0].doubt("repeated_goal", 0.75)
            return
        if self._heading_match(text, line, position):
            return
        self._content(text, line)

    def _plan_title(self, text: str, line: Line, position: int) -> bool:
        if self.goal is not None:
            return False
        match = PLAN_TITLE.match(text)
        following = self.ahead.next_text(position) if match is None else None
        if following is not None and PLAN_TITLE.match(f"{text} {clean(following.text)}"):
            text = f"{text} {clean(following.text)}"
            match = PLAN_TITLE.match(text)
            self.skip.add(following.number)
        if not match:
            return False
        start = int(match["start"])
        end = int(match["end"] or start)
        self._close_goal()
        self._open("plan", text, line, period_start=start, period_end=end)
        self.goal_list = False
        self.goals_seen = False
        self.following_up = False
        self.section = None
        self.field = "ignored"
        self.current = None
        self.in_heading_area = True
        return True

    def _table_line(self, text: str, line: Line) -> bool:
        """What the exports' tables and lists add around the text: a criterion's
        target, a follow-up's status badge, column headings and empty cells."""
        folded = text.casefold()
        if self.field == "criterion" and self.current is not None:
            target = target_of(text)
            if target is not None:
                self.blocks[self.current].target = target
                return True
        if self.goal is None:
            return False
        status = self.statuses.get(folded)
        if status and self.field == "goal" and text == text.upper():
            # The badge at the end of a goal's heading in virkplan's PDF, wrapped onto a
            # line of its own: the goal's status (see _heading_status).
            self.blocks[self.goal].status = status
            return True
        if status and (self.field == "follow_up" or line.column == "right"):
            self.seen.add("follow_up")
            self.field = "follow_up"
            self.current = None
            self.pending_status = status
            self.badges = True
            return True
        if line.column and folded in COLUMN_HEADINGS:
            self._switch(COLUMN_HEADINGS[folded], "", line)  # type: ignore[arg-type]
            return True
        if line.column and folded in EMPTY_CELLS:
            self.field = "criterion" if line.column == "left" else "follow_up"
            self.current = None
            return True
        return False

    def _label(self, text: str, line: Line) -> bool:
        goal = GOAL_LABEL.match(text)
        if goal:
            ref = goal["ref"] or goal["ref2"] or ""
            rest = goal["rest"] if goal["rest"] is not None else goal["rest2"] or ""
            if not rest and not ref and self.goal is not None:
                # 'Delmål:' above its numbered sub-goals.
                self.current = None
                return True
            self._goal(rest, line, ref=ref, level=2 if "." in ref else 1)
            self.goal_list = False
            return True
        answers = ANSWERS.match(text)
        if answers and self.goals_seen:
            # 'Ad. 1.2 og 1.3: …' answers the goals it names, wherever it stands.
            self.seen.add("follow_up")
            self.field = "follow_up"
            self._open("follow_up", answers["rest"], line, answers=_refs(answers["refs"]))
            return True
        criterion = CRITERION_LABEL.match(text)
        if criterion and (self.goal is not None or self.labelled):
            self._switch("criterion", criterion["rest"], line)
            return True
        follow_up = FOLLOW_UP_LABEL.match(text)
        if follow_up and self.goal is not None:
            self._switch("follow_up", follow_up["rest"], line)
            return True
        return False

    def _column_field(self, text: str) -> str:
        if text.casefold().rstrip(":") in GOAL_COLUMNS:
            return "goal"
        folded = text.casefold().rstrip(":")
        if CRITERION_HEADING.match(text) or COLUMN_HEADINGS.get(folded) == "criterion":
            return "criterion"
        if FOLLOW_UP_HEADING.match(text) or COLUMN_HEADINGS.get(folded) == "follow_up":
            return "follow_up"
        return ""

    def _goal_table(self, text: str, line: Line, position: int) -> bool:
        """A table whose first column is headed 'Mål' (or 'Indsats') and the next ones
        'Status', 'Tegn på succes' or the like: each row is a goal, its criteria and its
        follow-up, cell by cell. A goal the plan named before is the same goal."""
        folded = text.casefold().rstrip(":")
        if folded in GOAL_COLUMNS or folded in AREA_COLUMNS:
            following = self.ahead.next_text(position)
            if following is not None and self._column_field(clean(following.text)):
                self._close_goal()
                self.table, self.table_header, self.cell = [_first_column(text)], True, -1
                self.goal_list = False
                return True
        if not self.table:
            return False
        if self.table_header:
            column = self._column_field(text)
            if column:
                self.table.append(column)
                return True
            self.table_header = False
        ends = FOLLOW_UP_HEADING.match(text) or GOAL_LIST.match(text) or ANSWERS.match(text)
        if line.style in ("heading1", "heading2", "heading3", "title") or PLAN_TITLE.match(text) or ends:
            self.table = []
            return False
        if self.blank or self.boundary or line.block_start or self.current is None:
            self.cell = (self.cell + 1) % len(self.table)
            if line.column and len(self.table) == 2:
                self.cell = 0 if line.column == "left" else 1
            self._cell(self.table[self.cell], text, line)
        else:
            self._append(self.current, text, line)
        return True

    def _row(self, cells: list[str], line: Line) -> bool:
        """A table's row from a text file: its heading row says what each column holds
        ('Indsatsområde | Mål | Tegn på succes | Status'); an empty cell under a focus
        area is the area above (merged cells)."""
        texts = [clean(cell) for cell in cells]
        first = texts[0].casefold()
        if first in GOAL_COLUMNS or first in AREA_COLUMNS:
            fields = [self._column_field(text) or _first_column(text) for text in texts[1:]]
            if all(fields):
                self._close_goal()
                self.table = [_first_column(texts[0]), *fields]
                self.table_header, self.cell = False, -1
                self.goal_list = False
                return True
        if not self.table or len(texts) > len(self.table):
            return False
        for number, text in enumerate(texts):
            if text:
                self.cell = number
                self._cell(self.table[number], text, line)
        return True

    def _cell(self, kind: str, text: str, line: Line) -> None:
        if kind == "area":
            self._heading(text, line, 2, guessed=False)
            return
        if kind == "goal":
            label = GOAL_LABEL.match(text)
            ref = (label["ref"] or label["ref2"] or "") if label else ""
            if label:
                text = label["rest"] if label["rest"] is not None else label["rest2"] or ""
            self._goal(text, line, ref=ref, level=2 if "." in ref else 1)
            return
        self.seen.add(kind)
        self.field = kind  # type: ignore[assignment]
        verdict = verdict_of(text) if kind == "follow_up" else None
        if verdict is not None:
            self._open("follow_up", verdict[1], line, status=verdict[0])
        else:
            self._open(kind, text, line)  # type: ignore[arg-type]

    def _other_label(self, text: str, line: Line) -> bool:
        """Other plans' labels: a list of goals ('Naturmål'), criteria on a line of their
        own ('Tegn på succes'), whose goal may be the heading above them, and a follow-up
        label standing as a heading ('Status efter første halvår')."""
        if self.field != "goal" and GOAL_LIST.match(text) and not BULLET.match(text):
            self._close_goal()
            self._open("text", text, line)
            self.current = None
            self.field = "text"
            self.goal_list = True
            self.list_items = 0
            return True
        criteria = CRITERION_HEADING.match(text)
        if criteria:
            if self.goal is None and self.section is not None:
                self._heading_goal(self.section)
            if self.goal is not None:
                self._switch("criterion", criteria["rest"], line)
                return True
        if heading_key(text) in self.toc:
            return False
        if FOLLOW_UP_HEADING.match(text) and (self.goal is not None or self.goals_seen):
            if self.goal is None and self.section is not None:
                return False
            self._switch("follow_up", "", line)
            self.following_up = True
            return True
        return False

    def _heading_goal(self, index: int) -> None:
        """A heading followed by criteria is a goal written as a heading."""
        block = self.blocks[index]
        block.kind = "goal"
        block.level = 1
        block.doubt("heading_goal", 0.7)
        self.goal = index
        self.section = None
        self.goals_seen = True

    def _list_item(self, text: str, line: Line) -> bool:
        """An item of a list of goals is a goal; a line starting in lower case goes on
        with the item above; a blank line after the items ends the list."""
        mark = BULLET.match(text)
        numbered = NUMBERED_ITEM.match(text)
        if mark or numbered or line.style == "list":
            rest = text[mark.end() :] if mark else numbered["rest"] if numbered else text
            ref = numbered["ref"] if numbered and not mark else ""
            self._goal(rest, line, ref=ref)
            self.blocks[self.goal or 0].doubt("listed_goal", 0.8)
            self.list_items += 1
            return True
        if self.list_items and not self.blank and self.current is not None and starts_lower(text):
            self._append(self.current, text, line)
            return True
        if self.list_items == 0 or not (self.blank or self.boundary):
            self._goal(text, line)
            self.blocks[self.goal or 0].doubt("listed_goal", 0.8)
            self.list_items += 1
            return True
        self.goal_list = False
        return False

    def _heading_match(self, text: str, line: Line, position: int) -> bool:
        key = heading_key(text)
        entry = self.toc.get(key)
        if entry is not None and key not in self.toc_seen:
            self.toc_seen.add(key)
            self._heading(text, line, entry.level, guessed=False)
            return True
        if self._heading_wraps(text, line):
            return True
        continues_statement = self.field == "goal" and self.current is not None and not self.blank
        if line.style in ("heading1", "heading2", "heading3", "title") and not continues_statement:
            level = {"title": 1, "heading1": 1, "heading2": 2, "heading3": 3}[line.style]
            self._heading(text, line, level, guessed=False)
            self.heading = (len(self.blocks) - 1, line.style, line.number)
            return True
        if not self.toc and self._shaped_heading(text, line, position):
            self._heading(text, line, 2, guessed=True)
            return True
        return False

    def _heading_wraps(self, text: str, line: Line) -> bool:
        """A heading too long for one line goes on in the same style on the very next line,
        in the same text block; the whole heading may then be an entry of the contents."""
        if self.heading is None or not line.style:
            return False
        index, style, number = self.heading
        if line.style != style or line.block_start or self.blank or line.number != number + 1:
            return False
        self._append(index, text, line)
        self.heading = (index, style, line.number)
        key = heading_key(join_lines(self.paragraphs[index].lines, self.vocabulary))
        entry = self.toc.get(key)
        if entry is not None and key not in self.toc_seen:
            self.toc_seen.add(key)
            self.blocks[index].level = entry.level
        return True

    def _shaped_heading(self, text: str, line: Line, position: int) -> bool:
        """A short line standing alone, where a heading can be: between goals or
        outside them, never inside a goal's columns."""
        starts_alone = self.blank or bool(self.boundary) or self.current is None
        in_statement = self.field == "goal" and not self.blank
        if not starts_alone or not looks_like_heading(text) or in_statement:
            return False
        following = self.ahead.next_text(position)
        if following is None or starts_lower(following.text):
            return False
        if not self.ahead.blank_between(position, following) and not following.block_start:
            return False
        if self.goal is None:
            return True
        return self.ahead.next_label_is_goal(position)

    # -- running text -------------------------------------------------------

    def _start_paragraph(self, text: str, line: Line) -> None:
        """A new paragraph in the current field, unless the text itself says what it is."""
        if self.goal is not None or self.field in ("criterion", "follow_up"):
            sub = SUB_GOAL.match(text)
            if sub and self.field != "follow_up":
                self._goal(sub["rest"], line, ref=sub["ref"], level=2)
                return
            answers = ANSWERS.match(text)
            if answers and self.field == "follow_up":
                refs = _refs(answers["refs"])
                self._open("follow_up", answers["rest"], line, answers=refs)
                return
        if not self.labelled and UNLABELLED_GOAL.match(text) and not self.in_heading_area:
            self._goal(text, line)
            self.blocks[self.goal or 0].doubt("unlabelled_goal", 0.7)
            return
        if self._same_follow_up():
            index = self.last["follow_up"]
            self.paragraphs[index].add(PARAGRAPH_BREAK)
            self._append(index, text, line)
            self.current = index
            return
        kind: Kind = self.field if self.field != "goal" else self._after_statement()
        if self.field == "goal":
            self.field = kind
            index = self._open(kind, text, line)
            self.blocks[index].doubt("column_guessed", 0.7)
            return
        self._open(kind, text, line)

    def _after_statement(self) -> Kind:
        return "follow_up" if self.following_up else "criterion"

    def _same_follow_up(self) -> bool:
        """Where each follow-up starts with its status badge, a paragraph without a
        badge of its own belongs to the follow-up above it."""
        return (
            self.field == "follow_up"
            and self.badges
            and not self.pending_status
            and "follow_up" in self.last
        )

    def _content(self, text: str, line: Line) -> None:
        if self.goal_list and self._list_item(text, line):
            return
        bullet = BULLET.match(text)
        if bullet and self.field != "ignored":
            text = text[bullet.end() :]
            if self.field == "goal":
                self.field = "criterion"
            self.current = None
        if self.goal is not None and line.column:
            self._follow_column(line)
        if self.two_columns and not line.column and self.boundary and self.field in _OTHER:
            self._column_boundary(text, line)
            return
        current = self.paragraphs.get(self.current) if self.current is not None else None
        if current is not None and self.field != "follow_up" and SUB_GOAL.match(text):
            current = None
        if current is None:
            self._start_paragraph(text, line)
        elif self._continues(current, text):
            self._append(current.block, text, line)
        else:
            split = not self.blank and not self.boundary
            self._start_paragraph(text, line)
            if split and self.current is not None:
                self.blocks[self.current].doubt("split_guessed", 0.85)

    def _follow_column(self, line: Line) -> None:
        """In a laid-out table the column says the field: documentation on the left,
        follow-up on the right."""
        wanted = "follow_up" if line.column == "right" else "criterion"
        if wanted == "follow_up" and "follow_up" not in self.seen:
            return
        if self.field != wanted and self.field in (*_OTHER, "goal"):
            self.field = wanted  # type: ignore[assignment]
            self.current = None

    def _continues(self, current: _Paragraph, text: str) -> bool:
        if not current.lines:
            return True
        if self.blank:
            return starts_lower(text) and not ends_sentence(current.last)
        if self.boundary == "hard":
            return not ends_sentence(current.last)
        if self.boundary == "soft":
            return not (ends_sentence(current.last) and current.is_short_end())
        return not (self.guess_paragraphs and self._short_line_break(current, text))

    def _short_line_break(self, current: _Paragraph, text: str) -> bool:
        """A sentence ending on a line clearly shorter than the paragraph's others, with
        a capital after it, is where a person pressed Enter: a new paragraph."""
        return (
            self.field in _OTHER
            and len(current.lines) > 1
            and ends_sentence(current.last)
            and current.is_short_end()
            and text[:1].isupper()
        )

    def _column_boundary(self, text: str, line: Line) -> None:
        other = _OTHER[self.field]
        other_index = self.last.get(other)
        if other_index is not None and not ends_sentence(self.paragraphs[other_index].last):
            self.field = other  # type: ignore[assignment]
            self.current = other_index
            self._append(other_index, text, line)
            self.blocks[other_index].doubt("continuation", 0.75)
            return
        if self.field == "criterion" and self.count["criterion"] > self.count["follow_up"]:
            self.field = "follow_up"
            index = self._open("follow_up", text, line)
            self.blocks[index].doubt("column_guessed", 0.75)
            return
        current = self.paragraphs.get(self.current) if self.current is not None else None
        if current is not None and not ends_sentence(current.last):
            self._append(current.block, text, line)
            return
        if (
            self.field == "follow_up"
            and self.text_layer
            and line.block_start
            and self.count["follow_up"] >= self.count["criterion"]
        ):
            # A marked box after the follow-ups have caught up with the documentation
            # comes from the other column: the next documentation item.
            self.field = "criterion"
            index = self._open("criterion", text, line)
            self.blocks[index].doubt("column_guessed", 0.75)
            return
        self._start_paragraph(text, line)


def _cells(text: str) -> list[str]:
    """A line's table cells, empty ones too, where a text file separates them with tabs;
    a list item's mark before its tab ("•\t…") is no cell of its own."""
    if "\t" not in text.strip(" "):
        return [text]
    cells = text.rstrip().split("\t")
    if len(cells) > 1 and 0 < len(cells[0].strip()) <= 2:
        cells[:2] = [f"{cells[0].strip()} {cells[1]}"]
    return cells


def _first_column(text: str) -> str:
    folded = text.casefold().rstrip(":")
    return "area" if folded in AREA_COLUMNS else "goal" if folded in GOAL_COLUMNS else ""


def _refs(text: str) -> list[str]:
    import re

    return re.findall(r"\d{1,2}(?:\.\d{1,2})?", text)


def blocks_from_lines(lines: list[Line], *, unit: str, kind: str = "text") -> list[Block]:
    """The plan's structure in `lines` as blocks; never raises on odd text.

    `kind` is the source's kind: only a plain text layer needs paragraph ends guessed."""
    layout = layout_of(lines)
    blocks = _Reader(lines, layout, guess_paragraphs=kind == "text").run()
    return structure(blocks, unit=unit)
