"""A Word document (.docx) as numbered lines, in the order Word shows them.

The body is walked as Word stores it, paragraphs and tables interleaved
(content controls and text boxes included), so a goal's paragraph is
followed by its table. Word's paragraph styles give the headings; each
paragraph is followed by a blank line, as paragraphs are in a text layer.
A two-column table is read row by row, the left cell before the right one,
so each "Dokumentation" cell is followed by its "Opfølgning" cell.

Page numbers are approximate: Word records where it broke the pages when it
last saved the file; a file written by another program only has its
explicit page and section breaks.

A .docx is a ZIP archive, and what it unpacks to is decided from the
archive's directory before anything is unpacked: the XML (which is parsed,
and costs memory many times its size) and the pictures and other parts
(which are only held) each have a limit, so a small file that unpacks to
gigabytes is refused at once. Python's zipfile never unpacks more of a
part than the directory says it holds.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import docx
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from .source import (
    BEYOND_ANY_PLAN,
    Column,
    Line,
    Progress,
    ReadLimits,
    SourceDocument,
    Style,
    UnreadableDocument,
    refuse_long,
)

logger = logging.getLogger(__name__)

MAX_XML_BYTES = 20 * 2**20
"""The XML parts of a .docx unpack to at most this much. A plan of a hundred pages
has about 2 MB; twenty megabytes of XML take about half a gigabyte to parse."""
MAX_UNPACKED_BYTES = 100 * 2**20
"""Its other parts (pictures, embedded files) unpack to at most this much."""

NOT_WORD = _(
    "The file is a ZIP archive, not a Word document (.docx). Upload the plan as a Word "
    "document, a PDF or a text file."
)
OPEN_DOCUMENT = _(
    "OpenDocument files (.odt) cannot be read. Open the file in your word processor, save it "
    "as a Word document (.docx) and upload it again."
)
TEMPLATE_OR_MACROS = _(
    "The file is a Word template or a Word document with macros. Open it in Word, save it as "
    "an ordinary Word document (.docx) and upload it again."
)
DAMAGED = _(
    "The Word document cannot be read; it may be damaged. Open it in Word, save a new copy "
    "and upload that."
)
TOO_LARGE_UNPACKED = _(
    "The pictures and other files in the Word document unpack to %(size)s MB; at most "
    "%(limit)s MB can be read. Remove pictures from it or split it into smaller files, and "
    "upload it again."
)
TOO_MUCH_XML = _(
    "The Word document's text and layout unpack to %(size)s MB; at most %(limit)s MB can be "
    "read, far more than a plan needs. Split it into smaller files, or save it as a PDF, and "
    "upload it again."
)
NO_TEXT = _(
    "The Word document holds no text. Choose the file that holds the plan and upload it again."
)

PROGRESS_EVERY = 50
"""Report progress after this many paragraphs and tables of the body."""

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_W = {
    name: qn(f"w:{name}")
    for name in [
        "p",
        "tbl",
        "tr",
        "tc",
        "sdt",
        "sdtContent",
        "sdtPr",
        "customXml",
        "t",
        "tab",
        "ptab",
        "br",
        "cr",
        "noBreakHyphen",
        "lastRenderedPageBreak",
        "pPr",
        "rPr",
        "pStyle",
        "numPr",
        "sectPr",
        "type",
        "pageBreakBefore",
        "val",
        "tcPr",
        "vMerge",
        "tblGrid",
        "gridCol",
        "txbxContent",
    ]
}
_HEADING = re.compile(r"(?:heading|overskrift)\s*(\d)", re.IGNORECASE)
_TITLE = re.compile(r"^(?:title|titel)$", re.IGNORECASE)
_LIST = re.compile(r"list|liste|opstilling", re.IGNORECASE)
# Elements whose content is not part of the paragraph's own text: properties,
# the fallback copy of a drawing, and text boxes (read after the paragraph).
_NOT_TEXT = {_W["pPr"], _W["rPr"], _W["sdtPr"], _W["txbxContent"], _MC_FALLBACK}


def docx_source(
    data: bytes,
    name: str,
    *,
    progress: Progress | None = None,
    limits: ReadLimits = BEYOND_ANY_PLAN,
) -> SourceDocument:
    """The Word document's text as lines.

    Raises UnreadableDocument for a ZIP archive that is not a Word
    document, a damaged one, one that unpacks to too much, one with more
    lines than `limits` allow, or one without text.
    """
    _check_package(data, name)
    with _damage_reported():
        reader = _Reader(docx.Document(io.BytesIO(data)), limits=limits)
    reader.read_body(progress)
    if all(line.blank for line in reader.lines):
        raise UnreadableDocument(str(NO_TEXT))
    return SourceDocument(name=name, kind="docx", lines=reader.lines, pages=reader.page)


@contextmanager
def _damage_reported() -> Iterator[None]:
    """Turn whatever python-docx or lxml raise on a broken document into a message."""
    try:
        yield
    except UnreadableDocument:
        raise
    except Exception as error:
        logger.info("Word document could not be read", exc_info=True)
        raise UnreadableDocument(str(DAMAGED)) from error


def _check_package(data: bytes, name: str) -> None:
    """Refuse a ZIP archive that is not a readable Word document, before python-docx unpacks it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: info for info in archive.infolist()}
            xml = sum(info.file_size for info in members.values() if _is_xml(info.filename))
            unpacked = sum(info.file_size for info in members.values()) - xml
            mimetype = _small_member(archive, members, "mimetype")
            content_types = _small_member(archive, members, "[Content_Types].xml")
    except Exception as error:  # zipfile raises many kinds of error on a broken archive
        logger.info("ZIP archive could not be read", exc_info=True)
        damaged = name.lower().endswith((".docx", ".docm", ".dotx"))
        raise UnreadableDocument(str(DAMAGED if damaged else NOT_WORD)) from error
    if xml > MAX_XML_BYTES:
        raise UnreadableDocument(str(TOO_MUCH_XML % _sizes(xml, MAX_XML_BYTES)))
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(str(TOO_LARGE_UNPACKED % _sizes(unpacked, MAX_UNPACKED_BYTES)))
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise UnreadableDocument(str(OPEN_DOCUMENT))
    if "word/document.xml" not in members:
        raise UnreadableDocument(str(NOT_WORD))
    if b"macroEnabled" in content_types or b"template.main" in content_types:
        raise UnreadableDocument(str(TEMPLATE_OR_MACROS))


