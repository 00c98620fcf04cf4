"""The Word document laid out as the PDF: its contents, pages, rows, font and chart.

The files are the untouched demo's (tests/documents.py), taken apart as Word reads them:
python-docx and the XML in the zip.
"""

import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from .conftest import PLAN_2012, PLAN_2014, danish

# The documents are made in the test database (tests/documents.py), set up for this module too
pytestmark = pytest.mark.django_db

PRINT_CSS = Path(__file__).resolve().parents[2] / "src/virkplan/reports/static/reports/print.css"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHART_DESCRIPTION = (
    "Chart: goals by status for each focus area. The numbers are in the table below."
)


# The cases the contents are checked in: (plan, with the previous plan's follow-up)
CASES = [(PLAN_2014, False), (PLAN_2012, False), (PLAN_2014, True)]


@pytest.fixture(scope="module")
def word_files(demo_documents) -> dict[tuple[str, bool], bytes]:
    """The untouched demo's Word files of the CASES (made once for the session)."""
    return {
        (key, with_follow_up): demo_documents.get(key, "docx", with_follow_up=with_follow_up)
        for key, with_follow_up in CASES
    }


@pytest.fixture(scope="module")
def pdf_files(demo_documents) -> dict[tuple[str, bool], bytes]:
    """The untouched demo's PDFs of the CASES (made once for the session)."""
    return {
        (key, with_follow_up): demo_documents.get(key, "pdf", with_follow_up=with_follow_up)
        for key, with_follow_up in CASES
    }


def outline(pdf: bytes) -> list[tuple[str, int]]:
    """The PDF's bookmarks in document order: (title, page from 1)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def contents_lines(document: DocumentObject) -> list[tuple[str, str, str, str]]:
    """Each line of the contents field's result: style, text, bookmark linked to, page shown."""
    lines = []
    for paragraph in document.paragraphs:
        if paragraph.style is None or not paragraph.style.name.startswith("toc "):
            continue
        (link,) = paragraph._p.findall(f"{W}hyperlink")
        texts = [t.text for t in link.iter(f"{W}t")]
        instruction = "".join(t.text for t in link.iter(f"{W}instrText")).split()
        assert instruction[:2] == ["PAGEREF", link.get(qn("w:anchor"))]
        lines.append((paragraph.style.name, texts[0], link.get(qn("w:anchor")), texts[-1]))
    return lines


@pytest.mark.parametrize(("key", "with_follow_up"), CASES)
def test_contents_show_the_pdfs_page_numbers_without_asking_word_to_update(
    word_files, pdf_files, key, with_follow_up
) -> None:
    docx, pdf = word_files[key, with_follow_up], pdf_files[key, with_follow_up]
    document = Document(io.BytesIO(docx))
    # Word is not asked to update fields when the file opens: no prompt for the reader
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        assert b"updateFields" not in package.read("word/settings.xml")
    # The contents are a real TOC field Word can refresh, its result already written out
    instructions = [t.text.strip() for t in document.element.body.iter(f"{W}instrText")]
    assert instructions.count('TOC \\o "1-2" \\h \\z \\u') == 1
    lines = contents_lines(document)
    levels = ("Heading 1", "Heading 2")
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name in levels]
    assert len(lines) >= 5
    # Each line names a part or focus area heading, level for level, in order
    expected_levels = {"toc 1": "Heading 1", "toc 2": "Heading 2"}
    listed = [(expected_levels[style], text) for style, text, _mark, _page in lines]
    assert [h for h in headings if h in listed] == listed
    # ... links to a bookmark on that heading ...
    for _style, text, mark, _page in lines:
        marked = [
            p
            for p in document.paragraphs
            if any(b.get(qn("w:name")) == mark for b in p._p.iter(f"{W}bookmarkStart"))
        ]
        assert [p.text for p in marked] == [text]
    # ... and shows the page the PDF of the same plan starts it on
    bookmarks = outline(pdf)
    position = 0
    for _style, text, _mark, page in lines:
        titles = [title for title, _page in bookmarks[position:]]
        position += titles.index(text)
        assert page == str(bookmarks[position][1]), text
        position += 1
    # In page order
    pages = [int(page) for _style, _text, _mark, page in lines]
    assert pages == sorted(pages)


