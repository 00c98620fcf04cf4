"""Plan files read into numbered lines with the layout hints the parser relies on.

Given a text layer, a PDF or a Word document, when it is read, then each line
has its text, page, column and style, and blank lines and block starts mark
where the layout breaks the text up.
"""

from __future__ import annotations

import codecs
from itertools import pairwise
from pathlib import Path

import pytest
from django.utils import translation
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement

from virkplan.interchange.legacy.readers import NOT_UTF8, source_from_bytes
from virkplan.interchange.legacy.source import Line

from .conftest import Exported
from .files import (
    docx_bytes,
    find,
    pdf_from_html,
    repeated,
    shown,
    texts,
)

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "albertslund-miljo-teknik-2014.txt"
DANISH = "Miljø- og Teknikafdelingen, Ærø, på"


def read(data: bytes, name: str = "plan.txt", **kwargs):
    return source_from_bytes(data, name, **kwargs)


# --- plain text ---------------------------------------------------------------------------


def test_the_reference_text_layer_reads_to_its_lines_with_their_layout_marks():
    source = read(REFERENCE.read_bytes(), REFERENCE.name)

    assert source.kind == "text"
    assert source.encoding == "utf-8"
    assert source.notes == []
    assert len(source.lines) == 1764
    assert [line.number for line in source.lines] == list(range(1, 1765))
    assert source.pages == 1
    line = {line.number: line for line in source.lines}
    # A new text box: the text layer indents its first line by one space.
    assert line[127] == Line(text="Indledning", page=1, number=127, block_start=True)
    assert line[479].text == "Godt i gang – Den engagerede kommune"
    assert line[479].block_start
    assert line[782] == Line(text="Opfølgning:", page=1, number=782, block_start=True)
    assert line[793] == Line(
        text="boligforeninger og borgere.", page=1, number=793, block_start=True
    )
    # A truly empty line is the mark between blocks; a line of spaces lies inside one.
    assert line[781] == Line(text="", page=1, number=781, blank=True, gap="empty")
    assert line[480] == Line(text="", page=1, number=480, blank=True, gap="space")
    assert line[783].gap == "space"
    # Trailing spaces go; the words stay as they were.
    assert line[126].text == "”gæster”."
    assert line[128].text.startswith("Albertslund blev grundlagt")


def test_text_lines_keep_their_flags_whatever_the_line_endings():
    text = "Mål: Vi vil\n\n   \n Dokumentation: Der er\n  to mellemrum\n"
    unix = read(text.encode())
    windows = read(text.replace("\n", "\r\n").encode())
    old_mac = read(text.replace("\n", "\r").encode())

    assert unix.lines == windows.lines == old_mac.lines
    assert unix.lines == [
        Line(text="Mål: Vi vil", page=1, number=1),
        Line(text="", page=1, number=2, blank=True, gap="empty"),
        Line(text="", page=1, number=3, blank=True, gap="space"),
        Line(text="Dokumentation: Der er", page=1, number=4, block_start=True),
        Line(text="  to mellemrum", page=1, number=5),
    ]


def test_form_feeds_start_new_pages():
    text = "Side et\nmere\n\fSide to\n\f\fSide fire\n\f"

    source = read(text.encode())

    assert [(line.text, line.page) for line in source.lines] == [
        ("Side et", 1),
        ("mere", 1),
        ("Side to", 2),
        ("Side fire", 4),
    ]
    assert source.pages == 4


@pytest.mark.parametrize(
    "encoding, shown_as",
    [("cp1252", "Windows-1252"), ("latin-1", "Windows-1252"), ("mac_roman", "Mac OS Roman")],
)
def test_a_danish_file_in_an_old_encoding_reads_back_exactly_with_a_note(encoding, shown_as):
    text = f"{DANISH}\nMål: Vi vil øge trivslen, også i år.\n"

    with translation.override("en"):
        source = read(text.encode(encoding))

    assert texts(source.lines) == text.splitlines()
    assert source.encoding in ("cp1252", "mac_roman")
    with translation.override("en"):
        assert source.notes == [str(NOT_UTF8 % {"encoding": shown_as})]
    assert shown_as in source.notes[0]


