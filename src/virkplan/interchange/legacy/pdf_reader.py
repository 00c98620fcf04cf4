"""A PDF's text layer as numbered lines, in reading order, with columns and headings.

pdfplumber gives each word with its position and font size; pdf_columns
puts a page's lines in reading order and tells its columns apart. Here
vertical gaps become block starts and blank lines, so the parser sees
paragraphs as it does in a text layer, and a font clearly larger than the
document's body text marks a heading. A protected, damaged or scanned PDF
is refused with a message that says what to do.

Pages are read one at a time and their caches dropped, so a long plan does
not hold every page's characters in memory at once.

Before pdfplumber reads anything, PDFium (which pdfplumber installs) counts
the pages from the page tree and the characters on each page, in C and in
milliseconds: a PDF with too many pages, or a page with more characters than
a plan's page holds, is refused at once, where pdfplumber would take minutes
and gigabytes to get that far.
"""

from __future__ import annotations

import io
import itertools
import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import pairwise

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from .pdf_columns import (
    Placed,
    Word,
    clearly_larger,
    font_sizes,
    line_spacing,
    page_lines,
    starts_block,
)
from .pdf_tables import expanded, lifted
from .source import (
    BEYOND_ANY_PLAN,
    Line,
    Progress,
    ReadLimits,
    SourceDocument,
    Style,
    UnreadableDocument,
    refuse_long,
)

logger = logging.getLogger(__name__)

PASSWORD_PROTECTED = _(
    "The PDF is protected by a password. Remove the protection and upload it again."
)
DAMAGED = _(
    "The PDF cannot be read; it may be damaged. Open it in a PDF reader, save a new copy "
    "and upload that."
)
PAGE_DAMAGED = _(
    "Page %(page)s of the PDF cannot be read; the file may be damaged. Open it in a PDF "
    "reader, save a new copy and upload that."
)
SCANNED = _(
    "The PDF has no text layer; it looks like scanned pages. Run OCR on it (for example "
    "with OCRmyPDF) and upload the result."
)
TOO_MANY_PAGES = _(
    "The PDF has %(pages)s pages; at most %(limit)s pages can be read. Split it into "
    "smaller files and upload them one at a time."
)
CROWDED_PAGE = _(
    "Page %(page)s of the PDF holds %(characters)s characters; at most %(limit)s characters "
    "a page can be read, far more than a plan's page holds. Remove that page from the PDF, "
    "or save the plan as a text file, and upload it again."
)
SCANNED_PAGES_NOTE = _(
    "Pages %(pages)s have no text layer (they look like scanned pages), so their text is "
    "missing. Run OCR on the PDF (for example with OCRmyPDF) if they hold part of the plan."
)

# Letters further apart than this many em belong to different words, even where
# the PDF leaves out the space between them (as between two styled spans).
MARGIN_BAND = 0.07
"""The share of a page's height at its top and at its bottom where running heads, footers
and page numbers stand (about 2 cm of A4): what is set there is not the document's body
text, so it does not count when the body's font size is found. In a short plan a running
head set in small capitals on every page would otherwise outnumber the body, and every
paragraph would look larger than it: a heading."""
WORD_GAP_EM = 0.2


@dataclass(frozen=True)
class _Pending:
    """A line and its font size; its style is decided once all pages are read."""

    line: Line
    size: float


