"""A plan document as numbered lines with their page and layout hints.

Every reader (plain text, PDF, Word) produces the same `SourceDocument`, so
the parser does not care where a line came from. A file that cannot be read
raises `UnreadableDocument` with a message a user understands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from virkplan.core.errors import DomainError

Column = Literal["", "left", "right"]
"""Where a line sits on the page: "" is the full width (or unknown)."""

Style = Literal["", "title", "heading1", "heading2", "heading3", "list"]
"""What the layout says a line is: a heading level from Word's styles or
from a PDF's font size; "" is running text."""

Progress = Callable[[int, int], None]
"""Called as progress(done, total) while a long file is read (pages or paragraphs)."""


@dataclass(frozen=True)
class Line:
    """One line of the source, as it should be shown to a person checking the import."""

    text: str
    """The line's text without the line break; trailing spaces removed."""
    page: int
    """1-based page number (1 for a plain text file without page marks)."""
    number: int
    """1-based line number in the whole source, as shown beside the source text."""
    column: Column = ""
    style: Style = ""
    block_start: bool = False
    """The layout starts a new text block here (a new box, table cell or paragraph
    in the PDF/Word layout, or a line the text layer indents by one space)."""
    blank: bool = False
    """A line without text. `gap` tells how the text layer wrote it."""
    gap: Literal["", "space", "empty"] = ""
    """For blank lines in a text layer: "space" is a line holding only spaces
    (a blank line inside a text block), "empty" is a truly empty line (the text
    layer's mark between blocks or between double-spaced lines)."""


@dataclass
class SourceDocument:
    name: str
    """The file name the user gave, for messages."""
    kind: Literal["text", "pdf", "docx"]
    lines: list[Line]
    pages: int
    encoding: str = ""
    """For text files: the encoding the text was read in."""
    notes: list[str] = field(default_factory=list)
    """Things the person checking should know, in their language (e.g. the encoding guessed)."""


class UnreadableDocument(DomainError):
    """The file cannot be read as a plan document; the message says why and what to do."""


@dataclass(frozen=True)
class ReadLimits:
    """How much of a document the readers read before they refuse it.

    The defaults are far beyond any plan (a 2,000-page PDF has about 150,000
    lines, and a dense page of text about 6,000 characters); the upload page
    reads less (settings VIRKPLAN_IMPORT_MAX_*)."""

    pages: int = 2000
    """The longest PDF, counted from its page tree before any page is read."""
    lines: int = 200_000
    """The most lines of text, counted as they are read."""
    page_characters: int = 30_000
    """The most characters on one PDF page, counted before the page is read."""


BEYOND_ANY_PLAN = ReadLimits()
"""The readers' own limits, for the command line and the tests."""


TOO_MANY_LINES = _(
    "The document has more than %(limit)s lines; at most %(limit)s lines can be read. Split "
    "it into smaller files and upload them one at a time."
)


def refuse_long(lines: int, limits: ReadLimits) -> None:
    """Refuse a document once it has more lines than the limits allow."""
    if lines > limits.lines:
        limit = number_format(limits.lines, force_grouping=True)
        raise UnreadableDocument(str(TOO_MANY_LINES % {"limit": limit}))