def _is_xml(name: str) -> bool:
    """Whether the part is XML (its name says so, as Office names its parts): what is parsed."""
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _sizes(size: int, limit: int) -> dict[str, str | int]:
    return {"size": number_format(round(size / 2**20, 1), decimal_pos=1), "limit": limit // 2**20}


def _small_member(archive: zipfile.ZipFile, members: dict, name: str) -> bytes:
    """A small bookkeeping member of the archive, or b"" when it is missing or oddly large."""
    info = members.get(name)
    if info is None or info.file_size > 2**20:
        return b""
    return archive.read(info)


class _Reader:
    """Walks the document body and collects its lines, counting pages as it goes."""

    def __init__(self, document: Document, *, limits: ReadLimits) -> None:
        self.limits = limits
        self.lines: list[Line] = []
        self.page = 1
        self.body = document.element.body
        # Word writes where it broke the pages when it saved; when it did, those
        # marks count every page, explicit breaks included.
        self.rendered = next(self.body.iter(_W["lastRenderedPageBreak"]), None) is not None
        self.style_names = {style.style_id: style.name or "" for style in document.styles}

    def read_body(self, progress: Progress | None) -> None:
        blocks = list(_blocks(self.body))
        for done, element in enumerate(blocks, start=1):
            with _damage_reported():
                self.block(element, column="")
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(blocks)):
                progress(done, len(blocks))

    def block(self, element: etree._Element, *, column: Column) -> None:
        if element.tag == _W["p"]:
            self.paragraph(element, column=column)
        else:
            self.table(element, column=column)

    def paragraph(self, p: etree._Element, *, column: Column) -> None:
        """The paragraph's lines (one per soft line break), then a blank line."""
        properties = p.find(_W["pPr"])
        if not self.rendered and _has(properties, "pageBreakBefore"):
            self.page += 1
        style = self.style(properties)
        first = True
        for raw in _text(p, rendered=self.rendered).split("\n"):
            leading = len(raw) - len(raw.lstrip("\f"))
            self.page += leading
            line_page = self.page
            self.page += raw.count("\f") - leading
            text = raw.replace("\f", "").strip()
            if text:
                self.add(text, page=line_page, column=column, style=style, block_start=first)
                first = False
            else:
                self.blank(column=column, page=line_page)
                first = True
        self.blank(column=column, page=self.page)
        if not self.rendered and _ends_section_on_new_page(properties):
            self.page += 1
        for box in _text_boxes(p):
            for element in _blocks(box):
                self.block(element, column=column)

    def table(self, tbl: etree._Element, *, column: Column) -> None:
        """Row by row; in a two-column table the left cell is "left" and the right one "right"."""
        rows = [list(_children(tr, _W["tc"])) for tr in _children(tbl, _W["tr"])]
        grid = tbl.find(_W["tblGrid"])
        columns = len(grid.findall(_W["gridCol"])) if grid is not None else 0
        width = columns or max((len(cells) for cells in rows), default=0)
        two_columns = width == 2
        if width > 2 and not column and self.rows(rows):
            return
        for cells in rows:
            sides: tuple[Column, ...] = ("left", "right") if two_columns and len(cells) == 2 else ()
            for index, tc in enumerate(cells):
                if _continues_vertical_merge(tc):
                    continue
                cell_column = column or (sides[index] if sides else "")
                for element in _blocks(tc):
                    self.block(element, column=cell_column)

    def rows(self, rows: list[list[etree._Element]]) -> bool:
        """A table of three or more columns, each row one line with its cells between
        tabs (a merged cell empty), as Word saves such a table as text; only when every
        cell holds one paragraph at most (a table of cells with several paragraphs, such
        as an address block, is read cell by cell)."""
        texts: list[str] = []
        for cells in rows:
            row: list[str] = []
            for tc in cells:
                blocks = list(_blocks(tc))
                if any(block.tag != _W["p"] for block in blocks):
                    return False
                paragraphs = [_text(p, rendered=self.rendered).strip() for p in blocks]
                if len([text for text in paragraphs if text]) > 1:
                    return False
                merged = _continues_vertical_merge(tc)
                text = " ".join(paragraphs)
                row.append("" if merged else " ".join(text.replace("\t", " ").split()))
            texts.append("\t".join(row))
        for text in texts:
            if text.strip():
                self.add(text, page=self.page, column="", style="", block_start=True)
                self.blank(column="", page=self.page)
        return True

    def style(self, properties: etree._Element | None) -> Style:
        """The layout style the paragraph's Word style (English or Danish name) stands for."""
        style_element = properties.find(_W["pStyle"]) if properties is not None else None
        style_id = style_element.get(_W["val"], "") if style_element is not None else ""
        for name in (self.style_names.get(style_id, ""), style_id):
            if _TITLE.match(name):
                return "title"
            heading = _HEADING.search(name)
            if heading:
                level = min(max(int(heading.group(1)), 1), 3)
                return ("heading1", "heading2", "heading3")[level - 1]
            if _LIST.search(name):
                return "list"
        return "list" if _has(properties, "numPr") else ""

    def add(self, text: str, *, page: int, column: Column, style: Style, block_start: bool) -> None:
        refuse_long(len(self.lines) + 1, self.limits)
        self.lines.append(
            Line(
                text=text,
                page=page,
                number=len(self.lines) + 1,
                column=column,
                style=style,
                block_start=block_start,
            )
        )

    def blank(self, *, column: Column, page: int) -> None:
        """A blank line, unless the previous line is blank already (Word's empty paragraphs)."""
        if self.lines and not self.lines[-1].blank:
            refuse_long(len(self.lines) + 1, self.limits)
            self.lines.append(
                Line(
                    text="",
                    page=page,
                    number=len(self.lines) + 1,
                    column=column,
                    blank=True,
                    gap="space",
                )
            )


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables in a body, cell or text box, through content controls."""
    for child in container:
        if child.tag in (_W["p"], _W["tbl"]):
            yield child
        elif child.tag == _W["sdt"]:
            content = child.find(_W["sdtContent"])
            if content is not None:
                yield from _blocks(content)
        elif child.tag == _W["customXml"]:
            yield from _blocks(child)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Child elements with the tag, also inside content controls (rows, cells)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == _W["sdt"]:
            content = child.find(_W["sdtContent"])
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == _W["customXml"]:
            yield from _children(child, tag)


def _text(element: etree._Element, *, rendered: bool) -> str:
    """The paragraph's text: "\\n" for a line break, "\\f" where a page begins."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag == _W["t"]:
            parts.append(child.text or "")
        elif tag in (_W["tab"], _W["ptab"]):
            parts.append("\t")
        elif tag == _W["br"]:
            kind = child.get(_W["type"])
            if kind in (None, "textWrapping"):
                parts.append("\n")
            elif kind == "page" and not rendered:
                parts.append("\f")
        elif tag == _W["cr"]:
            parts.append("\n")
        elif tag == _W["noBreakHyphen"]:
            parts.append("-")
        elif tag == _W["lastRenderedPageBreak"]:
            if rendered:
                parts.append("\f")
        elif tag not in _NOT_TEXT and isinstance(tag, str):
            parts.append(_text(child, rendered=rendered))
    return "".join(parts)


def _text_boxes(element: etree._Element) -> Iterator[etree._Element]:
    """The text boxes anchored in the paragraph (not their fallback copies)."""
    for child in element:
        if child.tag == _W["txbxContent"]:
            yield child
        elif child.tag != _MC_FALLBACK and isinstance(child.tag, str):
            yield from _text_boxes(child)


def _has(properties: etree._Element | None, name: str) -> bool:
    """The paragraph properties hold the element, and it is not switched off."""
    if properties is None:
        return False
    element = properties.find(_W[name])
    return element is not None and element.get(_W["val"], "true") not in ("false", "0", "off")


def _ends_section_on_new_page(properties: etree._Element | None) -> bool:
    section = properties.find(_W["sectPr"]) if properties is not None else None
    if section is None:
        return False
    kind = section.find(_W["type"])
    value = kind.get(_W["val"], "nextPage") if kind is not None else "nextPage"
    return value != "continuous"


def _continues_vertical_merge(tc: etree._Element) -> bool:
    """The cell continues a vertically merged cell above it, so it holds nothing of its own."""
    properties = tc.find(_W["tcPr"])
    merge = properties.find(_W["vMerge"]) if properties is not None else None
    return merge is not None and merge.get(_W["val"], "continue") == "continue"
