"""Fixtures and readers for the report tests: PDFs taken apart with pdfplumber.

Making a PDF of a demo plan takes a second or so, and reading it back with pdfplumber
(pure-Python pdfminer) longer: the untouched demo's documents are made once per session
(tests/documents.py), and a PDF is read once per session however many tests read the same
bytes (`pdf_pages`). What the tests expect is read from the untouched demo too, in a
transaction that is rolled back afterwards.
"""

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.documents import DemoDocuments
from tests.layouts import layouts_made_each_time
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.reports.exports import plan_file

PLAN_2014 = "mt-2014"
PLAN_2012 = "mtf-2012-2013"
MM = 72 / 25.4  # PDF points in a millimetre
# Where a page's text area starts (print.css, @page's top margin): above it, the running
# header and, on a page a goal runs onto, the goal's repeated heading.
PAGE_AREA_TOP = 27 * MM
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the site's default language, whatever an earlier test activated."""
    translation.deactivate()
    yield
    translation.deactivate()


def in_language(language: str, message: str, **values: Any) -> str:
    """A source string as a reader sees it in the language, placeholders filled in."""
    with translation.override(language):
        text = translation.gettext(message)
    return text % values if values else text


def danish(message: str, **values: Any) -> str:
    return in_language("da", message, **values)


def english(message: str, **values: Any) -> str:
    return in_language("en", message, **values)


def squash(text: str) -> str:
    """Text without whitespace: line breaks in a PDF compare equal to spaces in the database."""
    return re.sub(r"\s+", "", text)


def shown(markdown: str) -> str:
    """The text a Markdown source shows: heading, list and emphasis marks dropped."""
    text = re.sub(r"^\s*(#{1,6}|[-*+]|\d+[.)])\s+", "", markdown, flags=re.M)
    return re.sub(r"(\*\*|__|\*|_)(\S.*?\S|\S)\1", r"\2", text)


@dataclass(frozen=True)
class Word:
    text: str
    page: int  # from 0
    top: float
    x0: float


@dataclass(frozen=True)
class TextLine:
    text: str
    top: float
    bottom: float
    size: float  # the largest character on the line, in points


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (WeasyPrint draws backgrounds and borders as such)."""

    top: float
    bottom: float
    height: float
    x0: float
    x1: float
    colour: Any


@dataclass(frozen=True)
class PdfPage:
    """What pdfplumber reads on a page: its lines, its words in the order of the text, and
    its filled rectangles."""

    lines: tuple[TextLine, ...]
    words: tuple[Word, ...]
    rects: tuple[Rect, ...]


_READ: dict[bytes, tuple[PdfPage, ...]] = {}


def pdf_pages(content: bytes) -> tuple[PdfPage, ...]:
    """The PDF's pages as pdfplumber reads them, read once per session for the same bytes
    (WeasyPrint writes the same bytes for the same plan): each page's characters are taken
    from it once, for its lines, its words and its rectangles alike."""
    digest = hashlib.sha256(content).digest()
    if digest not in _READ:
        _READ[digest] = _read_pages(content)
    return _READ[digest]


def _colour(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _read_pages(content: bytes) -> tuple[PdfPage, ...]:
    pages = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages):
            lines = tuple(
                TextLine(
                    line["text"],
                    line["top"],
                    line["bottom"],
                    max(char["size"] for char in line["chars"]),
                )
                for line in page.extract_text_lines()
            )
            words = tuple(
                Word(w["text"], number, w["top"], w["x0"])
                for w in page.extract_words(keep_blank_chars=False, use_text_flow=True)
            )
            rects = tuple(
                Rect(
                    r["top"],
                    r["bottom"],
                    r["height"],
                    r["x0"],
                    r["x1"],
                    _colour(r["non_stroking_color"]),
                )
                for r in page.rects
                if r["fill"]
            )
            pages.append(PdfPage(lines, words, rects))
    return tuple(pages)


@dataclass
class PdfText:
    """A PDF's text: each page's lines, and its words with their positions."""

    lines: list[list[str]] = field(default_factory=list)
    words: list[list[Word]] = field(default_factory=list)
    # Each line's top edge, in points from the top of the page
    tops: list[list[float]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.lines)

    def body(self, page: int) -> list[str]:
        """The page's lines in its text area, below the running header and a goal's repeated
        heading (the front page has neither)."""
        if not page:
            return self.lines[page]
        return [
            line
            for line, top in zip(self.lines[page], self.tops[page], strict=True)
            if top >= PAGE_AREA_TOP
        ]

    def top_margin(self, page: int) -> list[str]:
        """The page's lines above its text area: the running header, and the heading of a goal
        that runs onto the page."""
        return [
            line
            for line, top in zip(self.lines[page], self.tops[page], strict=True)
            if top < PAGE_AREA_TOP
        ]

    def body_text(self) -> str:
        """The text of every page without running headers, squashed."""
        return squash("".join("".join(self.body(n)) for n in range(self.pages)))


def read_pdf(content: bytes) -> PdfText:
    text = PdfText()
    for page in pdf_pages(content):
        text.lines.append([line.text for line in page.lines])
        text.tops.append([line.top for line in page.lines])
        text.words.append(list(page.words))
    return text


def pdf_of(key: str, language: str = "da", user=SYSTEM_ACTOR, statuses: bool = True) -> bytes:
    with translation.override(language):
        return plan_file(user=user, key=key, format="pdf", statuses=statuses).content


@dataclass
class Rendered:
    """A demo plan's PDF, its text, and the database rows it should show."""

    pdf: bytes
    text: PdfText
    expected: dict[str, Any]