def test_pages_break_where_the_pdfs_do(word_files) -> None:
    document = Document(io.BytesIO(word_files[PLAN_2014, True]))
    starts = {
        p.text: bool(p.paragraph_format.page_break_before)
        for p in document.paragraphs
        if p.style.name in ("Heading 1", "Heading 2", "TOC Heading")
    }
    # The contents and each part start a page; focus areas follow on, as in print.css
    assert starts[danish("Contents")]
    assert starts[danish("Focus areas")]
    assert starts[danish("Follow-up of %(plan)s", plan="Virksomhedsplan 2012–2013")]
    for title in (
        "Bo i Albertslund – Den attraktive kommune",
        "Godt i gang – Den engagerede kommune",
        "Aktivt medborgerskab",
        "Sundhed og forebyggelse",
    ):
        assert starts[title] is False, title
    # The page and margins are print.css's
    section = document.sections[0]
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    css = (PRINT_CSS.read_text()).split("@page {", 1)[1]
    page_margins = re.search(r"margin: (\d+)mm (\d+)mm (\d+)mm (\d+)mm;", css)
    assert page_margins
    assert [round(m.mm) for m in margins] == [int(m) for m in page_margins.groups()]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_follow_up_rows_never_split_across_pages(word_files) -> None:
    document = Document(io.BytesIO(word_files[PLAN_2012, False]))
    tables = [
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == [danish("Documentation"), danish("Follow-up")]
    ]
    assert len(tables) >= 10
    for table in tables:
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
        for row in table.rows:
            assert row._tr.xpath("./w:trPr/w:cantSplit"), row.cells[0].text


def test_every_style_and_run_is_in_the_pdfs_font(word_files) -> None:
    docx = word_files[PLAN_2012, False]
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        parts = {name: package.read(name) for name in ("word/styles.xml", "word/document.xml")}
    from lxml import etree

    fonts = [
        element
        for content in parts.values()
        for element in etree.fromstring(content).iter(f"{W}rFonts")
    ]
    assert fonts
    for element in fonts:
        # No theme font (Calibri, Cambria) for any script: Latin, East Asian, complex
        assert not [a for a in element.attrib if a.endswith("Theme")]
        scripts = [element.get(f"{W}{s}") for s in ("ascii", "hAnsi", "eastAsia", "cs")]
        assert scripts == ["IBM Plex Sans"] * 4 or scripts[0] == "Consolas", scripts
    document = Document(io.BytesIO(docx))
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "toc 1"):
        style = document.styles[name]
        while style.font.name is None:
            style = style.base_style
        assert style.font.name == "IBM Plex Sans", name
    assert document.styles["Normal"].font.size.pt == 10
    assert document.styles["Heading 1"].font.size.pt == 18


def test_status_chart_is_a_picture_with_a_text_alternative_beside_its_table(
    word_files,
) -> None:
    docx = word_files[PLAN_2012, False]
    document = Document(io.BytesIO(docx))
    (shape,) = document.inline_shapes
    assert round(shape.width.mm) == 78
    properties = shape._inline.docPr
    assert properties.get("descr") == danish(CHART_DESCRIPTION)
    image = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.content_type == "image/png"
    assert image.blob.startswith(b"\x89PNG")
    # Its numbers follow as a table: the goals counted per focus area
    body = list(document.element.body)
    picture = next(n for n, e in enumerate(body) if e.xpath(".//wp:docPr"))
    table = next(e for e in body[picture:] if e.tag == f"{W}tbl")
    assert danish("Focus area") in "".join(table.itertext())
    assert "Aktivt medborgerskab" in "".join(table.itertext())


def test_the_font_is_embedded_so_the_document_shows_in_it_everywhere(word_files) -> None:
    docx = word_files[PLAN_2014, False]
    from fontTools.ttLib import TTFont
    from lxml import etree

    from virkplan.reports.docx_ooxml import obfuscate_font
    from virkplan.reports.pdf import font_file

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        settings = etree.fromstring(package.read("word/settings.xml"))
        assert settings.find(f"{W}embedTrueTypeFonts") is not None
        fonts = etree.fromstring(package.read("word/fontTable.xml"))
        relationships = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in relationships}
        types = package.read("[Content_Types].xml").decode()
        (plex,) = [f for f in fonts.iter(f"{W}font") if f.get(f"{W}name") == "IBM Plex Sans"]
        faces = {}
        for face in ("Regular", "Bold", "Italic", "BoldItalic"):
            (embedded,) = plex.iter(f"{W}embed{face}")
            rid = embedded.get(qn("r:id"))
            stored = package.read("word/" + targets[rid].lstrip("/").removeprefix("word/"))
            # Obfuscated as Word expects: undone with its key, it is the typeface's file
            faces[face] = obfuscate_font(stored, embedded.get(f"{W}fontKey"))
            assert stored[:32] != faces[face][:32]
        assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in types
    assert faces["Regular"] == font_file("IBMPlexSans-Regular.ttf").read_bytes()
    for face, data in faces.items():
        font = TTFont(io.BytesIO(data))
        assert font["name"].getDebugName(1) == "IBM Plex Sans", face
        assert font["OS/2"].fsType == 0  # embedding allowed, editable
