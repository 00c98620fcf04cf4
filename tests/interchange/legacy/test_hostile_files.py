"""Files built to exhaust a reader are refused by the readers' limits, before the costly part.

Given a file that is small on the wire and huge once read (see hostile.py),
when it is read, then it is refused with a message that names the limit and
says what to do, and the refusal comes from what can be counted cheaply (a
ZIP directory, a PDF's page tree, PDFium's count of a page's characters,
the number of lines), never after the work the limit is there to prevent.
How fast each refusal comes is measured in benchmarks/bench_hostile_uploads.py.
The PDF whose content stream inflates to a gigabyte is stopped by the child
process's memory limit: test_isolation.py.
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.utils import translation
from pdfminer.pdfpage import PDFPage

from virkplan.interchange.legacy import docx_reader, pdf_reader, source
from virkplan.interchange.legacy.readers import source_from_bytes
from virkplan.interchange.legacy.source import ReadLimits, UnreadableDocument

from .files import docx_bytes, pdf_from_html, texts
from .hostile import docx_unpacking_to, long_text, pdf_claiming_pages, pdf_with_a_crowded_page

UPLOADS = ReadLimits(pages=150, lines=50_000, page_characters=30_000)
"""The upload page's default limits."""


def refusal(data: bytes, name: str, limits: ReadLimits = UPLOADS) -> str:
    with translation.override("en"), pytest.raises(UnreadableDocument) as raised:
        source_from_bytes(data, name, limits=limits)
    return raised.value.message


def english(message, **values) -> str:
    with translation.override("en"):
        return str(message % values)


@pytest.fixture
def nothing_unpacked(monkeypatch):
    """Fails the test if python-docx opens the archive or pdfminer lists a PDF's pages."""

    def unpacked(*args, **kwargs):
        raise AssertionError("the file was unpacked before it was refused")

    monkeypatch.setattr(docx, "Document", unpacked)
    monkeypatch.setattr(PDFPage, "create_pages", unpacked)


# --- Word ---------------------------------------------------------------------------------


def test_a_word_document_whose_xml_unpacks_to_30_mb_is_refused_from_the_zip_directory(
    nothing_unpacked,
):
    # Given a Word document of about 140 KB whose XML unpacks to 30 MB
    bomb = docx_unpacking_to(30 * 2**20)
    assert len(bomb) < 200 * 2**10
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        xml = sum(
            info.file_size
            for info in archive.infolist()
            if info.filename.endswith((".xml", ".rels"))
        )
    assert xml > 30 * 2**20
    # When it is read, then it is refused before anything is unpacked, with the size
    message = refusal(bomb, "plan.docx")
    size = f"{xml / 2**20:.1f}"
    assert message == english(docx_reader.TOO_MUCH_XML, size=size, limit=20)
    assert f"{size} MB" in message and "at most 20 MB" in message


def test_pictures_are_not_counted_as_xml():
    # Given a Word document holding a 25 MB picture and a few lines of text
    plain = docx_bytes(lambda document: document.add_paragraph("Mål: Vi vil skabe job."))
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/media/image1.png"] = bytes(25 * 2**20)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    # When it is read, then its text is read: the picture is within the pictures' limit
    assert texts(source_from_bytes(out.getvalue(), "plan.docx", limits=UPLOADS).lines) == [
        "Mål: Vi vil skabe job."
    ]


def test_a_word_document_with_more_lines_than_the_limit_is_refused_naming_the_limit():
    many = docx_bytes(lambda document: [document.add_paragraph(f"Linje {n}.") for n in range(12)])

    message = refusal(many, "plan.docx", ReadLimits(lines=10))

    assert message == english(source.TOO_MANY_LINES, limit="10")


# --- PDF ----------------------------------------------------------------------------------


def test_a_tiny_pdf_with_600000_characters_on_a_page_is_refused_before_pdfplumber_reads_it(
    nothing_unpacked,
):
    # Given a PDF of a few kilobytes whose one page holds 600,000 characters
    crowded = pdf_with_a_crowded_page(600_000)
    assert len(crowded) < 8 * 2**10
    # When it is read, then it is refused naming the page and the limit
    message = refusal(crowded, "plan.pdf")
    assert message.startswith("Page 1 of the PDF holds 60")
    assert "at most 30,000 characters a page" in message


def test_the_crowded_page_is_named_when_the_pages_before_it_are_ordinary():
    # Given a PDF whose second page holds more characters than the limit
    page = '<p style="break-before: page">' + "Mål og midler. " * 200 + "</p>"
    pdf = pdf_from_html("<p>Virksomhedsplan 2014</p>" + page)
    # When it is read with a limit of 1,000 characters a page
    message = refusal(pdf, "plan.pdf", ReadLimits(page_characters=1000))
    # Then the second page is named
    assert message.startswith("Page 2 of the PDF holds 3,")
    assert "at most 1,000 characters a page" in message


def test_a_pdf_claiming_200000_pages_is_refused_from_its_page_tree_before_any_page_is_listed(
    nothing_unpacked,
):
    claiming = pdf_claiming_pages(200_000)

    message = refusal(claiming, "plan.pdf")

    assert message == english(pdf_reader.TOO_MANY_PAGES, pages="200,000", limit="150")


def test_a_pdf_with_more_lines_than_the_limit_is_refused_naming_the_limit():
    pdf = pdf_from_html("".join(f"<p>Linje {n}.</p>" for n in range(12)))

    message = refusal(pdf, "plan.pdf", ReadLimits(lines=10))

    assert message == english(source.TOO_MANY_LINES, limit="10")


# --- text ---------------------------------------------------------------------------------


def test_a_text_of_6_mb_is_refused_before_its_lines_are_made():
    # Given a plan as 6 MB of text: about 80,000 goals, documentation and follow-ups
    text = long_text(6 * 2**20)
    # When it is read within the upload page's limits, then its lines are too many
    message = refusal(text, "plan.txt")
    assert message == english(source.TOO_MANY_LINES, limit="50,000")
    assert "more than 50,000 lines" in message


def test_a_text_within_the_limit_is_read_whole():
    text = "".join(f"Linje {n}.\n" for n in range(10)).encode()

    lines = source_from_bytes(text, "plan.txt", limits=ReadLimits(lines=10)).lines

    assert len(lines) == 10
