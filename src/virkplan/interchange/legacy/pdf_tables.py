"""Tables drawn with ruling lines on a PDF page, read cell by cell.

pdfplumber finds a table by its ruling lines and tells where each cell is.
Words are then given to the cell they lie in, so the cells of a row never mix
with those beside them, however many columns the table has and whatever
their widths. A table stands in the page's reading order as one placeholder
word where it starts (so it keeps its place in a column of a two-column
page) and is read in its place as Word reads a table: a two-column table row
by row, the left cell before the right one; a table of three or more columns
a line per row with its cells between tabs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from pdfplumber.page import Page
from pdfplumber.table import Table

from .pdf_columns import Placed, Word

_MARK = "\ue000table"
"""A placeholder word's text starts with this (a private-use character no PDF text holds
in a plan) and its number; it holds letters, as a column's first word must."""

Cell = tuple[float, float, float, float]

MAX_DRAWN = 2000
"""A page with more lines and boxes drawn than this is a drawing or a chart, not a plan's
tables; its tables are not looked for (finding them takes time that grows with the square
of what is drawn)."""


@dataclass(frozen=True)
class _Drawn:
    """A table's rows, each a list of its cells' lines (one list of words per line)."""

    rows: list[list[list[list[Word]]]]


def lifted(page: Page, words: list[Word]) -> tuple[list[Word], dict[str, list[Placed]]]:
    """The page's words with each ruled table replaced by a placeholder word, and each
    placeholder's lines, keyed by its text."""
    tables: dict[str, list[Placed]] = {}
    rest = words
    if len(page.lines) + len(page.rects) > MAX_DRAWN:
        return rest, tables
    for index, table in enumerate(page.find_tables()):
        cells = [[cell for cell in row.cells] for row in table.rows]
        if len(cells) < 2 or max(len(row) for row in cells) < 2:
            continue
        inside = [word for word in rest if _within(word, table.bbox)]
        if not inside:
            continue
        drawn = _drawn(cells, inside)
        if drawn is None:
            continue
        mark = f"{_MARK}{index}"
        tables[mark] = _lines(drawn)
        rest = [word for word in rest if not _within(word, table.bbox)]
        rest.append(_placeholder(mark, table, inside))
    return rest, tables


def expanded(placed: list[Placed], tables: dict[str, list[Placed]]) -> list[Placed]:
    """The page's lines with each placeholder replaced by its table's lines."""
    if not tables:
        return placed
    lines: list[Placed] = []
    for item in placed:
        marks = [part for part in item.text.split(" ") if part in tables]
        if not marks:
            lines.append(item)
            continue
        text = " ".join(part for part in item.text.split(" ") if part not in tables)
        if text:
            lines.append(replace(item, text=text))
        for mark in marks:
            lines.extend(tables[mark])
    return lines


def _within(word: Word, box: Cell) -> bool:
    x = (word.x0 + word.x1) / 2
    y = (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _drawn(cells: list[list[Cell | None]], words: list[Word]) -> _Drawn | None:
    """The words put in their cells; None where a word lies in no cell (the ruling lines
    do not frame the text, so they are no table of it)."""
    placed: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        spot = next(
            (
                (r, c)
                for r, row in enumerate(cells)
                for c, cell in enumerate(row)
                if cell is not None and _within(word, cell)
            ),
            None,
        )
        if spot is None:
            return None
        placed.setdefault(spot, []).append(word)
    rows = [
        [_cell_lines(placed.get((r, c), [])) for c in range(len(row))]
        for r, row in enumerate(cells)
    ]
    return _Drawn(rows=[row for row in rows if any(row)])


def _cell_lines(words: list[Word]) -> list[list[Word]]:
    """A cell's words as lines, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda word: (word.top, word.x0)):
        if lines and abs(word.top - lines[-1][0].top) <= 0.5 * min(word.size, lines[-1][0].size):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda word: word.x0) for line in lines]


def _lines(drawn: _Drawn) -> list[Placed]:
    width = max(len(row) for row in drawn.rows)
    lines: list[Placed] = []
    for row in drawn.rows:
        if width == 2:
            for side, cell in zip(("left", "right"), row, strict=False):
                lines.extend(_placed(line, side) for line in cell)  # type: ignore[arg-type]
            continue
        words = [word for cell in row for line in cell for word in line]
        if not words:
            continue
        text = "\t".join(_joined(cell) for cell in row)
        lines.append(Placed(text=text, column="", top=words[0].top, size=_size(words)))
    return lines


def _joined(cell: list[list[Word]]) -> str:
    """A cell's lines as one text; a word hyphenated at a line's end is joined again."""
    text = ""
    for line in cell:
        part = " ".join(word.text for word in line)
        if (
            text.endswith(("-", "\u2010", "\u00ad"))
            and text[-2:-1].isalpha()
            and part[:1].islower()
        ):
            text = text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return text


def _placed(words: list[Word], column: str) -> Placed:
    return Placed(
        text=" ".join(word.text for word in words),
        column=column,  # type: ignore[arg-type]
        top=min(word.top for word in words),
        size=_size(words),
    )


def _size(words: list[Word]) -> float:
    sizes = Counter[float]()
    for word in words:
        sizes[round(word.size, 1)] += len(word.text)
    return sizes.most_common(1)[0][0]


def _placeholder(mark: str, table: Table, words: list[Word]) -> Word:
    x0, top, x1, _bottom = table.bbox
    size = _size(words)
    return Word(
        text=mark, x0=float(x0), x1=float(x1), top=float(top), bottom=float(top) + size, size=size
    )
