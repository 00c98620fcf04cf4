"""Turn an uploaded plan file (plain text, PDF or Word) into a `SourceDocument`.

What the bytes are decides how they are read, not the file's name: a PDF
renamed to .txt is still read as a PDF, and a ZIP archive renamed to .docx
is refused. The name only sharpens the message for a file that cannot be
read at all. Every refusal is an `UnreadableDocument` whose message says
what is wrong and what to do.

A plain text file is usually the text layer someone copied out of a PDF
(as the reference plan is): its blank lines and one-space indents carry the
layout, so they are kept as flags on each line.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections import Counter

import charset_normalizer
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .docx_reader import docx_source
from .pdf_reader import pdf_source
from .source import (
    BEYOND_ANY_PLAN,
    Line,
    Progress,
    ReadLimits,
    SourceDocument,
    UnreadableDocument,
    refuse_long,
)

logger = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
"""The largest file read; plans are far smaller, even with pictures."""

EMPTY = _("The file is empty. Choose the file that holds the plan and upload it again.")
NO_TEXT = _("The file holds no text. Choose the file that holds the plan and upload it again.")
NOT_A_DOCUMENT = _(
    "The file is not a text, PDF or Word file. Upload the plan as a PDF, a Word document "
    "(.docx) or a text file."
)
TOO_LARGE = _(
    "The file is %(size)s MB; files of up to %(limit)s MB can be read. Remove pictures from "
    "the document or split it into smaller files, and upload it again."
)
OLD_WORD = _(
    "Old Word files (.doc) cannot be read. Open the file in Word, save it as .docx and "
    "upload it again."
)
WORD_PASSWORD = _(
    "The Word document is protected by a password. Remove the protection and upload it again."
)
RTF = _("RTF files cannot be read. Open the file in Word, save it as .docx and upload it again.")
DAMAGED_PDF = _(
    "The file is named .pdf but is not a PDF, or it is badly damaged. Open it in a PDF reader, "
    "save a new copy and upload that."
)
NOT_UTF8 = _(
    "The file is not UTF-8; it was read as %(encoding)s. Check that æ, ø and å look right."
)

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"

# Danish text in a legacy encoding: these characters are expected; others
# (Œ, ¾, †, box drawing) mean the encoding was guessed wrong.
_DANISH_LETTERS = set("æøåÆØÅ")
_EXPECTED = set("éÉèêëüÜöÖäÄáóíúñçàâîôûÿ–—‘’‚“”„…•·«»§°€£±×\u00a0\u00ad")
_LEGACY_ENCODINGS = ("cp1252", "mac_roman", "cp850", "latin_1")
_ENCODING_NAMES = {
    "cp1252": "Windows-1252",
    "latin_1": "ISO-8859-1 (Latin-1)",
    "mac_roman": "Mac OS Roman",
    "cp850": "DOS (code page 850)",
}

# Control characters no text file holds; many of them mean the bytes are not text.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1d\x7f-\x9f]")
_BINARY_SHARE = 0.02
# Word's "plain text" export writes these for a manual line break, a
# non-breaking hyphen and an optional hyphen.
_WORD_CONTROLS = str.maketrans({"\v": " ", "\x1e": "-", "\x1f": ""})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HIGH_BYTES = re.compile(rb"[\x80-\xff]")
_ASCII_LETTERS = re.compile(rb"[A-Za-z]")
_MAX_NON_ASCII_SHARE = 0.5


def source_from_bytes(
    data: bytes,
    name: str,
    *,
    progress: Progress | None = None,
    limits: ReadLimits = BEYOND_ANY_PLAN,
) -> SourceDocument:
    """The file's text as numbered lines with layout hints, whatever kind of file it is.

    Raises UnreadableDocument, with a message for the user, when the file
    is empty, too large (beyond `limits`), protected, damaged, scanned
    without a text layer, or not a text, PDF or Word file.
    """
    if not data:
        raise UnreadableDocument(str(EMPTY))
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(
            str(TOO_LARGE % {"size": _megabytes(len(data)), "limit": MAX_BYTES // 2**20})
        )
    if _PDF_MAGIC in data[:1024]:
        return pdf_source(data, name, progress=progress, limits=limits)
    if data.startswith(_ZIP_MAGIC):
        return docx_source(data, name, progress=progress, limits=limits)
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument(_ole_refusal(data))
    if data.lstrip().startswith(_RTF_MAGIC):
        raise UnreadableDocument(str(RTF))
    return text_source(data, name, limits=limits)


def _megabytes(size: int) -> str:
    return number_format(round(size / 2**20, 1), decimal_pos=1)


def _ole_refusal(data: bytes) -> str:
    """Why an OLE compound file (old Office format) cannot be read.

    A password-protected .docx is stored in such a file too, as an
    encrypted package.
    """
    if "EncryptedPackage".encode("utf-16-le") in data:
        return str(WORD_PASSWORD)
    if "WordDocument".encode("utf-16-le") in data:
        return str(OLD_WORD)
    return str(NOT_A_DOCUMENT)


def text_source(data: bytes, name: str, *, limits: ReadLimits = BEYOND_ANY_PLAN) -> SourceDocument:
    """A plain text file as lines, in the encoding it was written in."""
    text, encoding, guessed = _decoded(data, name)
    if _looks_binary(text):
        raise UnreadableDocument(_binary_refusal(name))
    lines = text_lines(text, limits=limits)
    if all(line.blank for line in lines):
        raise UnreadableDocument(str(NO_TEXT))
    notes = []
    if guessed:
        notes.append(str(NOT_UTF8 % {"encoding": _ENCODING_NAMES.get(encoding, encoding.upper())}))
    return SourceDocument(
        name=name,
        kind="text",
        lines=lines,
        pages=max(line.page for line in lines),
        encoding=encoding,
        notes=notes,
    )


def _decoded(data: bytes, name: str) -> tuple[str, str, bool]:
    """The text, the encoding it was read in, and whether that encoding was a guess.

    UTF-8 (with or without a byte order mark) and UTF-16 with a byte order
    mark are certain. Anything else is most likely a Danish file from an
    older Windows, Mac or DOS program, so those encodings are tried first;
    charset-normalizer guesses the rest.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", False
        except UnicodeDecodeError as error:
            raise UnreadableDocument(_binary_refusal(name)) from error
    try:
        return data.decode("utf-8-sig"), "utf-8", False
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise UnreadableDocument(_binary_refusal(name))
    legacy = _legacy_decoded(data)
    if legacy is not None:
        return legacy[0], legacy[1], True
    try:
        best = charset_normalizer.from_bytes(data).best()
    except Exception as error:  # the detector is not meant to fail, but must not crash an upload
        logger.info("charset-normalizer failed", exc_info=True)
        raise UnreadableDocument(_binary_refusal(name)) from error
    if best is None:
        raise UnreadableDocument(_binary_refusal(name))
    return str(best), best.encoding, True


