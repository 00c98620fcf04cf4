"""Fixtures and readers for the report tests: PDFs taken apart with pdfplumber.

Rendering a PDF takes a second or so, so the demo plans' PDFs are rendered
once per module, with what the tests expect read from the database at the
same time (in a transaction that is rolled back afterwards).
"""

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from django.db import transaction
from django.utils import translation

from virkplan.demo.services import demo_load
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


@dataclass
class Word:
    text: str
    page: int  # from 0
    top: float
    x0: float


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
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages):
            lines = page.extract_text_lines()
            text.lines.append([line["text"] for line in lines])
            text.tops.append([line["top"] for line in lines])
            text.words.append(
                [
                    Word(w["text"], number, w["top"], w["x0"])
                    for w in page.extract_words(keep_blank_chars=False, use_text_flow=True)
                ]
            )
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
    django_db_blocker,
    expectations: Callable[[str], dict[str, Any]],
    keys: tuple[str, ...] = (PLAN_2014, PLAN_2012),
    statuses: bool = True,
) -> dict[str, Rendered]:
    """The demo plans as PDFs, with `expectations(key)` read from the same database."""
    rendered = {}
    with django_db_blocker.unblock(), transaction.atomic():
        assert demo_load() is not None
        for key in keys:
            content = pdf_of(key, statuses=statuses)
            rendered[key] = Rendered(content, read_pdf(content), expectations(key))
        transaction.set_rollback(True)
    return rendered


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
