"""The plan as a PDF document, from HTML templates and a print style sheet, by WeasyPrint.

The document follows the printed plans departments already send to their
council: a front page with a contact block, contents with page numbers, a
running header with the plan's title and unit, the focus areas with their
goals and documentation, and for a followed-up plan a status overview and
each goal's documentation beside its follow-up. A goal that runs onto the next
page repeats its heading there, marked "(fortsat)" (print.css).

The PDF is tagged (PDF/UA-1): headings, lists and tables are marked for
screen readers, the document has a title and a language, and the fonts are
embedded.
"""

import logging
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from virkplan.core.display import content_language
from virkplan.indicators.charts import ChartItem, criteria_charts
from virkplan.indicators.selectors import criteria_progress

from .charts import status_chart_image
from .orgchart import organisation_chart_image
from .pictures import logo_image
from .selectors import PlanReport

logger = logging.getLogger(__name__)

PRINT_STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "print.css"
FONT_FAMILY = "IBM Plex Sans"
# Det Fælles Designsystem's typeface (SIL Open Font License), from its npm package.
FONT_DIRECTORY = "dkfds/fonts/IBMPlexSans/complete/ttf"
FONT_FACES = [
    ("IBMPlexSans-Regular.ttf", 400, "normal"),
    ("IBMPlexSans-Italic.ttf", 400, "italic"),
    ("IBMPlexSans-SemiBold.ttf", 600, "normal"),
    ("IBMPlexSans-SemiBoldItalic.ttf", 600, "italic"),
    ("IBMPlexSans-Bold.ttf", 700, "normal"),
    ("IBMPlexSans-BoldItalic.ttf", 700, "italic"),
]


def _static_file(path: str) -> Path | None:
    """A static file on disk: from the finders (development), else from STATIC_ROOT."""
    found = finders.find(path)
    if isinstance(found, str):
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / path
    return collected if collected.is_file() else None


@cache
def _font_files() -> dict[str, Path]:
    """The typeface's files found on disk, by file name."""
    found = {}
    for filename, _weight, _style in FONT_FACES:
        path = _static_file(f"{FONT_DIRECTORY}/{filename}")
        if path is not None:
            found[filename] = path.resolve()
    return found


def font_file(filename: str) -> Path | None:
    """One of the typeface's files (FONT_FACES) on disk; None when it is not found."""
    return _font_files().get(filename)


class PrintUrlFetcher(URLFetcher):
    """Fetches what the document itself refers to, and nothing else.

    The document needs its typeface's files and the chart (a `data:` URL).
    Anything else, a `file:` path elsewhere on the server or a network
    address, is refused (WeasyPrint then logs it and leaves it out), so no
    text in a plan can make the server read its own files or call others.
    """

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path in _font_files().values():
                return super().fetch(url, headers)
        raise ValueError(f"The PDF does not fetch {url[:200]}")


@cache
def font_faces_css() -> str:
    """@font-face rules for the embedded typeface, pointing at the font files on disk."""
    rules = []
    for filename, weight, style in FONT_FACES:
        path = _font_files().get(filename)
        if path is None:
            logger.warning(
                "%s not found (run `npm ci`); the PDF falls back to the system's sans-serif.",
                filename,
            )
            continue
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def _indicator_charts(report: PlanReport) -> dict[int, list[ChartItem]]:
    """The charts of the criteria measured by indicators, of the plan and the one it follows
    up, by goal id."""
    criteria = []
    current: PlanReport | None = report
    while current is not None:
        criteria += [c for goal in current.goals for c in goal.criteria.all()]
        current = current.previous
    return criteria_charts(criteria_progress(criteria), font_family=FONT_FAMILY, in_print=True)


def plan_html(report: PlanReport) -> str:
    """The plan as one HTML document for print, in the active language."""
    context = {
        "document_language": content_language(),
        "report": report,
        "plan": report.plan,
        "summary": report.summary,
        "chart_image": (
            status_chart_image(summary=report.summary, font_family=FONT_FAMILY)
            if report.status_part
            else ""
        ),
        "logo_image": logo_image(report.logo),
        "indicator_charts": _indicator_charts(report),
        "organisation_chart": report.organisation_chart,
        "organisation_chart_image": (
            organisation_chart_image(
                chart=replace(report.organisation_chart, font_family=FONT_FAMILY)
            )
            if report.organisation_chart
            else ""
        ),
    }
    return render_to_string("reports/pdf/plan.html", context)


def _render(report: PlanReport) -> Any:
    """The plan laid out in pages by WeasyPrint (a weasyprint.Document)."""
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=font_faces_css(), font_config=fonts, url_fetcher=PrintUrlFetcher()),
        CSS(filename=str(PRINT_STYLESHEET), font_config=fonts, url_fetcher=PrintUrlFetcher()),
    ]
    # No base URL: a relative address in the document must never resolve into the server's
    # folders (the Markdown filter already drops relative links; this is the second lock).
    fetcher = PrintUrlFetcher()
    return HTML(string=plan_html(report), base_url=None, url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=fonts
    )


def plan_pdf(report: PlanReport) -> bytes:
    """The plan as a tagged PDF (PDF/UA-1) with embedded fonts."""
    pdf = _render(report).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf


def anchor_pages(report: PlanReport) -> dict[str, int]:
    """The page, from 1, on which each part and focus area of the printed plan starts.

    Keyed by the element's id (`section-1`, `status`, `focus-areas`,
    `focus-area-2`, `previous-follow-up`, ...): the pages the PDF's own
    contents show, for a document laid out like it (reports.docx).
    """
    pages: dict[str, int] = {}
    for number, page in enumerate(_render(report).pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages
