"""A corpus plan as the text file someone would upload, by where the text was copied from.

- A web page copied in a browser and pasted into a text editor: a line per
  heading, paragraph, list item and menu link, blank lines between boxes,
  table cells separated by tabs, no marks before list items (unless the plan
  says which mark its browser writes).
- Word's "save as plain text": a line per paragraph and no blank lines,
  bullets as "•" and a tab, table cells separated by tabs, a form feed at a
  page break, Windows line ends and Windows-1252, as Word writes it by default.
- A printed PDF's text layer: what poppler's pdftotext reads from the
  one-column PDF (see `pdf_text`), or, for a plan whose text comes from an
  extractor that marks text boxes (`text_layer`), the layout the reference
  plan's text has.
"""

from __future__ import annotations

import subprocess
import tempfile
import textwrap
from pathlib import Path

from .model import Heading, Items, Nav, PageBreak, Para, Plan, T, Table


def web_copy(plan: Plan) -> bytes:
    out: list[str] = []

    def box(*lines: str, joined: bool = False) -> None:
        if out and not joined:
            out.append("")
        out.extend(lines)

    for block in plan.body:
        if isinstance(block, Heading):
            box(_one_line(block.t.shown))
        elif isinstance(block, Para):
            box(*_para_lines(block.t), joined=block.joined)
        elif isinstance(block, Items):
            box(*(_item_line(plan, block, n, t) for n, t in enumerate(block.items, 1)))
        elif isinstance(block, Table):
            box(*_table_lines(block))
        elif isinstance(block, Nav):
            box(*block.items)
    return ("\n".join(out) + "\n").encode("utf-8")


def word_text(plan: Plan) -> bytes:
    out: list[str] = []
    for block in plan.body:
        if isinstance(block, Heading):
            out.append(_one_line(block.t.shown))
        elif isinstance(block, Para):
            out.extend(_para_lines(block.t))
        elif isinstance(block, Items):
            for number, t in enumerate(block.items, 1):
                mark = {"bullet": "•\t", "number": f"{number}.\t", "plain": ""}[block.kind]
                out.append(mark + _one_line(t.shown))
        elif isinstance(block, Table):
            out.extend(_table_lines(block))
        elif isinstance(block, Nav):
            out.extend(block.items)
        elif isinstance(block, PageBreak):
            out.append("\f")
    text = "\r\n".join(out).replace("\r\n\f\r\n", "\f") + "\r\n"
    return text.encode("cp1252")


LAYER_WIDTH = 90
"""Characters per line of a text layer's boxes, about a printed page's width."""


def text_layer(plan: Plan) -> bytes:
    """The text layer as the reference plan's text writes it: every text box (heading,
    paragraph, list, table cell) starts with a line indented by one space, its lines are
    wrapped, a line holding a space stands between its paragraphs, an empty line ends it;
    each page ends with its foot and a form feed. A table is read row by row, each cell a
    box of its own, so its columns come out interleaved."""
    out: list[str] = []
    page = 1
    pages = 1 + sum(isinstance(block, PageBreak) for block in plan.body)

    def box(*paragraphs: str, items: bool = False) -> None:
        lines: list[str] = []
        for paragraph in paragraphs:
            if lines and not items:
                lines.append(" ")
            lines += textwrap.wrap(paragraph, LAYER_WIDTH) or [""]
        out.extend([" " + lines[0], *lines[1:], ""])

    for block in plan.body:
        if isinstance(block, Heading):
            box(_one_line(block.t.shown))
        elif isinstance(block, Para):
            box(*_para_lines(block.t))
        elif isinstance(block, Items):
            box(*(f"• {_one_line(t.shown)}" for t in block.items), items=True)
        elif isinstance(block, Table):
            if block.header:
                for name in block.header:
                    box(name)
            for row in block.rows:
                for cell in row:
                    if cell:
                        box(*(line for t in cell for line in _para_lines(t)))
        elif isinstance(block, Nav):
            box(" ".join(block.items))
        elif isinstance(block, PageBreak):
            out += [*_foot(plan, page, pages), "\f"]
            page += 1
    out += _foot(plan, page, pages)
    return "\n".join(out).replace("\n\f\n", "\f").encode("utf-8")


def _foot(plan: Plan, page: int, pages: int) -> list[str]:
    if not plan.footer:
        return []
    return [" " + plan.footer.replace("{page}", str(page)).replace("{pages}", str(pages)), ""]


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's text as pdftotext reads it (reading order, blank lines between blocks,
    a form feed after each page)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
        )
    return result.stdout


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


def _para_lines(t: T) -> list[str]:
    if t.label_alone and t.label:
        return [t.label, _one_line(t.heading)]
    return [_one_line(t.shown)]


def _item_line(plan: Plan, block: Items, number: int, t: T) -> str:
    mark = f"{plan.text_bullet} " if plan.text_bullet and block.kind == "bullet" else ""
    return mark + _one_line(t.shown)


def _table_lines(block: Table) -> list[str]:
    rows = ["\t".join(block.header)] if block.header else []
    for row in block.rows:
        cells = ("\n".join(line for t in cell or () for line in _para_lines(t)) for cell in row)
        rows.append("\t".join(cells))
    return rows