def test_a_file_in_a_non_western_encoding_is_left_to_charset_normalizer():
    text = "Мы хотим создать больше рабочих мест.\nЦель: чистый воздух и зелёные парки.\n"

    with translation.override("en"):
        source = read(text.encode("cp1251"))

    assert texts(source.lines) == text.splitlines()
    assert source.encoding == "cp1251"
    assert "CP1251" in source.notes[0]


def test_a_latin_1_paragraph_reads_back_exactly():
    source = read(DANISH.encode("latin-1"))

    assert texts(source.lines) == [DANISH]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + DANISH.encode(),
        DANISH.encode("utf-16"),
        DANISH.encode(),
    ],
    ids=["utf-8 with BOM", "utf-16 with BOM", "utf-8"],
)
def test_unicode_files_read_without_a_note(data):
    source = read(data)

    assert texts(source.lines) == [DANISH]
    assert source.notes == []


def test_a_pdf_or_word_file_is_recognised_by_its_content_not_its_name():
    pdf = pdf_from_html("<p>Mål: Vi vil skabe flere job.</p>")
    docx = docx_bytes(lambda document: document.add_paragraph("Mål: Vi vil skabe flere job."))

    assert read(pdf, "plan.txt").kind == "pdf"
    assert read(docx, "plan.pdf").kind == "docx"
    assert read(b"M\xe5l: Vi vil skabe flere job.", "plan.docx").kind == "text"


# --- PDF ----------------------------------------------------------------------------------

TWO_COLUMNS = """
<h1>Virksomhedsplan 2026</h1>
<h2>Klima og miljø</h2>
<p>Kommunen arbejder for en grøn omstilling, og afdelingen har en stor rolle i den.
Derfor er der sat mål for energi, affald og natur, som følges op hvert år.</p>
<p>Mål: Vi vil spare på energien i de kommunale bygninger, så udledningen falder
år for år og regningen bliver mindre.</p>
<table class="{table_class}">
  <tr><th>Dokumentation</th><th>Opfølgning</th></tr>
  <tr><td><p>Energiforbruget i skolerne er faldet med tre procent, målt over hele året
  og korrigeret for vejret.</p></td>
  <td><p>Skolerne har fået nye ventilationsanlæg og LED-belysning, og forbruget er
  faldet som planlagt.</p><p>Resten af bygningerne følger i 2027.</p></td></tr>
  <tr><td><p>Der er lavet en plan for solceller på rådhuset.</p></td>
  <td><p>Planen er vedtaget, og udbuddet er sendt ud i foråret.</p></td></tr>
</table>
<p>Mål: Vi vil sortere mere affald.</p>
"""


@pytest.mark.parametrize("table_class", ["ruled", "plain"])
def test_a_two_column_table_is_read_row_by_row_left_cell_before_right(table_class):
    source = read(pdf_from_html(TWO_COLUMNS.format(table_class=table_class)), "plan.pdf")
    lines = source.lines

    goal = find(lines, "Mål: Vi vil spare på energien")
    header_left = find(lines, "Dokumentation", start=goal)
    header_right = find(lines, "Opfølgning", start=goal)
    first_left = find(lines, "Energiforbruget i skolerne er faldet")
    first_right = find(lines, "Skolerne har fået nye ventilationsanlæg")
    first_right_more = find(lines, "Resten af bygningerne følger i 2027.")
    second_left = find(lines, "Der er lavet en plan for solceller")
    second_right = find(lines, "Planen er vedtaget")
    next_goal = find(lines, "Mål: Vi vil sortere mere affald.")

    assert lines[goal].column == ""
    assert goal < header_left < header_right < first_left < first_right
    assert first_right < first_right_more < second_left < second_right < next_goal
    left = [first_left, first_left + 1, second_left]
    right = [first_right, first_right + 1, first_right_more, second_right]
    assert [lines[i].column for i in [header_left, *left]] == ["left"] * 4
    assert [lines[i].column for i in [header_right, *right]] == ["right"] * 5
    assert lines[next_goal].column == ""
    # Each cell and each paragraph in a cell starts a block, after a blank line.
    for index in (header_left, header_right, first_left, first_right, first_right_more):
        assert lines[index].block_start
        assert lines[index - 1].blank
    assert not lines[first_left + 1].block_start
    assert not lines[first_right + 1].block_start


