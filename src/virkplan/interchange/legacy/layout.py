"""What on a page is not the plan's text: running headers and footers, page
numbers and the table of contents, and what the table of contents tells
about the headings."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .labels import (
    CONTINUED,
    CRITERION_LABEL,
    FOLLOW_UP_LABEL,
    GOAL_LABEL,
    PAGE_NUMBER,
    TOC_TITLE,
    clean,
    ends_sentence,
    heading_key,
    starts_lower,
    toc_entry,
)
from .source import Line

REPEATS_FOR_HEADER = 3
"""A short line seen this many times at the edges of pages is a running header or footer."""
EDGE_LINES = 3


@dataclass(frozen=True)
class TocEntry:
    title: str
    key: str
    level: int
    page: int


@dataclass
class Layout:
    noise: set[int]
    """Line numbers of running headers, footers and page numbers."""
    toc_lines: set[int]
    toc: list[TocEntry]
    pages: dict[int, int]
    """Page of each line number, from the file's own pages or from page-number lines."""


def _is_label(text: str) -> bool:
    return any(label.match(text) for label in (GOAL_LABEL, CRITERION_LABEL, FOLLOW_UP_LABEL))


_DIGITS = re.compile(r"\d+")


def _shape(text: str) -> str:
    return _DIGITS.sub("#", clean(text).casefold())


def _noise(lines: list[Line], headings: set[str]) -> tuple[set[int], dict[int, int]]:
    """Page numbers, and short lines repeated at the edges of pages (running
    headers and footers); page numbers also give pages to a text layer that
    has lost its page breaks. A repeated line that ends a sentence is text."""
    counts = Counter(
        _shape(line.text)
        for line in lines
        if not line.blank and len(clean(line.text)) <= 100 and not _is_label(clean(line.text))
    )
    markers: dict[int, int] = {}
    for line in lines:
        text = clean(line.text)
        number = PAGE_NUMBER.match(text) if text and not line.blank else None
        if number and (text[:1].isalpha() or counts[_shape(text)] >= REPEATS_FOR_HEADER):
            markers[line.number] = int(number["n"])
    edges = _page_edges(lines, markers)
    noise = set(markers)
    for line in lines:
        text = clean(line.text)
        if (
            text
            and not line.blank
            and counts[_shape(text)] >= REPEATS_FOR_HEADER
            and not ends_sentence(text)
            and not starts_lower(text)
            and not _is_label(text)
            and line.number in edges
            and not line.column
            and not line.style
            and heading_key(text) not in headings
        ):
            noise.add(line.number)
    noise |= _repeated_headings(lines)
    noise |= _page_furniture(lines, counts, headings)
    return noise, markers


_NUMBERED_FOOT = re.compile(r"^(?P<name>.{2,80}?)\s*[|·–-]\s*(?:side\s+)?(?P<n>\d{1,4})$", re.I)
"""A running foot that names the plan or unit and the page: 'Jobcenter Nord | 2'."""
_UNIT_LINE = re.compile(r"^(?:\S+(?: \S+)? Kommune|Region \S+(?: \S+)?)\s+[|·–-]\s+[^.!?:]{2,60}$")
"""A municipality's or region's name and a unit's, as a page's margin prints them."""


