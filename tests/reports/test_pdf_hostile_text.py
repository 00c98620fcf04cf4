"""Text a user typed never steers the PDF: `$` is a dollar, a link never reaches the server's files.

The chart is an SVG drawn from a template, where a title is only ever text
(a drawing library would read `$...$` as mathematics unless told not to);
WeasyPrint resolves relative addresses against its base URL, which for a
document rendered from a string on the server would be a folder on the server.
Both are checked on the document itself.
"""

import base64
import io
import re
from html import unescape

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from virkplan.plans.models import FollowUp, Plan, PlanFocusArea
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.reports.pdf import PrintUrlFetcher, font_faces_css, plan_html
from virkplan.reports.selectors import plan_report

from .conftest import PLAN_2012, pdf_of, read_pdf, squash

pytestmark = pytest.mark.django_db

HOSTILE_TITLES = [
    "Pris i $^$ kr.",
    "Mål $\\alpha$ og $x_1$",
    "C:\\mapper\\{navn}",
    "50 % af {alle} $",
]
HOSTILE_LINKS = (
    "Se [Miljørapporten](../../etc/passwd), ![Kortet](/etc/passwd), "
    "[Bilaget](file:///etc/passwd) og [Kommunens side](https://www.albertslund.dk/)."
)


def _chart_svg(html: str) -> str:
    """The status chart the print HTML embeds as a data: image."""
    source = re.search(r'class="vp-chart-image" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert source, "no chart in the print HTML"
    return base64.b64decode(source.group(1)).decode()


def _link_targets(pdf: bytes) -> list[str]:
    """Every external address the PDF's link annotations point at."""
    targets = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Every address WeasyPrint actually opens while the test runs."""
    opened: list[str] = []
    original = URLFetcher.fetch

    def recording(self, url, headers=None):
        opened.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", recording)
    return opened


def test_titles_with_dollars_print_as_written(demo) -> None:
    # Given the followed-up plan with its title and focus-area titles full of $, \, {} and %
    areas = PlanFocusArea.objects.filter(plan__key=PLAN_2012).order_by("position")
    for plan_focus_area, title in zip(areas, HOSTILE_TITLES, strict=True):
        plan_focus_area.focus_area.title = title
        plan_focus_area.focus_area.save()
    plan = areas[0].plan
    plan.title = "Plan $^$ 2012–2013 {50 %}"
    plan.save()

    # When the PDF is made
    pdf = pdf_of(PLAN_2012)

    # Then it shows every title as typed
    text = read_pdf(pdf).body_text()
    for title in [*HOSTILE_TITLES, plan.title]:
        assert squash(title) in text, title
    # And the chart in it draws the focus areas' titles as text, as typed
    report = plan_report(user=SYSTEM_ACTOR, key=PLAN_2012)
    labels = re.findall(r"<text\b[^>]*>([^<]*)</text>", _chart_svg(plan_html(report)))
    assert set(HOSTILE_TITLES) <= {unescape(label) for label in labels}


def test_chart_text_saying_font_family_is_not_rewritten(demo) -> None:
    # Given a focus-area title that looks like the SVG's own style
    plan_focus_area = PlanFocusArea.objects.filter(plan__key=PLAN_2012).first()
    plan_focus_area.focus_area.title = 'style="font-family: Comic"'
    plan_focus_area.focus_area.save()

    # When the chart is made for print
    report = plan_report(user=SYSTEM_ACTOR, key=PLAN_2012)
    svg = _chart_svg(plan_html(report))

    # Then the title is drawn as written, while the labels are set in the document's typeface
    labels = [unescape(label) for label in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]
    assert plan_focus_area.focus_area.title in labels
    svg_tag = re.match(r"<svg\b[^>]*>", svg)
    assert svg_tag and "font-family=\"'IBM Plex Sans', sans-serif\"" in svg_tag[0]
    assert "Comic" not in svg_tag[0]


def test_links_in_markdown_never_point_into_the_servers_files(demo, fetched) -> None:
    # Given a plan's introduction and a follow-up linking relatively, to a file: address
    # and as an image
    plan = Plan.objects.get(key=PLAN_2012)
    plan.follow_up_intro = HOSTILE_LINKS
    plan.save()
    follow_up = FollowUp.objects.filter(goal__plan_focus_area__plan__key=PLAN_2012).first()
    follow_up.text = HOSTILE_LINKS
    follow_up.save()

    # When the PDF is made
    pdf = pdf_of(PLAN_2012)

    # Then the only address a reader can follow is the web link; the rest is plain text
    assert set(_link_targets(pdf)) == {"https://www.albertslund.dk/"}
    text = read_pdf(pdf).body_text()
    assert text.count("Miljørapporten") == 2
    assert text.count("Bilaget") == 2
    # And WeasyPrint opened nothing but the typeface's files and the chart
    assert fetched
    for url in fetched:
        assert url.startswith("data:") or (url.startswith("file:") and url.endswith(".ttf")), url


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/../etc/passwd",
        "http://127.0.0.1:8103/",
        "https://example.org/logo.png",
        "ftp://example.org/x",
    ],
)
def test_the_print_fetcher_refuses_anything_but_its_own_files(url: str) -> None:
    with pytest.raises(ValueError):
        PrintUrlFetcher().fetch(url)


def test_the_print_fetcher_serves_the_typeface() -> None:
    font = re.search(r'url\("(file:[^"]+\.ttf)"\)', font_faces_css())
    assert font, "the typeface's files are not found (npm ci)"
    response = PrintUrlFetcher().fetch(font.group(1))
    assert response.read(4) in (b"\x00\x01\x00\x00", b"true", b"OTTO")