def _legacy_decoded(data: bytes) -> tuple[str, str] | None:
    """The text in the legacy Western encoding under which it reads most like Danish, if any.

    In Danish most letters are ASCII; text whose letters are mostly other
    bytes (Greek, Cyrillic) is left to charset-normalizer.
    """
    high = len(_HIGH_BYTES.findall(data))
    if high > _MAX_NON_ASCII_SHARE * (len(_ASCII_LETTERS.findall(data)) + high):
        return None
    best: tuple[int, str, str] | None = None
    for encoding in _LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _danish_score(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] <= 0:
        return None
    return best[1], best[2]


def _danish_score(text: str) -> int:
    """Higher when the non-ASCII characters are Danish letters and common punctuation."""
    score = 0
    for character, count in Counter(_NON_ASCII.findall(text)).items():
        if character in _DANISH_LETTERS:
            score += 2 * count
        elif character in _EXPECTED:
            score += count
        else:
            score -= 3 * count
    return score


def _looks_binary(text: str) -> bool:
    controls = len(_BINARY.findall(text))
    return "\x00" in text or controls > _BINARY_SHARE * len(text)


def _binary_refusal(name: str) -> str:
    """Why bytes that are not text cannot be read; the name tells what the user meant them to be."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "pdf":
        return str(DAMAGED_PDF)
    if suffix == "doc":
        return str(OLD_WORD)
    return str(NOT_A_DOCUMENT)


def text_lines(text: str, *, limits: ReadLimits = BEYOND_ANY_PLAN) -> list[Line]:
    """Numbered lines of a text layer, with its layout marks turned into flags.

    A line ends at a line break (what follows the last one is a line only if
    it holds text). A form feed starts a new page. A line holding only spaces is a blank
    line inside a text block (gap "space"); a truly empty line is the text
    layer's mark between blocks (gap "empty"). A line that begins with
    exactly one space is the first line of a new text box: the space is
    dropped and the line starts a block. More lines than `limits` allow are
    refused before any is made.
    """
    raw_lines = _LINE_BREAK.split(text)
    if raw_lines[-1].strip() == "":
        # After the last line break: nothing, or spaces and a page break that end the
        # text. Only text makes it a line of its own.
        raw_lines.pop()
    refuse_long(len(raw_lines), limits)
    page = 1
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        leading = len(raw) - len(raw.lstrip("\f"))
        page += leading
        line_page = page
        page += raw.count("\f") - leading
        lines.append(_text_line(raw.replace("\f", ""), page=line_page, number=number))
    return lines


def _text_line(raw: str, *, page: int, number: int) -> Line:
    raw = _BINARY.sub("", raw.translate(_WORD_CONTROLS))
    text = raw.rstrip()
    if not text:
        return Line(
            text="", page=page, number=number, blank=True, gap="empty" if raw == "" else "space"
        )
    if raw.startswith(" ") and not raw[1].isspace():
        return Line(text=text[1:], page=page, number=number, block_start=True)
    return Line(text=text, page=page, number=number)