def pdf_source(
    data: bytes,
    name: str,
    *,
    progress: Progress | None = None,
    limits: ReadLimits = BEYOND_ANY_PLAN,
) -> SourceDocument:
    """The PDF's text as lines.

    Raises UnreadableDocument for a protected, damaged or scanned PDF, and
    for one beyond `limits`: too many pages, a page with too many characters,
    too many lines.
    """
    total = _counted(data, limits)
    read: list[list[Placed]] = []
    scanned: list[int] = []
    sizes = Counter[float]()
    lines = 0
    with _opened(data) as pages:
        gutter: float | None = None
        for page_no, page in enumerate(pages, start=1):
            if page_no > limits.pages:
                # The page tree said fewer pages than it holds: the file is damaged.
                raise UnreadableDocument(str(DAMAGED))
            placed, page_sizes, looks_scanned, gutter = _read_page(page, page_no, gutter)
            if looks_scanned:
                scanned.append(page_no)
            sizes.update(page_sizes)
            read.append(placed)
            lines += len(placed)
            refuse_long(lines, limits)
            if progress is not None:
                progress(page_no, max(total, page_no))
    if not sizes:
        raise UnreadableDocument(str(SCANNED))
    spacing = line_spacing(
        [(a, b) for placed in read for a, b in pairwise(placed) if a.column == b.column]
    )
    pending: list[_Pending] = []
    for page_no, placed in enumerate(read, start=1):
        pending.extend(
            _numbered(placed, page=page_no, spacing=spacing, first_number=len(pending) + 1)
        )
    refuse_long(len(pending), limits)
    notes = [str(SCANNED_PAGES_NOTE % {"pages": _page_ranges(scanned)})] if scanned else []
    styled = _styled(pending, body=sizes.most_common(1)[0][0])
    return SourceDocument(name=name, kind="pdf", lines=styled, pages=len(read), notes=notes)


def _counted(data: bytes, limits: ReadLimits) -> int:
    """The number of pages, from the page tree, once PDFium has found the PDF within limits:
    not too many pages, and no page with more characters than `limits` allow."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise UnreadableDocument(str(PASSWORD_PROTECTED)) from error
        raise UnreadableDocument(str(DAMAGED)) from error
    try:
        total = len(document)
        if total == 0:
            raise UnreadableDocument(str(DAMAGED))
        if total > limits.pages:
            counts = {"pages": _grouped(total), "limit": _grouped(limits.pages)}
            raise UnreadableDocument(str(TOO_MANY_PAGES % counts))
        for index in range(total):
            characters = _characters(document, index)
            if characters > limits.page_characters:
                counts = {
                    "page": str(index + 1),
                    "characters": _grouped(characters),
                    "limit": _grouped(limits.page_characters),
                }
                raise UnreadableDocument(str(CROWDED_PAGE % counts))
        return total
    finally:
        document.close()


def _grouped(number: int) -> str:
    """The number with the language's thousands separator: 200.000 in Danish."""
    return number_format(number, force_grouping=True)


def _characters(document: pypdfium2.PdfDocument, index: int) -> int:
    """How many characters PDFium finds on the page; 0 for a page it cannot load
    (pdfplumber then decides whether the page can be read)."""
    try:
        page = document[index]
    except pypdfium2.PdfiumError:
        return 0
    try:
        text = page.get_textpage()
        try:
            return int(text.count_chars())
        finally:
            text.close()
    except pypdfium2.PdfiumError:
        return 0
    finally:
        page.close()


@contextmanager
def _opened(data: bytes) -> Iterator[Iterator[Page]]:
    """The PDF's pages, one at a time, with pdfminer's errors turned into messages for the
    user. Pages are made as they are read (pdfplumber's `pages` would list them all)."""
    pdf: PDF | None = None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        raise _open_refusal(error.args[0] if error.args else None) from error
    except Exception as error:  # pdfminer raises many kinds of error on a broken file
        logger.info("PDF could not be opened", exc_info=True)
        raise UnreadableDocument(str(DAMAGED)) from error
    try:
        yield _pages(pdf)
    finally:
        _close(pdf)


def _pages(pdf: PDF) -> Iterator[Page]:
    pages = PDFPage.create_pages(pdf.doc)
    for number in itertools.count(1):
        try:
            page = next(pages)
        except StopIteration:
            return
        except Exception as error:  # as in _opened
            logger.info("PDF page tree could not be read", exc_info=True)
            raise _open_refusal(error) from error
        yield Page(pdf, page, page_number=number)


def _open_refusal(cause: object) -> UnreadableDocument:
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return UnreadableDocument(str(PASSWORD_PROTECTED))
    return UnreadableDocument(str(DAMAGED))


def _close(pdf: PDF | None) -> None:
    """Let go of the PDF's caches; a PDF too broken to close has nothing left to free."""
    if pdf is None:
        return
    try:
        pdf.close()
    except Exception:
        logger.info("PDF could not be closed", exc_info=True)


