"""Files that cannot be read as a plan are refused with a message that says why and what to do.

Given an empty, binary, protected, damaged, scanned or too large file, or one
in a format the importer does not read, when it is read, then it is refused
with UnreadableDocument and nothing else, whatever its name says.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from virkplan.interchange.legacy import docx_reader, pdf_reader, readers
from virkplan.interchange.legacy.readers import source_from_bytes
from virkplan.interchange.legacy.source import ReadLimits, UnreadableDocument

from .files import (
    docx_bytes,
    encrypted,
    pdf_from_html,
    png_bytes,
    scanned_pdf,
    texts,
    with_pages_inserted,
    zip_bytes,
)

GOAL = "<h2>Klima</h2><p>Mål: Vi vil skabe flere job.</p>"


def refusal(data: bytes, name: str) -> str:
    """The message the file is refused with, in English."""
    with translation.override("en"), pytest.raises(UnreadableDocument) as raised:
        source_from_bytes(data, name)
    assert raised.value.message == str(raised.value)
    return str(raised.value)


def english(message, **values) -> str:
    with translation.override("en"):
        return str(message % values) if values else str(message)


# --- nothing to read ----------------------------------------------------------------------


def test_an_empty_file_is_refused():
    message = refusal(b"", "plan.txt")

    assert message == english(readers.EMPTY)
    assert "empty" in message


@pytest.mark.parametrize("data", [b"   \n\n\t \r\n", b"\f\f", " \n".encode("utf-16")])
def test_a_file_of_only_whitespace_is_refused(data):
    message = refusal(data, "plan.txt")

    assert message == english(readers.NO_TEXT)
    assert "no text" in message


def test_a_word_document_without_text_is_refused():
    data = docx_bytes(lambda document: [document.add_paragraph("") for _ in range(3)])

    assert refusal(data, "plan.docx") == english(docx_reader.NO_TEXT)


# --- not text -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan.txt", "plan", "billede.png"])
def test_binary_data_is_not_read_as_text(name):
    noise = random.Random(2014).randbytes(4096)

    message = refusal(noise, name)

    assert message == english(readers.NOT_A_DOCUMENT)
    assert "not a text, PDF or Word file" in message


def test_a_picture_named_txt_is_not_read_as_text():
    assert refusal(png_bytes(), "plan.txt") == english(readers.NOT_A_DOCUMENT)


def test_a_picture_named_pdf_is_called_a_damaged_pdf():
    message = refusal(png_bytes(), "plan.pdf")

    assert message == english(readers.DAMAGED_PDF)
    assert ".pdf" in message


def test_text_with_many_control_characters_is_binary():
    data = ("Mål\x01\x02\x03\x04" * 50).encode()

    assert refusal(data, "plan.txt") == english(readers.NOT_A_DOCUMENT)


def test_a_few_stray_control_characters_are_dropped_from_the_lines():
    data = "Mål: Vi vil\x0bskabe job.\x07\nDokumentation: Der er\x1eindsats.\n".encode()

    source = source_from_bytes(data, "plan.txt")

    assert texts(source.lines) == ["Mål: Vi vil skabe job.", "Dokumentation: Der er-indsats."]


# --- PDF ----------------------------------------------------------------------------------


def test_a_scanned_pdf_without_text_is_refused_with_advice_to_run_ocr():
    message = refusal(scanned_pdf(pages=2), "scannet.pdf")

    assert message == english(pdf_reader.SCANNED)
    assert "OCR" in message


def test_scanned_pages_inside_a_pdf_with_text_are_named_in_a_note():
    text = pdf_from_html(GOAL + '<p style="break-before: page">Side to.</p>')
    mixed = with_pages_inserted(text, scanned_pdf(pages=2), at=1)

    with translation.override("en"):
        source = source_from_bytes(mixed, "plan.pdf")

    assert source.pages == 4
    assert "Side to." in texts(source.lines)
    assert source.notes == [english(pdf_reader.SCANNED_PAGES_NOTE, pages="2–3")]


def test_a_pdf_protected_by_a_password_is_refused():
    protected = encrypted(pdf_from_html(GOAL), user_password="hemmelig")

    message = refusal(protected, "plan.pdf")

    assert message == english(pdf_reader.PASSWORD_PROTECTED)
    assert "password" in message


def test_a_pdf_that_opens_without_a_password_is_read_despite_its_restrictions():
    restricted = encrypted(pdf_from_html(GOAL), user_password="", owner_password="ejer")

    source = source_from_bytes(restricted, "plan.pdf")

    assert "Mål: Vi vil skabe flere job." in texts(source.lines)


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf[: len(pdf) // 3],
        lambda pdf: b"%PDF-1.7\n" + random.Random(7).randbytes(5000),
        lambda pdf: b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF",
    ],
    ids=["cut short", "noise after the header", "no pages"],
)
def test_a_damaged_pdf_is_refused(damage):
    message = refusal(damage(pdf_from_html(GOAL * 20)), "plan.pdf")

    assert message == english(pdf_reader.DAMAGED)
    assert "damaged" in message


def test_a_pdf_with_too_many_pages_is_refused_before_it_is_read():
    three = pdf_from_html(GOAL + ('<p style="break-before: page">Mere.</p>' * 2))

    with translation.override("en"), pytest.raises(UnreadableDocument) as refused:
        readers.source_from_bytes(three, "plan.pdf", limits=ReadLimits(pages=2))
    message = refused.value.message

    assert message == english(pdf_reader.TOO_MANY_PAGES, pages=3, limit=2)
    assert "3 pages" in message


def test_a_file_over_the_size_limit_is_refused_with_its_size():
    too_large = b"a" * (readers.MAX_BYTES + 2**20)

    message = refusal(too_large, "plan.txt")

    assert message == english(readers.TOO_LARGE, size="51.0", limit=50)
    assert "51.0 MB" in message


# --- Word and other archives --------------------------------------------------------------


def test_a_zip_archive_named_docx_is_refused():
    archive = zip_bytes({"x.txt": b"Mal: Vi vil skabe flere job."})

    message = refusal(archive, "x.docx")

    assert message == english(docx_reader.NOT_WORD)
    assert "ZIP archive, not a Word document" in message


def test_an_opendocument_text_is_refused_with_advice_to_save_as_docx():
    archive = zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
        stored_first="mimetype",
    )

    assert refusal(archive, "plan.odt") == english(docx_reader.OPEN_DOCUMENT)


def test_a_damaged_word_document_is_refused():
    good = docx_bytes(lambda document: document.add_paragraph("Mål: Vi vil skabe flere job."))
    broken_xml = zip_bytes({"word/document.xml": b"<w:document", "[Content_Types].xml": b"<"})

    assert refusal(good[: len(good) // 2], "plan.docx") == english(docx_reader.DAMAGED)
    assert refusal(broken_xml, "plan.docx") == english(docx_reader.DAMAGED)


def test_a_word_document_with_macros_is_refused_with_advice(monkeypatch):
    good = docx_bytes(lambda document: document.add_paragraph("Mål: Vi vil skabe flere job."))
    members = _members(good)
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )

    assert refusal(zip_bytes(members), "plan.docm") == english(docx_reader.TEMPLATE_OR_MACROS)


def test_a_word_document_whose_pictures_unpack_to_too_much_is_refused(monkeypatch):
    # Given a limit of 1 MB for pictures, and a document holding a 2 MB picture
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 2**20)
    members = _members(docx_bytes(lambda document: document.add_paragraph("Mål.")))
    members["word/media/image1.png"] = bytes(2 * 2**20)
    # When it is read
    message = refusal(zip_bytes(members), "plan.docx")
    # Then it is refused with the pictures' size (the XML is counted apart)
    assert message == english(docx_reader.TOO_LARGE_UNPACKED, size="2.0", limit=1)
    assert "2.0 MB" in message


def _members(archive: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_an_old_word_file_is_refused_with_advice_to_save_as_docx():
    # An OLE compound file: its directory names the streams in UTF-16.
    old = OLE + bytes(504) + "Root Entry".encode("utf-16-le") + "WordDocument".encode("utf-16-le")

    message = refusal(old, "plan.doc")

    assert message == english(readers.OLD_WORD)
    assert ".doc" in message and ".docx" in message


def test_a_password_protected_word_document_is_refused():
    # Word stores a protected .docx as an OLE file holding an encrypted package.
    protected = OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le")

    assert refusal(protected, "plan.docx") == english(readers.WORD_PASSWORD)


def test_an_rtf_file_is_refused_with_advice_to_save_as_docx():
    rtf = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Arial;}} M\'e5l: Vi vil skabe flere job.\par}"

    assert refusal(rtf, "plan.rtf") == english(readers.RTF)


# --- anything at all ----------------------------------------------------------------------

MAGIC = [b"", b"%PDF-1.4\n", b"PK\x03\x04", OLE, b"{\\rtf1", b"\xef\xbb\xbf", b"\xff\xfe"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(MAGIC),
    data=st.binary(max_size=3000),
    name=st.sampled_from(["plan.txt", "plan.pdf", "plan.docx", "plan", "plan.doc"]),
)
def test_arbitrary_bytes_are_read_or_refused_but_never_crash(prefix, data, name):
    try:
        source = source_from_bytes(prefix + data, name)
    except UnreadableDocument as refused:
        assert str(refused)
    else:
        assert source.lines and any(not line.blank for line in source.lines)
        assert [line.number for line in source.lines] == list(range(1, len(source.lines) + 1))


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_arbitrary_text_is_read_or_refused_but_never_crashes(text, encoding):
    data = text.encode(encoding, errors="replace")
    try:
        source = source_from_bytes(data, "plan.txt")
    except UnreadableDocument as refused:
        assert str(refused)
    else:
        assert all(line.text == line.text.rstrip() for line in source.lines)
        plain = not any(unicodedata.category(c) == "Cc" and c not in "\n\t\r\f" for c in text)
        if encoding == "utf-8" and plain and not text.startswith("\ufeff"):
            # Only whitespace may change: line breaks, trailing spaces, a one-space indent.
            read_back = "".join(line.text for line in source.lines)
            assert "".join(read_back.split()) == "".join(text.split())


@pytest.fixture(scope="module")
def good_files() -> dict[str, bytes]:
    """A small PDF and Word document to damage."""
    return {
        "plan.pdf": pdf_from_html(GOAL * 3),
        "plan.docx": docx_bytes(
            lambda document: [
                document.add_paragraph("Mål: Vi vil skabe flere job.", style="Heading 2"),
                document.add_table(rows=2, cols=2),
            ]
        ),
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["plan.pdf", "plan.docx"]),
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 40), st.binary(max_size=8)),
        min_size=1,
        max_size=6,
    ),
)
def test_a_damaged_real_file_is_read_or_refused_but_never_crashes(good_files, name, edits):
    data = bytearray(good_files[name])
    for where, cut, insert in edits:
        at = int(where * len(data))
        data[at : at + cut] = insert
    try:
        source_from_bytes(bytes(data), name)
    except UnreadableDocument as refused:
        assert str(refused)
