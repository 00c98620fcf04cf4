"""A corpus plan as a Word document written by python-docx, as people write plans in Word.

Headings get Word's heading styles (the title "Title"), except in a plan whose
headings are only bold; lists are "List Bullet" and "List Number" paragraphs;
tables are "Table Grid" tables with a bold header row; a heading that wraps
has a manual line break (Shift+Enter) where it wraps; the running head and
foot go in the section's header and footer, where Word keeps them. The file
is written with fixed dates, so the same source gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from .model import Heading, Items, Nav, PageBreak, Para, Plan, T, Table

WRITTEN = datetime(2025, 3, 14, 9, 12)


def docx(plan: Plan) -> bytes:
    document = Document()
    document.core_properties.created = WRITTEN
    document.core_properties.modified = WRITTEN
    document.core_properties.last_modified_by = ""
    document.core_properties.author = ""
    document.styles["Normal"].font.size = Pt(10.5)
    section = document.sections[0]
    if plan.header:
        section.header.paragraphs[0].text = plan.header
    if plan.footer:
        section.footer.paragraphs[0].text = plan.footer.replace("{page}", "1").replace(
            "{pages}", "1"
        )
    for block in plan.body:
        _block(document, plan, block)
    out = io.BytesIO()
    document.save(out)
    return _fixed_dates(out.getvalue())


def _block(document: DocumentObject, plan: Plan, block: object) -> None:
    if isinstance(block, Heading):
        _heading(document, plan, block)
    elif isinstance(block, Para):
        _paragraphs(document, block.t)
    elif isinstance(block, Items):
        style = {"bullet": "List Bullet", "number": "List Number", "plain": None}[block.kind]
        for t in block.items:
            _write(document.add_paragraph(style=style), t)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Nav):
        for item in block.items:
            document.add_paragraph(item)
    elif isinstance(block, PageBreak):
        document.add_page_break()


def _heading(document: DocumentObject, plan: Plan, block: Heading) -> None:
    if plan.headings == "bold":
        paragraph = document.add_paragraph()
        _lines(paragraph, block.t.shown, bold=True)
        return
    paragraph = document.add_heading("", level=min(block.level, 4))
    _lines(paragraph, block.t.shown)


def _lines(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
    """The text in runs, with a manual line break where it has a line break."""
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.bold = bold or None
        if index < text.count("\n"):
            run.add_break()


def _paragraphs(document: DocumentObject, t: T) -> None:
    if t.label and t.label_alone:
        document.add_paragraph().add_run(t.label).bold = True
        _write(document.add_paragraph(), T(t.heading, link=t.link))
        return
    _write(document.add_paragraph(), t)


def _write(paragraph: Paragraph, t: T) -> None:
    if t.label and not t.label_alone:
        paragraph.add_run(t.label).bold = True
        paragraph.add_run(" ")
    run = paragraph.add_run(t.heading.replace("\n", " "))
    if t.link:
        run.underline = True


def _table(document: DocumentObject, block: Table) -> None:
    columns = max(len(block.header), *(len(row) for row in block.rows))
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles["Table Grid"]
    if block.header:
        cells = table.add_row().cells
        for cell, text in zip(cells, block.header, strict=False):
            cell.paragraphs[0].add_run(text).bold = True
    first = len(table.rows)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, paragraphs in zip(cells, row, strict=False):
            for index, t in enumerate(paragraphs or ()):
                target = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                if t.label and t.label_alone:
                    target.add_run(t.label).bold = True
                    target = cell.add_paragraph()
                    t = T(t.heading, link=t.link)
                _write(target, t)
    _merge(table, block, first)


def _merge(table: DocxTable, block: Table, first: int) -> None:
    """Merge each cell with the cells below it that continue it (None in the source)."""
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            last = r
            while last + 1 < len(block.rows) and block.rows[last + 1][c] is None:
                last += 1
            if last > r:
                table.cell(first + r, c).merge(table.cell(first + last, c))


def _fixed_dates(data: bytes) -> bytes:
    """The package again with every member dated WRITTEN, in the same order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=WRITTEN.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info))
    return out.getvalue()