def _read_page(
    page: Page, page_no: int, gutter: float | None
) -> tuple[list[Placed], Counter[float], bool, float | None]:
    """The page's lines in reading order, how many letters are set in each font size,
    whether the page looks scanned (images and no text), and the column gutter known
    after it (the page's own, or the one `gutter` brought from earlier pages)."""
    try:
        words = _words(page)
        if not words:
            return [], Counter(), bool(page.images), gutter
        rest, tables = lifted(page, words)
        placed, found = page_lines(page, rest, known_gutter=gutter)
        placed = expanded(placed, tables)
        sizes = font_sizes(_body_words(page, words))
        return placed, sizes, False, found if found is not None else gutter
    except UnreadableDocument:
        raise
    except Exception as error:
        logger.info("PDF page %s could not be read", page_no, exc_info=True)
        raise UnreadableDocument(str(PAGE_DAMAGED % {"page": page_no})) from error
    finally:
        page.close()


def _body_words(page: Page, words: list[Word]) -> list[Word]:
    """The words of the page outside its margin bands (MARGIN_BAND)."""
    top, bottom = page.height * MARGIN_BAND, page.height * (1 - MARGIN_BAND)
    return [word for word in words if word.top >= top and word.bottom <= bottom]


def _words(page: Page) -> list[Word]:
    """The page's words; words whose glyphs have no character map ("(cid:12)") are left out."""
    words = []
    for word in page.extract_words(
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["size", "fontname"],
        x_tolerance_ratio=WORD_GAP_EM,
    ):
        text = word["text"].strip()
        if not text or "(cid:" in text:
            continue
        words.append(
            Word(
                text=text,
                x0=float(word["x0"]),
                x1=float(word["x1"]),
                top=float(word["top"]),
                bottom=float(word["bottom"]),
                size=float(word["size"]) or 1.0,
            )
        )
    return words


def _numbered(
    placed: list[Placed], *, page: int, spacing: float, first_number: int
) -> list[_Pending]:
    """Lines with block starts and blank lines between paragraphs, numbered from first_number.

    A line starts a block at the top of the page, where the column changes,
    where the font size changes and where it lies further below the previous
    line of its column than the document's usual line spacing; a blank line
    goes before each such start except the page's first.
    """
    pending: list[_Pending] = []
    previous: Placed | None = None
    for item in placed:
        starts = (
            previous is None
            or previous.column != item.column
            or starts_block(previous, item, spacing)
        )
        if starts and previous is not None:
            blank = Line(text="", page=page, number=0, column=item.column, blank=True, gap="space")
            pending.append(_Pending(line=blank, size=0.0))
        line = Line(text=item.text, page=page, number=0, column=item.column, block_start=starts)
        pending.append(_Pending(line=line, size=item.size))
        previous = item
    return [
        replace(item, line=replace(item.line, number=first_number + index))
        for index, item in enumerate(pending)
    ]


def _styled(pending: list[_Pending], *, body: float) -> list[Line]:
    """Lines with their heading styles, decided across the whole document.

    A font clearly larger than the document's body text is a heading. The
    largest heading size is the title when it occurs on the first page only
    and other heading sizes exist; the remaining sizes, largest first, are
    heading 1, 2 and 3.
    """
    headings = [item for item in pending if clearly_larger(item.size, body)]
    sizes = sorted({_rounded(item.size) for item in headings}, reverse=True)
    styles: dict[float, Style] = {}
    if len(sizes) > 1 and all(
        item.line.page == 1 for item in headings if _rounded(item.size) == sizes[0]
    ):
        styles[sizes.pop(0)] = "title"
    levels: list[Style] = ["heading1", "heading2", "heading3"]
    for index, size in enumerate(sizes):
        styles[size] = levels[min(index, len(levels) - 1)]
    return [
        replace(item.line, style=styles[_rounded(item.size)])
        if clearly_larger(item.size, body)
        else item.line
        for item in pending
    ]


def _rounded(size: float) -> float:
    """A font size to the nearest half point, so sizes that differ by rounding count as one."""
    return round(size * 2) / 2


def _page_ranges(pages: list[int]) -> str:
    """Page numbers as ranges: [1, 2, 3, 7] is "1–3, 7"."""
    ranges: list[list[int]] = []
    for page in pages:
        if ranges and page == ranges[-1][-1] + 1:
            ranges[-1].append(page)
        else:
            ranges.append([page])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in ranges)
