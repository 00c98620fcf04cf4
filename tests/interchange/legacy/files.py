"""Real files for the reader tests, made the way people make them: PDFs by WeasyPrint
(HTML and CSS) or a scanner (an image saved as PDF), Word documents by python-docx,
archives by zipfile.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pypdf
from docx import Document
from docx.document import Document as DocumentObject
from PIL import Image, ImageDraw
from weasyprint import HTML

from virkplan.interchange.legacy.source import Line

PAGE_CSS = """
@page { size: A4; margin: 20mm;
  @top-left { content: "Virksomhedsplan 2026 · Byg & Miljø"; font-size: 8pt; }
  @top-right { content: "Side " counter(page); font-size: 8pt; } }
body { font-family: sans-serif; font-size: 10pt; line-height: 1.4; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; }
p { margin: 0 0 8pt; }
table { width: 100%; border-collapse: collapse; }
td, th { vertical-align: top; text-align: left; padding: 4pt 6pt; width: 50%; }
table.ruled td, table.ruled th { border-bottom: 0.5pt solid #999; }
"""


def pdf_from_html(body: str, css: str = PAGE_CSS) -> bytes:
    """A PDF of the HTML body, laid out by WeasyPrint with a running head and page numbers."""
    html = f"<html lang='da'><head><style>{css}</style></head><body>{body}</body></html>"
    content = HTML(string=html).write_pdf()
    assert content is not None
    return content


def scanned_pdf(pages: int = 1) -> bytes:
    """Pages that are pictures of text, as a scanner saves them: no text layer."""
    images = []
    for number in range(pages):
        image = Image.new("RGB", (620, 877), "white")
        ImageDraw.Draw(image).text((60, 60), f"Mål: Vi vil skabe flere job. Side {number + 1}")
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=75)
    return out.getvalue()


def with_pages_inserted(pdf: bytes, extra: bytes, *, at: int) -> bytes:
    """The PDF with the pages of `extra` put in before page index `at`."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    for offset, page in enumerate(pypdf.PdfReader(io.BytesIO(extra)).pages):
        writer.insert_page(page, at + offset)
    return _written(writer)


def encrypted(pdf: bytes, *, user_password: str, owner_password: str | None = None) -> bytes:
    """The PDF protected with pypdf; an empty user password opens without asking."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password=owner_password, algorithm="AES-128")
    return _written(writer)


def repeated(pdf: bytes, pages: int) -> bytes:
    """A PDF whose `pages` pages are each a copy of the first page of `pdf`."""
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_page(page)
    return _written(writer)


def _written(writer: pypdf.PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(build: Callable[[DocumentObject], None]) -> bytes:
    """A Word document written by python-docx, filled in by `build`."""
    document = Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    """A ZIP archive holding the members (`stored_first` uncompressed, as ODF wants)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            kind = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=kind)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, "PNG")
    return out.getvalue()


def squash(text: str) -> str:
    """Text without whitespace, so a wrapped line compares equal to the unwrapped text."""
    return re.sub(r"\s+", "", text)


def shown(markdown: str) -> str:
    """The text a Markdown source shows: heading, list and emphasis marks dropped."""
    text = re.sub(r"^\s*(#{1,6}|[-*+]|\d+[.)])\s+", "", markdown, flags=re.M)
    return re.sub(r"(\*\*|__|\*|_)(\S.*?\S|\S)\1", r"\2", text)


def find(lines: list[Line], text: str, *, start: int = 0) -> int:
    """Index of the line where `text` begins (it may run on over the next lines)."""
    wanted = squash(text)[:30]
    for index in range(start, len(lines)):
        if lines[index].blank:
            continue
        following = "".join(line.text for line in lines[index : index + 6] if not line.blank)
        if squash(following).startswith(wanted):
            return index
    raise AssertionError(f"{text!r} is not among the lines")


def texts(lines: list[Line]) -> list[str]:
    """The text lines, without the blank ones."""
    return [line.text for line in lines if not line.blank]