def test_pdf_lines_carry_page_headings_paragraphs_and_running_heads():
    body = TWO_COLUMNS.format(table_class="ruled") + '<p style="break-before: page">Slut.</p>'
    source = read(pdf_from_html(body), "plan.pdf")
    lines = source.lines

    assert source.kind == "pdf"
    assert source.pages == 2
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    title = next(i for i, line in enumerate(lines) if line.text == "Virksomhedsplan 2026")
    area = find(lines, "Klima og miljø")
    # The largest heading, on the first page only, is the title; the next size is heading 1.
    assert lines[title].style == "title"
    assert lines[area].style == "heading1"
    paragraph = find(lines, "Kommunen arbejder for en grøn omstilling")
    assert lines[paragraph].block_start and lines[paragraph].style == ""
    assert lines[paragraph - 1] == Line(text="", page=1, number=paragraph, blank=True, gap="space")
    assert not lines[paragraph + 1].block_start and not lines[paragraph + 1].blank
    # The running head is kept, on the page it stands on, as one full-width line.
    heads = [line for line in lines if line.text.startswith("Virksomhedsplan 2026 · Byg")]
    assert [
        (line.page, line.column, line.text.endswith(f"Side {line.page}")) for line in heads
    ] == [
        (1, "", True),
        (2, "", True),
    ]
    assert lines[find(lines, "Slut.")].page == 2


@pytest.mark.django_db
def test_a_follow_up_row_of_our_own_pdf_reads_documentation_left_then_follow_up_right(
    exported: Exported,
):
    calls: list[tuple[int, int]] = []
    source = read(
        exported.pdf, "plan.pdf", progress=lambda done, total: calls.append((done, total))
    )
    lines = source.lines

    assert calls == [(page, source.pages) for page in range(1, source.pages + 1)]
    assert lines[find(lines, exported.title)].style == "title"
    # The status chart labels its bars with the focus areas, as text in the drawing.
    chart_pages = {line.page for line in lines if line.text == "Statusoverblik"}
    for area in exported.focus_areas:
        read_as = {
            line.style for line in lines if line.text == area and line.page not in chart_pages
        }
        assert read_as == {"heading2"}
    checked = 0
    position = 0
    for row in exported.rows:
        goal = find(lines, "Mål: " + row.goal, start=position)
        criteria = [find(lines, text, start=goal) for text in row.criteria]
        # A follow-up may begin with the words of its criterion: look after the criteria.
        after = max(criteria) + 1
        follow_ups = [find(lines, shown(text), start=after) for text in row.follow_ups]
        if lines[criteria[0]].page != lines[follow_ups[-1]].page:
            continue  # a row too long for its page goes on over the next
        assert {lines[i].column for i in criteria} == {"left"}
        assert {lines[i].column for i in follow_ups} == {"right"}
        # The whole documentation cell comes before the follow-up cell.
        between = lines[criteria[0] : min(follow_ups)]
        first_right = next(i for i, line in enumerate(between) if line.column == "right")
        assert {line.column for line in between[:first_right]} == {"left"}
        position = goal
        checked += 1
    assert exported.rows and checked >= 0.9 * len(exported.rows)


def test_a_500_page_pdf_is_read_page_by_page():
    page = pdf_from_html(
        "<h2>Indsatsområde</h2><p>Mål: Vi vil skabe flere job.</p><p>Dokumentation: Der er.</p>"
    )
    pdf = repeated(page, 500)
    calls: list[tuple[int, int]] = []

    source = read(pdf, "lang.pdf", progress=lambda done, total: calls.append((done, total)))

    assert source.pages == 500
    assert calls[-1] == (500, 500) and len(calls) == 500
    goals = [line for line in source.lines if line.text == "Mål: Vi vil skabe flere job."]
    assert [line.page for line in goals] == list(range(1, 501))


# --- Word ---------------------------------------------------------------------------------


