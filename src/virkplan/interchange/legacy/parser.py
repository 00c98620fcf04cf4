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

from .blocks import Block, Kind
from .labels import (
    ANSWERS,
    BULLET,
    COLUMN_HEADINGS,
    CRITERION_LABEL,
    EMPTY_CELLS,
    FOLLOW_UP_LABEL,
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
    target_of,
)
from .layout import layout_of
from .lookahead import item_key
from .other_layouts import OtherLayouts
from .reader_state import OTHER_FIELD, Paragraph, refs_in, tab_cells
from .source import Line
from .structure import structure
from .vocabulary import (
    CRITERION_HEADING,
    GOAL_LIST,
    LINK_LINE,
    NUMBERED_ITEM,
    WEIGHT,
    prose_status,
)


class _Reader(OtherLayouts):
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
            cells = tab_cells(line.text)
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
            if (
                self.blocks[index].kind == "follow_up"
                and self.blocks[index].status == "not_assessed"
            ):
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
        if WEIGHT.match(text):
            self._add("ignored", text, line, reasons=["weight"])
            self.current = None
            return
        if LINK_LINE.match(text):
            self._add("ignored", text, line, reasons=["link"])
            self.current = None
            return
        if self._table_line(text, line):
            return
        if self._label(text, line) or self._other_label(text, line):
            return
        if self.repeated and item_key(text) in self.repeated:
            mark = BULLET.match(text)
            number = NUMBERED_ITEM.match(text)
            self._goal(text[mark.end() :] if mark else number["rest"] if number else text, line)
            self.blocks[self.goal or 0].doubt("repeated_goal", 0.75)
            return
        listed = line.style == "list" or BULLET.match(text) or NUMBERED_ITEM.match(text)
        if self.goal_list and listed:
            self._content(text, line)  # an item of a list of goals, however short
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
            self._open("follow_up", answers["rest"], line, answers=refs_in(answers["refs"]))
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
        after = clean(following.text)
        opens = GOAL_LABEL.match(after) or GOAL_LIST.match(after) or CRITERION_HEADING.match(after)
        # A heading set straight above a goal, a list of goals or criteria needs no blank line.
        if not (opens or self.ahead.blank_between(position, following) or following.block_start):
            return False
        if self.goal is None:
            return True
        if CRITERION_HEADING.match(after) or GOAL_LIST.match(after):
            return True  # a goal written as a heading above its criteria; a list of goals
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
                refs = refs_in(answers["refs"])
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
        if self.two_columns and not line.column and self.boundary and self.field in OTHER_FIELD:
            self._column_boundary(text, line)
            return
        current = self.paragraphs.get(self.current) if self.current is not None else None
        if current is not None and self.field != "follow_up" and SUB_GOAL.match(text):
            current = None
        if current is None:
            self._start_paragraph(text, line)
            if (bullet or line.style == "list") and self.current is not None:
                self.items.add(self.current)
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
        if self.field != wanted and self.field in (*OTHER_FIELD, "goal"):
            self.field = wanted  # type: ignore[assignment]
            self.current = None

    def _continues(self, current: Paragraph, text: str) -> bool:
        if not current.lines:
            return True
        if self.blank:
            return starts_lower(text) and not ends_sentence(current.last)
        if self.boundary == "hard":
            return not ends_sentence(current.last)
        if self.boundary == "soft":
            return not (ends_sentence(current.last) and current.is_short_end())
        return not (self.guess_paragraphs and self._short_line_break(current, text))

    def _short_line_break(self, current: Paragraph, text: str) -> bool:
        """A sentence ending on a line clearly shorter than the paragraph's others, with
        a capital after it, is where a person pressed Enter: a new paragraph."""
        return (
            self.field in OTHER_FIELD
            and len(current.lines) > 1
            and ends_sentence(current.last)
            and current.is_short_end()
            and text[:1].isupper()
        )

    def _column_boundary(self, text: str, line: Line) -> None:
        other = OTHER_FIELD[self.field]
        other_index = self.last.get(other)
        unfinished = other_index is not None and not ends_sentence(
            self.paragraphs[other_index].last
        )
        if other_index is not None and unfinished and other_index not in self.items:
            # A list item is whole without a full stop; only a sentence runs on.
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


def blocks_from_lines(lines: list[Line], *, unit: str, kind: str = "text") -> list[Block]:
    """The plan's structure in `lines` as blocks; never raises on odd text.

    `kind` is the source's kind: only a plain text layer needs paragraph ends guessed."""
    layout = layout_of(lines)
    blocks = _Reader(lines, layout, guess_paragraphs=kind == "text").run()
    return structure(blocks, unit=unit)
