"""What a corpus plan is made of: the pieces of its document, each saying what it is.

A plan's source (tests/data/legacy/sources/) is a list of blocks (headings,
paragraphs, lists, tables, menus, page breaks) in document order. Every piece
of text is a `T`, which says how it is shown (its text, a label before it, a
link) and what it is in the plan (a plan title, a focus area, a goal, a
criterion or follow-up of a goal, or nothing the importer should keep). The
renderers draw the blocks as text, Word and PDF; `expected.py` builds the
virkplan/1 document from what the pieces are. One source gives both, so the
documents and the expected result cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["plan", "focus_area", "goal", "criterion", "follow_up"]
Origin = Literal["web", "print", "layer", "word"]
"""Where a plan's text copy comes from: a web page copied in a browser, the text layer of
a printed PDF as pdftotext reads it ("print") or as extractors that mark its text boxes
write it, as the reference plan's text is ("layer"), or Word's "save as plain text"."""

STATUSES = ("met", "partly_met", "not_met", "postponed", "dropped", "in_progress", "not_assessed")


@dataclass(frozen=True)
class T:
    """A piece of text (heading, paragraph, list item, table cell paragraph) and what it is."""

    text: str
    """As written, without its label; a line break ("\\n") is where a heading wraps."""
    role: Role | None = None
    id: str = ""
    """A goal's name in the source, for its criteria and follow-ups to point at."""
    of: tuple[str, ...] = ()
    """The goals a criterion or follow-up belongs to."""
    parent: str = ""
    """A sub-goal's goal."""
    ref: str = ""
    """A goal's number as written ("2", "2.1")."""
    status: str = ""
    """A follow-up's status, where the document states one."""
    label: str = ""
    """Written before the text ("Mål 2:", "Ad. 1.2 og 1.3:", "Delvist opfyldt."); not part of it."""
    label_alone: bool = False
    """The label stands on a line of its own above the text."""
    period: tuple[int, int] | None = None
    """A plan title's period."""
    tagline: str = ""
    """A focus area's tagline, written after its title and a dash."""
    link: bool = False
    """Shown as a link (a web page's "Læs mere")."""

    @property
    def content(self) -> str:
        """The text on one line, as the expected result holds it."""
        return re.sub(r"\s*\n\s*", " ", self.text).strip()

    @property
    def heading(self) -> str:
        """The text with its tagline, as a heading shows it."""
        return f"{self.text} – {self.tagline}" if self.tagline else self.text

    @property
    def shown(self) -> str:
        """Label and text on one line."""
        text = self.heading
        return f"{self.label} {text}" if self.label and text else self.label or text


@dataclass(frozen=True)
class Heading:
    level: int
    """0 is the document's title style, 1 to 4 heading levels."""
    t: T


@dataclass(frozen=True)
class Para:
    t: T
    joined: bool = False
    """In the same box as the paragraph before it: a web copy puts no blank line between."""


@dataclass(frozen=True)
class Items:
    items: tuple[T, ...]
    kind: Literal["bullet", "number", "plain"] = "bullet"
    """Bullets, numbers (written by the list, not in the text) or lines without marks."""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[tuple[T, ...] | None, ...], ...]
    """Each row's cells, each cell's paragraphs; None continues the cell above (merged)."""


@dataclass(frozen=True)
class Nav:
    """A web page's menu, breadcrumb or share bar: short links in a row."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Items | Table | Nav | PageBreak


@dataclass(frozen=True)
class Plan:
    name: str
    """The folder under tests/data/legacy/documents/."""
    unit: str
    description: str
    """One line: the department and the layout."""
    origin: Origin
    patterns: tuple[str, ...]
    """The layouts and labels it reproduces (codes in patterns.py)."""
    body: tuple[Block, ...]
    header: str = ""
    """A running head on every page of the PDF."""
    footer: str = ""
    """A running foot; "{page}" and "{pages}" are the page counters."""
    headings: Literal["sized", "bold"] = "sized"
    """Headings in larger type, or bold in the body's size."""
    text_bullet: str = ""
    """The mark a web copy writes before list items ("" for none, as most browsers copy)."""
    url: str = ""
    """A web page's address, printed in the foot of its PDF as a browser prints it."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def texts(self) -> Iterator[T]:
        """Every piece of text in document order (table cells row by row, left to right)."""
        for block in self.body:
            yield from block_texts(block)


def block_texts(block: Block) -> Iterator[T]:
    if isinstance(block, Heading | Para):
        yield block.t
    elif isinstance(block, Items):
        yield from block.items
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row:
                yield from cell or ()


# -- how the sources write their pieces -----------------------------------------


def title(text: str, start: int, end: int | None = None, *, level: int = 0) -> Heading:
    """The plan's title, which starts the plan."""
    return Heading(level, T(text, role="plan", period=(start, end or start)))


def area(text: str, *, tagline: str = "", level: int = 2, label: str = "") -> Heading:
    """A focus area's heading."""
    return Heading(level, T(text, role="focus_area", tagline=tagline, label=label))


def h(text: str, level: int = 2) -> Heading:
    """A heading that is neither plan, focus area nor goal (a section, a part, a label)."""
    return Heading(level, T(text))


def goal(
    id: str,
    text: str,
    *,
    label: str = "",
    ref: str = "",
    parent: str = "",
    alone: bool = False,
) -> T:
    return T(text, role="goal", id=id, label=label, ref=ref, parent=parent, label_alone=alone)


def crit(of: str, text: str, *, label: str = "", alone: bool = False) -> T:
    """Documentation (a success criterion) of the goals named in `of` (space-separated)."""
    return T(text, role="criterion", of=tuple(of.split()), label=label, label_alone=alone)


def follow(of: str, text: str, *, status: str = "", label: str = "", alone: bool = False) -> T:
    """A follow-up of the goals named in `of` (space-separated)."""
    return T(
        text, role="follow_up", of=tuple(of.split()), status=status, label=label, label_alone=alone
    )


def prose(text: str, *, label: str = "", alone: bool = False) -> T:
    """Text the importer should not keep as a goal, criterion or follow-up."""
    return T(text, label=label, label_alone=alone)


def link(text: str) -> T:
    return T(text, link=True)


def label(text: str) -> Para:
    """A label standing alone as a paragraph of its own ("Tegn på succes", "Naturmål")."""
    return Para(T("", label=text))


def p(t: T | str, *, joined: bool = False) -> Para:
    return Para(t if isinstance(t, T) else T(t), joined=joined)


def bullets(*items: T | str) -> Items:
    return Items(tuple(i if isinstance(i, T) else T(i) for i in items))


def numbered(*items: T | str) -> Items:
    return Items(tuple(i if isinstance(i, T) else T(i) for i in items), kind="number")


def lines(*items: T | str) -> Items:
    return Items(tuple(i if isinstance(i, T) else T(i) for i in items), kind="plain")


Cell = T | str | tuple[T | str, ...] | None


def table(header: tuple[str, ...] | list[str], *rows: tuple[Cell, ...] | list[Cell]) -> Table:
    """A table; a cell is a piece of text, several paragraphs, or None where the cell above
    runs on (merged)."""

    def cell(value: Cell) -> tuple[T, ...] | None:
        if value is None:
            return None
        values = value if isinstance(value, tuple) else (value,)
        return tuple(v if isinstance(v, T) else T(v) for v in values)

    return Table(tuple(header), tuple(tuple(cell(c) for c in row) for row in rows))


def nav(*items: str) -> Nav:
    return Nav(tuple(items))


PAGE = PageBreak()