def _plan_in_word(document) -> None:
    document.add_paragraph("Virksomhedsplan 2026", style="Title")
    overskrift = document.styles.add_style("Overskrift 1", WD_STYLE_TYPE.PARAGRAPH)
    overskrift.base_style = document.styles["Heading 1"]
    document.add_paragraph("Klima og miljø", style="Overskrift 1")
    paragraph = document.add_paragraph("Mål: Vi vil spare på energien")
    paragraph.add_run().add_break()  # a soft line break (Shift+Enter)
    paragraph.add_run("i de kommunale bygninger.")
    document.add_paragraph("Skoler", style="List Bullet")
    document.add_paragraph("")
    document.add_paragraph("")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Dokumentation", "Opfølgning"
    table.cell(1, 0).text = "Energiforbruget er faldet."
    table.cell(1, 1).text = "Ikke vurderet"
    table.cell(1, 1).add_paragraph("Nye ventilationsanlæg er sat op.")
    table.cell(2, 0).text = "Der er lavet en plan for solceller."
    table.cell(2, 1).text = "Planen er vedtaget."
    document.add_paragraph("Efter tabellen.").runs[0].add_break(WD_BREAK.PAGE)
    document.add_paragraph("Side to.")
    wide = document.add_table(rows=2, cols=3)
    for row, values in enumerate([["Område", "Mål", "Opfyldt"], ["Klima", "4", "3"]]):
        for column, value in enumerate(values):
            wide.cell(row, column).text = value


def test_a_word_document_reads_in_body_order_with_styles_cells_and_pages():
    calls: list[tuple[int, int]] = []
    source = read(
        docx_bytes(_plan_in_word),
        "plan.docx",
        progress=lambda done, total: calls.append((done, total)),
    )
    lines = source.lines

    assert source.kind == "docx"
    assert calls and calls[-1][0] == calls[-1][1]
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    shown_lines = [
        (line.text, line.style, line.column, line.block_start, line.page)
        for line in lines
        if not line.blank
    ]
    assert shown_lines == [
        ("Virksomhedsplan 2026", "title", "", True, 1),
        ("Klima og miljø", "heading1", "", True, 1),
        ("Mål: Vi vil spare på energien", "", "", True, 1),
        ("i de kommunale bygninger.", "", "", False, 1),
        ("Skoler", "list", "", True, 1),
        ("Dokumentation", "", "left", True, 1),
        ("Opfølgning", "", "right", True, 1),
        ("Energiforbruget er faldet.", "", "left", True, 1),
        ("Ikke vurderet", "", "right", True, 1),
        ("Nye ventilationsanlæg er sat op.", "", "right", True, 1),
        ("Der er lavet en plan for solceller.", "", "left", True, 1),
        ("Planen er vedtaget.", "", "right", True, 1),
        ("Efter tabellen.", "", "", True, 1),
        ("Side to.", "", "", True, 2),
        # A table of three or more columns: a row a line, its cells between tabs.
        ("Område\tMål\tOpfyldt", "", "", True, 2),
        ("Klima\t4\t3", "", "", True, 2),
    ]
    assert source.pages == 2
    # Each paragraph is followed by a blank line; Word's empty paragraphs add no more.
    assert lines[lines.index(next(line for line in lines if line.text == "Skoler")) + 1].blank
    assert not any(a.blank and b.blank for a, b in pairwise(lines))
    assert {line.gap for line in lines if line.blank} == {"space"}


def test_paragraphs_inside_a_word_content_control_are_read_in_place():
    def build(document) -> None:
        document.add_paragraph("Før.")
        control = OxmlElement("w:sdt")
        content = OxmlElement("w:sdtContent")
        control.append(content)
        inside = document.add_paragraph("I et indholdskontrolelement.")
        content.append(inside._p)
        document.element.body.insert(len(document.element.body) - 1, control)
        document.add_paragraph("Efter.")

    lines = read(docx_bytes(build), "plan.docx").lines

    assert texts(lines) == ["Før.", "I et indholdskontrolelement.", "Efter."]


@pytest.mark.django_db
def test_our_own_word_export_reads_documentation_left_then_follow_up_right(
    exported: Exported,
):
    lines = read(exported.docx, "plan.docx").lines

    assert lines[find(lines, exported.title)].style == "title"
    for area in exported.focus_areas:
        # The contents list names it too, in a style of its own.
        assert "heading2" in {line.style for line in lines if line.text == area}
    position = 0
    for row in exported.rows:
        goal = find(lines, "Mål: " + row.goal, start=position)
        assert lines[goal].style.startswith("heading")
        criteria = [find(lines, text, start=goal) for text in row.criteria]
        # A follow-up may begin with the words of its criterion: look after the criteria.
        after = max(criteria) + 1
        follow_ups = [find(lines, shown(text), start=after) for text in row.follow_ups]
        assert {lines[i].column for i in criteria} == {"left"}
        assert {lines[i].column for i in follow_ups} == {"right"}
        position = goal