def render_demo_plans(
    documents: DemoDocuments,
    expectations: Callable[[str], dict[str, Any]],
    keys: tuple[str, ...] = (PLAN_2014, PLAN_2012),
    statuses: bool = True,
) -> dict[str, Rendered]:
    """The demo plans as PDFs, with `expectations(key)` read from the untouched demo."""
    rendered = {}
    with documents.untouched():
        for key in keys:
            content = documents.get(key, statuses=statuses)
            rendered[key] = Rendered(content, read_pdf(content), expectations(key))
    return rendered


# Queries and the layout ---------------------------------------------------------------------


@pytest.fixture
def layouts(monkeypatch) -> Iterator[list[int]]:
    """Each WeasyPrint layout made in the test, as the number of queries made while it ran.

    The layout (weasyprint.HTML.render) is given the document's HTML as a string, and opens
    nothing but the typeface's files and `data:` images (reports.pdf.PrintUrlFetcher): it
    never asks the database. The query counts of a download check that it does not, on
    layouts made there and then (never one kept from before, tests/layouts.py)."""
    from weasyprint import HTML

    counts: list[int] = []
    render = HTML.render

    def counted(self, *args, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            document = render(self, *args, **kwargs)
        counts.append(len(queries))
        return document

    monkeypatch.setattr(HTML, "render", counted)
    with layouts_made_each_time():
        yield counts


class _NoPages:
    """A laid-out document of no pages."""

    pages: tuple[Any, ...] = ()


@pytest.fixture
def layouts_left_out(monkeypatch) -> list[int]:
    """WeasyPrint's layout left out: each HTML document "laid out" in no pages, and counted.

    Only for the query counts of a plan ten times the demo, whose Word document would
    otherwise be laid out in some 150 pages (most of a test's time) for a contents list no
    test there reads; everything before the layout (the report, the HTML, the charts) and
    after it (the Word document, its row, the file) is made as for any download. The same
    download at the demo's size, laid out, pins the count and checks with `layouts` that the
    layout asks the database nothing."""
    from weasyprint import HTML

    calls: list[int] = []

    def left_out(self, *args, **kwargs) -> _NoPages:
        calls.append(0)
        return _NoPages()

    monkeypatch.setattr(HTML, "render", left_out)
    return calls


@pytest.fixture
def draft(db):
    """An unpublished plan with a goal, a target, and a follow-up, in a unit of its own."""
    from decimal import Decimal

    from tests.factories import (
        CriterionFactory,
        FollowUpFactory,
        GoalFactory,
        PlanFactory,
        PlanFocusAreaFactory,
        UnitFactory,
    )
    from virkplan.plans.models import Comparison, FollowUpStatus, PlanStatus

    unit = UnitFactory(key="byg-og-miljo", name="Byg & Miljø")
    plan = PlanFactory(
        key="bm-2026-kladde", title="Virksomhedsplan 2026", unit=unit, status=PlanStatus.DRAFT
    )
    area = PlanFocusAreaFactory(plan=plan, focus_area__title="Klima")
    goal = GoalFactory(plan_focus_area=area, statement="Vi vil spare på energien.")
    criterion = CriterionFactory(
        goal=goal,
        text="Energiforbruget er faldet.",
        comparison=Comparison.AT_LEAST,
        value=Decimal("3.79"),
        unit_of_measure="%",
    )
    follow_up = FollowUpFactory(goal=goal, status=FollowUpStatus.PARTLY_MET, text="Næsten.")
    follow_up.criteria.add(criterion)
    return plan