def _page_furniture(lines: list[Line], counts: Counter[str], headings: set[str]) -> set[int]:
    """Page furniture of short plans, set apart at a page's first or last line: a page
    number that is the page's own ('2', 'Side 2', 'Jobcenter Nord | 2'), a line that
    stands first or last on each of two pages, and a municipality's name with its
    unit's ('Holm Kommune · Borgerservice')."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        if not line.blank and clean(line.text):
            by_page.setdefault(line.page, []).append(line)
    furniture: set[int] = set()
    for page, page_lines in by_page.items():
        for line in (page_lines[0], page_lines[-1]) if len(page_lines) > 1 else ():
            text = clean(line.text)
            if line.column or line.style or ends_sentence(text) or _is_label(text):
                continue
            number = PAGE_NUMBER.match(text) or _NUMBERED_FOOT.match(text)
            own_number = number is not None and int(number["n"]) == page
            named = _UNIT_LINE.match(text) is not None or (
                len(by_page) >= 2
                and counts[_shape(text)] >= len(by_page)
                and len(text) <= 80
                and _at_edges(lines, _shape(text), by_page)
            )
            if own_number or (named and heading_key(text) not in headings):
                furniture.add(line.number)
    return furniture


def _at_edges(lines: list[Line], shape: str, by_page: dict[int, list[Line]]) -> bool:
    """Whether every line of this shape is the first or last of its page."""
    edges = {n for page in by_page.values() for n in (page[0].number, page[-1].number)}
    return all(
        line.number in edges for line in lines if not line.blank and _shape(line.text) == shape
    )


def _repeated_headings(lines: list[Line]) -> set[int]:
    """A goal's heading repeated at the top of a page the goal runs onto, 'Mål: … (fortsat)'
    on up to three lines (virkplan's own PDF prints it under the running header): the goal
    is already there, on the page before."""
    repeated: set[int] = set()
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        if not line.blank:
            by_page.setdefault(line.page, []).append(line)
    if len(by_page) < 2:
        return repeated
    for page_lines in by_page.values():
        for start, line in enumerate(page_lines[:EDGE_LINES]):
            if not GOAL_LABEL.match(clean(line.text)):
                continue
            heading = page_lines[start : start + 3]
            for end, last in enumerate(heading):
                if CONTINUED.search(clean(last.text)):
                    repeated.update(part.number for part in heading[: end + 1])
                    break
    return repeated


def _page_edges(lines: list[Line], markers: dict[int, int]) -> set[int]:
    """Line numbers near the top or bottom of a page, or near a page number."""
    edges: set[int] = set()
    by_page: dict[int, list[int]] = {}
    for line in lines:
        if not line.blank:
            by_page.setdefault(line.page, []).append(line.number)
    if len(by_page) > 1:
        for numbers in by_page.values():
            edges.update(numbers[:EDGE_LINES], numbers[-EDGE_LINES:])
    text_numbers = [line.number for line in lines if not line.blank]
    for position, number in enumerate(text_numbers):
        if number in markers:
            edges.update(text_numbers[max(0, position - EDGE_LINES) : position + EDGE_LINES + 1])
    return edges


def _pages(lines: list[Line], markers: dict[int, int]) -> dict[int, int]:
    if any(line.page != 1 for line in lines) or not markers:
        return {line.number: line.page for line in lines}
    pages: dict[int, int] = {}
    first = min(markers)
    page = max(1, markers[first] - 1)
    for line in lines:
        if line.number in markers:
            page = max(page, markers[line.number])
        pages[line.number] = page
    return pages


def _table_of_contents(lines: list[Line]) -> tuple[set[int], list[TocEntry]]:
    """Entries with dotted leaders and a page number. Entries are grouped by the
    blank lines between them; the first of each group is a main heading and
    the rest its subheadings (when there is only one group, all are main)."""
    toc_lines: set[int] = set()
    groups: list[list[tuple[str, int]]] = [[]]
    gap = False
    for line in lines:
        text = clean(line.text)
        entry = toc_entry(line.text.strip()) if text else None
        if entry and ("." * 4 in text or "…" in text or toc_lines):
            if gap and groups[-1]:
                groups.append([])
            gap = False
            title = clean(TOC_TITLE.sub("", entry[0])).strip(" .")
            if title:
                groups[-1].append((title, entry[1]))
            toc_lines.add(line.number)
        elif line.blank:
            gap = bool(toc_lines)
        elif toc_lines:
            if TOC_TITLE.fullmatch(text):
                toc_lines.add(line.number)
                continue
            break
        elif TOC_TITLE.fullmatch(text):
            toc_lines.add(line.number)
    groups = [g for g in groups if g]
    entries: list[TocEntry] = []
    for group in groups:
        for position, (title, page) in enumerate(group):
            level = 1 if position == 0 or len(groups) == 1 else 2
            entries.append(TocEntry(title=title, key=heading_key(title), level=level, page=page))
    return toc_lines, entries


def _headings_as_page_marks(
    lines: list[Line], toc_lines: set[int], toc: list[TocEntry]
) -> dict[int, int]:
    """Where a heading from the table of contents starts, the contents say the page."""
    pages = {entry.key: entry.page for entry in toc}
    marks: dict[int, int] = {}
    for line in lines:
        key = heading_key(line.text) if not line.blank else ""
        if key in pages and line.number not in toc_lines:
            marks[line.number] = pages.pop(key)
    return marks


def layout_of(lines: list[Line]) -> Layout:
    toc_lines, toc = _table_of_contents(lines)
    noise, markers = _noise(lines, {entry.key for entry in toc})
    markers.update(_headings_as_page_marks(lines, toc_lines, toc))
    return Layout(
        noise=noise - toc_lines, toc_lines=toc_lines, toc=toc, pages=_pages(lines, markers)
    )
