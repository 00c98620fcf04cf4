"""The pieces of Word's XML that reports.docx needs and python-docx has no API for.

Fields (page numbers, the contents), bookmarks and hyperlinks to them, table
rows that stay whole and repeat as headers, shading, one font for every
style and embedded in the file, and a picture's text alternative.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree


def _field_char(run: Run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _instruction(run: Run, instruction: str) -> None:
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)


def field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (a page number) whose result Word fills in; `shown` until it does."""
    _field_char(paragraph.add_run(), "begin")
    _instruction(paragraph.add_run(), instruction)
    _field_char(paragraph.add_run(), "separate")
    if shown:
        paragraph.add_run(shown)
    _field_char(paragraph.add_run(), "end")


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark around the paragraph's text, for the contents' links and page references."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    properties = paragraph._p.pPr
    paragraph._p.insert(1 if properties is not None else 0, start)
    paragraph._p.append(end)


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: a heading, the bookmark on it and the page it starts on."""

    level: int
    text: str
    bookmark: str
    page: int | None


def contents_styles(document: DocumentObject, *, text_width: Length) -> None:
    """Word's own styles for contents lines ("toc 1", "toc 2"): the page number right, dotted."""
    for level in (1, 2):
        style = document.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
        style.element.set(qn("w:styleId"), f"TOC{level}")
        style.base_style = document.styles["Normal"]
        style.next_paragraph_style = document.styles["Normal"]
        layout = style.paragraph_format
        layout.left_indent = Mm(5) * (level - 1)
        layout.space_after = Mm(1.5)
        layout.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def contents(before: Paragraph, instruction: str, entries: Sequence[ContentsEntry]) -> None:
    """A table of contents field before `before`, its result already written out.

    Each line links to its heading's bookmark and shows its page in a PAGEREF field,
    as Word writes them itself, so Word can refresh the field and need not: the lines
    and numbers are there when the document is opened.
    """
    if not entries:
        field(before, instruction)
        return
    for n, entry in enumerate(entries):
        line = before.insert_paragraph_before(style=f"toc {entry.level}")
        if n == 0:
            _field_char(line.add_run(), "begin")
            _instruction(line.add_run(), instruction)
            _field_char(line.add_run(), "separate")
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), entry.bookmark)
        link.set(qn("w:history"), "1")
        runs = [line.add_run(entry.text), line.add_run("\t")]
        if entry.page is not None:
            runs.append(line.add_run())
            _field_char(runs[-1], "begin")
            runs.append(line.add_run())
            _instruction(runs[-1], f"PAGEREF {entry.bookmark} \\h")
            runs.append(line.add_run())
            _field_char(runs[-1], "separate")
            runs.append(line.add_run(str(entry.page)))
            runs.append(line.add_run())
            _field_char(runs[-1], "end")
        for run in runs:
            link.append(run._r)
        line._p.append(link)
    _field_char(before.add_run(), "end")


def keep_rows_whole(table: Table) -> None:
    """No row breaks across a page: a row that does not fit moves whole to the next."""
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        if properties.find(qn("w:cantSplit")) is None:
            properties.append(OxmlElement("w:cantSplit"))


def repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def set_widths(table: Table, widths: Sequence[Length]) -> None:
    """Column widths, in the table's grid and in each cell, as Word and LibreOffice read them."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def text_upwards(cell: _Cell) -> None:
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "btLr")
    cell._tc.get_or_add_tcPr().append(direction)


def set_language(document: DocumentObject, tag: str) -> None:
    """The language Word checks spelling in."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(qn("w:rPrDefault"))
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)


def use_font(document: DocumentObject, font: str) -> None:
    """Every style in one font, for every script: the template's theme fonts are dropped."""
    for element in document.styles.element.iter(qn("w:rFonts")):
        for attribute in list(element.attrib):
            if attribute.endswith("Theme"):
                del element.attrib[attribute]
        for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            element.set(qn(script), font)


def describe_picture(run: Run, description: str) -> None:
    """The text alternative screen readers say for the picture in `run`."""
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", description)


OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# What may come before w:embedTrueTypeFonts in settings.xml (ECMA-376's order for CT_Settings).
_SETTINGS_BEFORE_EMBEDDING = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
)


def obfuscate_font(data: bytes, key: str) -> bytes:
    """A font file as Word embeds it (ECMA-376 Part 1, 17.8.1): its first 32 bytes XORed
    with the bytes of the GUID `key`, in reverse order. The same call undoes it."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ guid[n % 16] for n, byte in enumerate(data[:32]))
    return head + data[32:]


def embed_font(document: DocumentObject, family: str, faces: dict[str, bytes]) -> None:
    """Embed the family's TrueType files in the document, so it shows in that font where the
    font is not installed. `faces`: "Regular", "Bold", "Italic", "BoldItalic" to its file."""
    if not faces:
        return
    table = document.part.part_related_by(RT.FONT_TABLE)
    fonts = etree.fromstring(table.blob)
    font = next((f for f in fonts.iter(qn("w:font")) if f.get(qn("w:name")) == family), None)
    if font is None:
        font = OxmlElement("w:font")
        font.set(qn("w:name"), family)
        fonts.append(font)
        for tag, value in (("w:charset", "00"), ("w:family", "swiss"), ("w:pitch", "variable")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            font.append(element)
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        if face not in faces:
            continue
        # The same key each time, so the same plan gives the same bytes (and ETag).
        key = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"virkplan:{family}:{face}")).upper() + "}"
        name = PackURI(f"/word/fonts/{family.replace(' ', '')}-{face}.odttf")
        part = Part(name, OBFUSCATED_FONT, obfuscate_font(faces[face], key), table.package)
        embedded = OxmlElement(f"w:embed{face}")
        embedded.set(qn("r:id"), table.relate_to(part, RT.FONT))
        embedded.set(qn("w:fontKey"), key)
        font.append(embedded)
    table._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = document.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        before = [c for c in settings if etree.QName(c).localname in _SETTINGS_BEFORE_EMBEDDING]
        index = settings.index(before[-1]) + 1 if before else 0
        settings.insert(index, OxmlElement("w:embedTrueTypeFonts"))
