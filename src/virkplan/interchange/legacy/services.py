"""Read a plan document into blocks, and blocks into a virkplan/1 document.

`reading_from_file` reads the file (refusing what is not a readable
document with a clear message), recognises the plan's structure and returns
the source lines beside the blocks, so a person can check one against the
other. The command line and the upload page run it in a child process with
limits on its time and memory (`isolation.reading_in_child`). Nothing here
writes to the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .blocks import Block
from .source import BEYOND_ANY_PLAN, Progress, ReadLimits, SourceDocument


@dataclass
class Reading:
    source: SourceDocument
    blocks: list[Block]


def reading_from_file(
    data: bytes,
    name: str,
    *,
    unit: str,
    progress: Progress | None = None,
    limits: ReadLimits = BEYOND_ANY_PLAN,
) -> Reading:
    """Read `data` (the file's bytes; `name` decides text, PDF or Word) into blocks.

    Raises UnreadableDocument when the file is not a readable plan document, or
    is beyond `limits`. This reads in the calling process, with no limit on its
    time or memory: uploads and the command read through `isolation.reading_in_child`.
    """
    from .parser import blocks_from_lines
    from .readers import source_from_bytes

    source = source_from_bytes(data, name, progress=progress, limits=limits)
    source = _with_pages(source)
    blocks = blocks_from_lines(source.lines, unit=unit, kind=source.kind)
    return Reading(source=source, blocks=blocks)


def _with_pages(source: SourceDocument) -> SourceDocument:
    """A text layer without page breaks gets its pages from its page numbers and table
    of contents, so the source shown beside the blocks has the same pages they do."""
    from dataclasses import replace

    from .layout import layout_of

    if source.pages > 1:
        return source
    pages = layout_of(source.lines).pages
    lines = [replace(line, page=pages.get(line.number, line.page)) for line in source.lines]
    return replace(source, lines=lines, pages=max((line.page for line in lines), default=1))


def document_from_blocks(blocks: list[Block], *, unit: str) -> dict[str, Any]:
    """The virkplan/1 document the blocks describe (see `assemble.assemble`)."""
    from .assemble import assemble

    return assemble(blocks, unit=unit)
