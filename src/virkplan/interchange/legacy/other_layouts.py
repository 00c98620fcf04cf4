"""How the parser reads other plans' layouts: lists of goals after a list label, goals
written as headings above their criteria, follow-up labels standing as headings, and
tables whose rows are goals ('Mål | Status', 'Indsatsområde | Mål | Tegn på succes |
Status'), in lines or, from a text file, in tab-separated rows.
"""

from __future__ import annotations

from .labels import (
    ANSWERS,
    BULLET,
    COLUMN_HEADINGS,
    GOAL_LABEL,
    PLAN_TITLE,
    clean,
    heading_key,
    looks_like_heading,
    starts_lower,
)
from .reader_state import ReaderState
from .source import Line
from .vocabulary import (
    AREA_COLUMNS,
    CRITERION_HEADING,
    FOLLOW_UP_HEADING,
    GOAL_COLUMNS,
    GOAL_LIST,
    NUMBERED_ITEM,
    verdict_of,
)


class OtherLayouts(ReaderState):
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
        if (
            self.goal is not None
            and not line.column
            and not self.table
            and self._column_field(text) == "criterion"
            and ":" not in text.rstrip(":")
        ):
            # 'Dokumentation' over 'Opfølgning' without a layout's columns: the cells come
            # a row at a time, each after a blank line.
            following = self.ahead.next_text(position)
            if following is not None and self._column_field(clean(following.text)) == "follow_up":
                self.table, self.table_header, self.cell = ["criterion"], True, -1
                self.current = None
                return True
        if not self.table:
            return False
        if self.table_header:
            column = self._column_field(text)
            if column:
                self.table.append(column)
                return True
            self.table_header = False
        ends = bool(FOLLOW_UP_HEADING.match(text) or GOAL_LIST.match(text) or ANSWERS.match(text))
        if self.table[0] != "goal" and not ends:
            following = self.ahead.next_text(position)
            ends = bool(GOAL_LABEL.match(text)) or (
                bool(self.blank or self.boundary)
                and looks_like_heading(text)
                and following is not None
                and bool(GOAL_LABEL.match(clean(following.text)))
            )
        if (
            line.style in ("heading1", "heading2", "heading3", "title")
            or PLAN_TITLE.match(text)
            or ends
        ):
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
            # A cell holding the verdict alone ('Opfyldt') keeps it as its text.
            self._open("follow_up", verdict[1] or text, line, status=verdict[0])
        else:
            self._open(kind, text, line)  # type: ignore[arg-type]

    def _other_label(self, text: str, line: Line) -> bool:
        """Other plans' labels: a list of goals ('Naturmål'), criteria on a line of their
        own ('Tegn på succes'), whose goal may be the heading above them, and a follow-up
        label standing as a heading ('Status efter første halvår')."""
        listing = self.field != "goal" or self.goal_list
        if listing and GOAL_LIST.match(text) and not BULLET.match(text):
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


def _first_column(text: str) -> str:
    folded = text.casefold().rstrip(":")
    return "area" if folded in AREA_COLUMNS else "goal" if folded in GOAL_COLUMNS else ""
