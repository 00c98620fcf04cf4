"""Users' Markdown: as sanitised HTML for pages and the PDF, as blocks of text runs for the rest.

Pages and the PDF show it as HTML: markdown-it-py renders it with raw HTML
switched off, and nh3 keeps only the tags below. Word and the spreadsheets
need the text itself, with paragraphs, headings, list items and emphasis
kept apart (`markdown_blocks`, `markdown_plain`).

A link keeps its address only when it is absolute http(s) or mailto, in
every format: a relative address means nothing in a PDF or a downloaded
file (WeasyPrint would resolve it into the server's folders), so it keeps
just its text. Raw HTML is never interpreted (it stays text).
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
}


# A text is rendered once per process and kept, so a page shown again does not parse its
# Markdown again; the rendering depends on the text alone. The cache holds at most this many
# texts (a large plan page has several hundred follow-ups) of at most this length, so its
# memory is bounded whatever users type: the demo's texts average 200 characters (follow-ups)
# to 1,900 (sections), which makes a full cache a few MB. A longer text, rare, is rendered
# every time.
CACHED_TEXTS = 4096
CACHED_CHARACTERS = 4000


def markdown_html(text: str | None) -> SafeString:
    """User Markdown as sanitised HTML: no raw HTML, no scripts, no images, safe links only."""
    if not text:
        return mark_safe("")
    plain = _plain_paragraphs(text)
    if plain is not None:
        return plain
    if len(text) > CACHED_CHARACTERS:
        return _render(text)
    return _render_cached(text)


# A line of plain sentences: it starts with a letter (so it opens no list, heading, quote,
# code block or table) and holds none of the characters that start Markdown's inline syntax
# (emphasis, code, links, images, autolinks, hard breaks, tables), an entity or markup, nor
# what the HTML cleaner would write otherwise (a no-break space), nor spaces at its end or
# other kinds of space (Markdown trims those from a paragraph's ends).
_PLAIN_LINE = re.compile(
    r"[^\W\d_][^\\`*_\[\]<>!&#|~={}\x00-\x1f\x7f"
    r"\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*(?<! )"
)


def _plain_paragraphs(text: str) -> SafeString | None:
    """Markdown's own HTML for a text of plain paragraphs (most follow-ups), without parsing it.

    Such a text becomes its paragraphs, each in <p>, their lines as they are: what
    markdown-it and nh3 make of it, byte for byte (tests/core/test_markdown.py checks that on
    texts made at random), at a hundredth of the cost; a plan page shows hundreds, each
    different. None when the text has any line that is not plain.
    """
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            paragraphs.append([])
        elif _PLAIN_LINE.fullmatch(line):
            paragraphs[-1].append(line)
        else:
            return None
    return mark_safe(  # every character is one that needs no escaping (_PLAIN_LINE)
        "".join("<p>" + "\n".join(lines) + "</p>\n" for lines in paragraphs if lines)
    )


def _render(text: str) -> SafeString:
    html = _markdown.render(text)
    return mark_safe(  # nh3 has removed everything but the tags and links above
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            url_relative="deny",
        )
    )


_render_cached = lru_cache(maxsize=CACHED_TEXTS)(_render)


BlockKind = Literal["paragraph", "heading", "bullet", "number", "quote", "code"]


@dataclass
class Run:
    """A piece of text with one look."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@dataclass
class Block:
    """A paragraph, heading (level 1–6), list item (nesting level from 1) or quote."""

    kind: BlockKind
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    marker: str = ""  # a numbered list item's number, as "3."
    list: int = 0  # list items of one list share a number; 0 outside lists

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _runs(inline: Token) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    link_text: list[str] = []
    for token in inline.children or []:
        match token.type:
            case "text" | "code_inline" | "html_inline":
                runs.append(
                    Run(token.content, bool(bold), bool(italic), token.type == "code_inline")
                )
                if href is not None:
                    link_text.append(token.content)
            case "softbreak":
                runs.append(Run(" ", bool(bold), bool(italic)))
            case "hardbreak":
                runs.append(Run("\n", bool(bold), bool(italic)))
            case "strong_open":
                bold += 1
            case "strong_close":
                bold -= 1
            case "em_open":
                italic += 1
            case "em_close":
                italic -= 1
            case "link_open":
                target = str(token.attrGet("href") or "")
                href = target if target.lower().startswith(_SAFE_SCHEMES) else ""
                link_text = []
            case "link_close":
                shown = "".join(link_text)
                if href and href.removeprefix("mailto:") != shown:
                    runs.append(Run(f" ({href.removeprefix('mailto:')})"))
                href = None
            case "image":
                runs.append(Run(token.content))
    return [run for run in runs if run.text]


def markdown_blocks(text: str | None) -> list[Block]:
    """The Markdown text as blocks in reading order; table rows become one paragraph each."""
    if not text:
        return []
    blocks: list[Block] = []
    lists: list[BlockKind] = []
    quote = 0
    heading = 0
    row: list[str] | None = None
    marker = ""
    list_number = 0
    for token in _markdown.parse(text):
        match token.type:
            case "list_item_open":
                marker = f"{token.info}{token.markup}" if lists[-1] == "number" else ""
            case "bullet_list_open" | "ordered_list_open":
                if not lists:
                    list_number += 1
                lists.append("bullet" if token.type == "bullet_list_open" else "number")
            case "bullet_list_close" | "ordered_list_close":
                lists.pop()
            case "blockquote_open":
                quote += 1
            case "blockquote_close":
                quote -= 1
            case "heading_open":
                heading = int(token.tag[1:])
            case "heading_close":
                heading = 0
            case "tr_open":
                row = []
            case "tr_close":
                if row is not None and any(row):
                    blocks.append(Block("paragraph", [Run(" | ".join(row))]))
                row = None
            case "code_block" | "fence":
                blocks.append(Block("code", [Run(token.content.rstrip("\n"), code=True)]))
            case "inline":
                runs = _runs(token)
                if row is not None:
                    row.append("".join(run.text for run in runs))
                elif heading:
                    blocks.append(Block("heading", runs, heading))
                elif lists:
                    blocks.append(Block(lists[-1], runs, len(lists), marker, list_number))
                    marker = ""
                elif quote:
                    blocks.append(Block("quote", runs, quote))
                else:
                    blocks.append(Block("paragraph", runs))
    return blocks


def markdown_plain(text: str | None) -> str:
    """The Markdown text as plain text: paragraphs apart, list items on lines marked "–" or "1."."""
    parts: list[str] = []
    previous: Block | None = None
    for block in markdown_blocks(text):
        item = block.kind in ("bullet", "number")
        if previous is not None:
            together = item and previous.list == block.list
            parts.append("\n" if together else "\n\n")
        prefix = "  " * (block.level - 1) + (block.marker or "–") + " " if item else ""
        parts.append(prefix + block.text)
        previous = block
    return "".join(parts)
