"""Tables drawn with ruling lines in a PDF are read cell by cell, as Word reads them:
cells of a row never mix with those beside them, whatever the number and widths of
the columns, on a page of one column or of two."""

from __future__ import annotations

from virkplan.interchange.legacy import pdf_tables
from virkplan.interchange.legacy.readers import source_from_bytes

from .files import PAGE_CSS, find, pdf_from_html

GRID_CSS = (
    PAGE_CSS
    + """
table.grid td { border: 0.5pt solid #777; width: auto; }
.narrow td:first-child { width: 20%; } .wide td:first-child { width: 65%; }
.columns { column-count: 2; column-gap: 8mm; column-fill: auto; height: 240mm; }
"""
)

THREE_COLUMNS = """
<h1>Handleplan for vandværket</h1>
<p>Her er årets indsatser og hvordan de gik.</p>
<table class="grid">
<tr><td>Indsats</td><td>Succeskriterium</td><td>Status</td></tr>
<tr><td>Nye målere hos alle forbrugere i landdistriktet</td>
<td>Alle målere kan aflæses på afstand ved udgangen af året</td>
<td>Opfyldt: de sidste målere blev sat op i november</td></tr>
<tr><td>Færre brud på ledningerne</td><td>Højst ti brud om året</td>
<td>Ikke opfyldt</td></tr>
</table>
<p>Vandværket følger op hvert kvartal.</p>
"""

TWO_WIDTHS = """
<h1>Plan for genbrugspladsen</h1>
<table class="grid narrow">
<tr><td>Mål</td><td>Status</td></tr>
<tr><td>Vi vil åbne om lørdagen.</td><td>Pladsen har haft åbent hver lørdag siden marts.</td></tr>
</table>
<p>Næste tabel viser affaldet.</p>
<table class="grid wide">
<tr><td>Mål</td><td>Status</td></tr>
<tr><td>Vi vil sortere haveaffald for sig og sende det til kompostering.</td>
<td>Det sker nu.</td></tr>
</table>
"""


def _lines(body: str) -> list:
    return source_from_bytes(pdf_from_html(body, GRID_CSS), "plan.pdf").lines


def test_a_table_of_three_columns_reads_a_line_per_row_with_its_cells_between_tabs():
    lines = _lines(THREE_COLUMNS)
    rows = [line.text for line in lines if "\t" in line.text]

    assert rows == [
        "Indsats\tSucceskriterium\tStatus",
        "Nye målere hos alle forbrugere i landdistriktet\tAlle målere kan aflæses på "
        "afstand ved udgangen af året\tOpfyldt: de sidste målere blev sat op i november",
        "Færre brud på ledningerne\tHøjst ti brud om året\tIkke opfyldt",
    ]
    before = find(lines, "Her er årets indsatser")
    first = find(lines, "Indsats\t")
    after = find(lines, "Vandværket følger op")
    assert before < first < after
    assert all(lines[i].column == "" for i in (before, first, after))


def test_two_tables_with_different_column_widths_read_left_cell_then_right_each():
    lines = _lines(TWO_WIDTHS)
    pairs = [
        ("Vi vil åbne om lørdagen.", "Pladsen har haft åbent hver lørdag siden marts."),
        ("Vi vil sortere haveaffald for sig og sende det til kompostering.", "Det sker nu."),
    ]
    joined = [
        " ".join(line.text for line in lines if line.column == side) for side in ("left", "right")
    ]
    for left, right in pairs:
        assert left in joined[0]
        assert right in joined[1]
    between = find(lines, "Næste tabel viser affaldet.")
    assert lines[between].column == ""
    assert find(lines, "Det sker nu.") > between > find(lines, "Pladsen har haft åbent")


def test_a_table_in_a_column_of_a_two_column_page_keeps_its_place_in_that_column():
    body = (
        "<div class='columns'><h2>Drift</h2><p>"
        + "Driften af pladsen går godt, og der kommer flere besøgende hvert år. " * 3
        + "</p>"
        + THREE_COLUMNS.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
        + "<p>"
        + "Næste år ser vi på åbningstiderne igen og spørger de besøgende. " * 25
        + "</p></div>"
    )
    lines = _lines(body)
    rows = [line.text.split("\t") for line in lines if "\t" in line.text]

    assert [row[0] for row in rows] == [
        "Indsats",
        "Nye målere hos alle forbrugere i landdistriktet",
        "Færre brud på ledningerne",
    ]
    assert rows[2] == ["Færre brud på ledningerne", "Højst ti brud om året", "Ikke opfyldt"]
    assert find(lines, "Her er årets indsatser") < find(lines, "Indsats\t")
    assert find(lines, "Færre brud") < find(lines, "Vandværket følger op")


def test_a_page_with_more_drawn_than_a_plans_tables_is_read_without_looking_for_tables(
    monkeypatch,
):
    # Given a page with more lines and boxes drawn than the reader looks through
    monkeypatch.setattr(pdf_tables, "MAX_DRAWN", 3)
    # when it is read, then its words are still read, line by line, and no table is made
    lines = _lines(THREE_COLUMNS)
    assert not [line for line in lines if "\t" in line.text]
    assert find(lines, "Vandværket følger op") > find(lines, "Her er årets indsatser")
