"""The logo on the printed plan's front page: the plan's unit's own, else the nearest one
above it (normally the municipality's), in the PDF and in Word."""

import io

import pdfplumber
import pytest
from docx import Document
from docx.document import Document as DocumentObject

from tests.organisation.logo_files import png, svg, with_logo
from virkplan.organisation.models import Unit
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.reports.exports import plan_file
from virkplan.reports.selectors import plan_report

from .conftest import PLAN_2014, pdf_of
from .test_pdf import _structure

# The demo's documents are made again and again here: each layout once (tests/layouts.py)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_layouts")]

MM = 72 / 25.4  # PDF points in a millimetre


def word(key: str) -> DocumentObject:
    return Document(io.BytesIO(plan_file(user=SYSTEM_ACTOR, key=key, format="docx").content))


def page_images(content: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.images for page in pdf.pages]


def front_page_images(content: bytes) -> list[dict]:
    """The pictures on the front page: only that page is read (pdfplumber reads a page whole,
    its text too, to find them)."""
    with pdfplumber.open(io.BytesIO(content), pages=[1]) as pdf:
        return pdf.pages[0].images


def test_the_pdf_front_page_shows_the_municipalitys_logo_within_40_by_20_mm(
    demo, media_root
) -> None:
    municipality = with_logo(Unit.objects.get(key="albertslund"), "logo.png", png(600, 100))

    content = pdf_of(PLAN_2014)

    images = page_images(content)
    assert len(images[0]) == 1
    logo = images[0][0]
    assert (logo["srcsize"]) == (600, 100)
    width, height = (logo["x1"] - logo["x0"]) / MM, (logo["bottom"] - logo["top"]) / MM
    assert width == pytest.approx(40, abs=0.5) and height <= 20
    assert not any(images[1:])
    # Read aloud by the name of the unit it belongs to
    figures = [e["Alt"] for e in _structure(content) if e["S"] == "Figure"]
    assert municipality.name in figures


def test_a_tall_logo_is_at_most_20_mm_high(demo, media_root) -> None:
    with_logo(Unit.objects.get(key="albertslund"), "logo.png", png(100, 400))

    logo = front_page_images(pdf_of(PLAN_2014))[0]

    assert (logo["bottom"] - logo["top"]) / MM == pytest.approx(20, abs=0.5)
    assert (logo["x1"] - logo["x0"]) / MM == pytest.approx(5, abs=0.5)


def test_the_units_own_logo_comes_before_the_municipalitys(demo, media_root) -> None:
    with_logo(Unit.objects.get(key="albertslund"), "kommune.png", png())
    unit = with_logo(Unit.objects.get(key="miljo-teknik"), "mt.svg", svg())

    report = plan_report(user=SYSTEM_ACTOR, key=PLAN_2014)

    assert report.logo is not None
    assert (report.logo.kind, report.logo.data, report.logo.alt) == ("svg", svg(), unit.name)


@pytest.fixture(scope="module")
def untouched_2014(demo_documents) -> tuple[bytes, bytes]:
    """The 2014 plan's PDF and Word document, as the untouched demo prints them (made once for
    the session)."""
    return demo_documents.get(PLAN_2014), demo_documents.get(PLAN_2014, "docx")


def test_without_a_logo_anywhere_the_front_page_has_none(demo, untouched_2014) -> None:
    # Given the demo, where no unit has a logo
    assert not Unit.objects.exclude(logo="").exists()
    content, word_file = untouched_2014

    assert front_page_images(content) == []
    document = Document(io.BytesIO(word_file))
    assert len(document.inline_shapes) == 1  # the organisation chart only


def test_a_logo_whose_file_is_gone_leaves_the_documents_without_one(demo, media_root) -> None:
    unit = with_logo(Unit.objects.get(key="albertslund"), "logo.png", png())
    unit.logo.storage.delete(unit.logo.name)

    assert plan_report(user=SYSTEM_ACTOR, key=PLAN_2014).logo is None
    assert front_page_images(pdf_of(PLAN_2014)) == []


@pytest.mark.parametrize("name, data", [("logo.png", png(600, 100)), ("logo.svg", svg())])
def test_word_shows_the_logo_on_the_front_page_with_its_name(demo, media_root, name, data) -> None:
    municipality = with_logo(Unit.objects.get(key="albertslund"), name, data)

    document = word(PLAN_2014)

    # The first paragraph holds the logo, right-aligned, 40 mm wide (both are 6:1 or 3:1)
    first = document.paragraphs[0]
    pictures = first._p.xpath(".//pic:pic")
    assert len(pictures) == 1
    logo = document.inline_shapes[0]
    assert logo._inline.docPr.get("descr") == municipality.name
    assert logo.width.mm == pytest.approx(40, abs=0.1)
    assert logo.height.mm <= 20
    blip = logo._inline.graphic.graphicData.pic.blipFill.blip.embed
    picture = document.part.related_parts[blip]
    assert picture.content_type == "image/png"
