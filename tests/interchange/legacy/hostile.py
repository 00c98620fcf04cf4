"""Hostile files, built small in memory: what an attacker (or a broken program) might upload.

Each is a few kilobytes to a few megabytes on the wire and much more once
read: a Word document whose XML unpacks to tens of megabytes, a PDF page
holding 600,000 characters, a PDF content stream that inflates to a
gigabyte, a PDF that claims 200,000 pages, a text of several megabytes.
The tests and benchmarks/bench_hostile_uploads.py build them here; none is
ever written to the repository.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from .files import docx_bytes

_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %s >>"
_FONT = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _stream(content: bytes) -> bytes:
    """A deflated content stream."""
    deflated = zlib.compress(content, 9)
    header = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(deflated)
    return header + deflated + b"\nendstream"


def _one_page_pdf(stream: bytes) -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _PAGE % (_FONT, b"4 0 R"),
            stream,
        ]
    )


def pdf_with_a_crowded_page(characters: int = 600_000) -> bytes:
    """A one-page PDF (a few kilobytes) whose page shows `characters` letters in 1-point type."""
    rows = []
    per_row = 1000
    for row in range(-(-characters // per_row)):
        count = min(per_row, characters - row * per_row)
        rows.append(b"1 0 0 1 10 %d Tm (%s) Tj" % (830 - row % 800, b"x" * count))
    content = b"BT /F1 1 Tf " + b" ".join(rows) + b" ET"
    return _one_page_pdf(_stream(content))


def pdf_with_an_inflating_stream(inflated: int = 2**30) -> bytes:
    """A one-page PDF of a few kilobytes whose content stream inflates to `inflated` bytes
    of spaces (in whole megabytes), deflated twice."""
    twice = zlib.compress(_deflated_spaces(inflated // 2**20), 9)
    header = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice)
    return _one_page_pdf(header + twice + b"\nendstream")


def _deflated_spaces(megabytes: int) -> bytes:
    """`megabytes` megabytes of spaces in zlib's format, made without deflating them all.

    After a full flush the compressor starts afresh, so every further megabyte
    deflates to the same bytes: the stream is the first megabyte (with zlib's
    header), that block repeated, an empty final block and the checksum."""
    chunk = b" " * 2**20
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    return first + block * (megabytes - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")


def pdf_claiming_pages(count: int = 200_000) -> bytes:
    """A PDF whose page tree holds `count` pages, all one shared blank page object.

    The file is small (each entry in /Kids is a reference to the same page),
    yet a reader that lists the pages before counting them lists them all."""
    kids = b" ".join([b"3 0 R"] * count)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            _PAGE % (_FONT, b"4 0 R"),
            _stream(b"BT /F1 12 Tf 72 720 Td (Side) Tj ET"),
        ]
    )


def pdf_with_pages(count: int = 200_000) -> bytes:
    """A PDF of `count` pages, each a page object of its own showing one word (about 80
    bytes a page: 16 MB for 200,000 pages)."""
    kids = b" ".join(b"%d 0 R" % number for number in range(4, count + 4))
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842] /Resources %s >>"
            % (kids, count, _FONT),
            _stream(b"BT /F1 12 Tf 72 720 Td (Side) Tj ET"),
            *[b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>"] * count,
        ]
    )


def docx_unpacking_to(size: int = 30 * 2**20) -> bytes:
    """A Word document of about 140 KB whose document.xml unpacks to `size` bytes.

    The body is one paragraph followed by empty paragraphs: XML that compresses
    about 200 times."""
    plain = docx_bytes(lambda document: document.add_paragraph("Mål: Vi vil skabe job."))
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members["word/document.xml"]
    body_end = xml.index(b"<w:sectPr")
    empty = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    filler = empty * ((size - len(xml)) // len(empty))
    members["word/document.xml"] = xml[:body_end] + filler + xml[body_end:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def long_text(size: int = 6 * 2**20) -> bytes:
    """A plan as plain text of about `size` bytes: goals with documentation and follow-up,
    over and over, as a text layer of a very long plan would be."""
    goal = (
        "Mål {n}: Vi vil nedbringe energiforbruget i kommunens bygninger med {n} procent.\n"
        "Dokumentation: Forbruget er målt i alle bygninger, og besparelsen er opgjort.\n"
        "Opfølgning: Målet er delvist nået; arbejdet fortsætter i næste periode.\n\n"
    )
    parts = ["Virksomhedsplan 2014\n\nKlima og energi\n\n"]
    total = len(parts[0])
    n = 0
    while total < size:
        n += 1
        parts.append(goal.format(n=n))
        total += len(parts[-1].encode())
    return "".join(parts).encode()
