"""The organisation chart: the plan's unit above its units as they were in the plan's period,
after the section that asks for it, on the page, in the PDF and in Word."""

import io
from datetime import date

import pytest
from defusedxml import ElementTree
from docx import Document

from tests.factories import PlanFactory, UnitFactory
from virkplan.organisation.models import Unit, UnitKind
from virkplan.plans.models import Section
from virkplan.reports.orgchart import (
    organisation_chart,
    organisation_chart_svg,
    plan_organisation_chart,
)

from .conftest import PLAN_2014, danish, read_pdf, squash
from .test_pdf import _structure

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def drawn_texts(svg: str) -> list[str]:
    """The lines of text an SVG draws, in order; it must be well-formed XML to be read."""
    root = ElementTree.fromstring(svg)
    return [text.text or "" for text in root.iter(f"{SVG}text")]


def test_hostile_unit_names_are_drawn_as_typed_in_well_formed_svg() -> None:
    unit = UnitFactory.build(name="Miljø & Teknik", kind=UnitKind.DEPARTMENT)
    names = ['<script>alert("x")</script>', "By & Miljø", "]]><x/>"]
    children = [UnitFactory.build(name=name) for name in names]

    svg = organisation_chart_svg(chart=organisation_chart(unit=unit, children=children))

    assert "<script" not in svg
    drawn = " ".join(drawn_texts(svg))
    assert "Miljø & Teknik" in drawn
    for name in names:
        assert squash(name) in squash(drawn)


def test_each_child_has_a_box_below_the_unit_in_rows_of_at_most_three() -> None:
    unit = UnitFactory.build(name="Miljø & Teknik", kind=UnitKind.DEPARTMENT)
    children = [UnitFactory.build(name=f"Enhed {n}") for n in range(7)]

    chart = organisation_chart(unit=unit, children=children)

    top, *boxes = chart.boxes
    assert len(boxes) == 7
    assert all(box.y > top.y + top.height for box in boxes)
    rows: dict[float, int] = {}
    for box in boxes:
        rows[box.y] = rows.get(box.y, 0) + 1
        assert box.x >= 0 and box.x + box.width <= chart.width
    assert sorted(rows.values(), reverse=True) == [3, 3, 1]
    assert max(box.y + box.height for box in boxes) < chart.height


def test_four_units_make_two_rows_of_two() -> None:
    unit = UnitFactory.build(name="Miljø & Teknik", kind=UnitKind.DEPARTMENT)
    children = [UnitFactory.build(name=f"Enhed {n}") for n in range(4)]

    _top, *boxes = organisation_chart(unit=unit, children=children).boxes

    assert sorted({box.y for box in boxes}) == sorted({boxes[0].y, boxes[2].y})
    assert boxes[0].y != boxes[2].y


def _unit_with_history() -> tuple[Unit, dict[str, Unit]]:
    unit = UnitFactory(name="Byg & Miljø", kind=UnitKind.DEPARTMENT)
    children = {
        "always": UnitFactory(parent=unit, name="Sekretariatet"),
        "ended_before": UnitFactory(parent=unit, name="Gammel enhed", valid_to=date(2013, 7, 31)),
        "ended_during": UnitFactory(
            parent=unit,
            name="Nedlagt i 2014",
            valid_from=date(2010, 1, 1),
            valid_to=date(2014, 6, 30),
        ),
        "began_during": UnitFactory(parent=unit, name="Ny i 2014", valid_from=date(2014, 8, 1)),
        "began_after": UnitFactory(parent=unit, name="Ny i 2015", valid_from=date(2015, 1, 1)),
    }
    return unit, children


def test_the_chart_shows_the_units_that_existed_in_the_plans_period() -> None:
    unit, children = _unit_with_history()
    plan = PlanFactory(unit=unit, start_year=2014, end_year=2014)
    Section.objects.create(plan=plan, title="Hvem er vi?", organisation_chart=True)

    chart = plan_organisation_chart(plan=plan)

    assert chart is not None
    shown = {child.name for child in chart.children}
    expected = {children[k].name for k in ("always", "ended_during", "began_during")}
    assert shown == expected
    drawn = " ".join(drawn_texts(organisation_chart_svg(chart=chart)))
    assert "Gammel enhed" not in drawn and "Ny i 2015" not in drawn


def test_a_plan_whose_sections_do_not_ask_for_the_chart_has_none() -> None:
    unit, _children = _unit_with_history()
    plan = PlanFactory(unit=unit, start_year=2014, end_year=2014)
    Section.objects.create(plan=plan, title="Indledning")

    assert plan_organisation_chart(plan=plan) is None


# In the demo: "Hvem er vi?" in the 2014 plan, as in the original --------------------------


@pytest.fixture(scope="module")
def untouched_2014(demo_documents) -> tuple[bytes, bytes]:
    """The 2014 plan's PDF and Word document, as the untouched demo prints them (made once for
    the session)."""
    return demo_documents.get(PLAN_2014), demo_documents.get(PLAN_2014, "docx")


def test_the_pdf_shows_the_chart_with_its_caption_after_the_sections_text(
    demo, untouched_2014
) -> None:
    section = Section.objects.get(plan__key=PLAN_2014, organisation_chart=True)
    following = Section.objects.get(plan__key=PLAN_2014, position=section.position + 1)
    caption = danish("Organisation chart for %(unit)s", unit="Miljø & Teknik")

    content, _word = untouched_2014

    text = squash("".join("".join(lines) for lines in read_pdf(content).lines[1:]))
    last_words = squash(section.body.strip().split("\n")[-1])[-40:]
    text_end, at = text.index(last_words), text.index(squash(caption))
    next_section = text.index(squash(following.title), at)
    assert text_end < at
    # The chart is drawn between the caption and the next section: the units' names
    chart = text[at:next_section]
    for name in ("Ejendom, Vej &", "Forsyning", "Administration", "Afdelingschef"):
        assert squash(name) in chart, name
    # And read aloud as one figure that names the units
    figures = [e["Alt"] for e in _structure(content) if e["S"] == "Figure"]
    assert any("Ejendom, Vej & Park" in alt and "Forsyning" in alt for alt in figures)


def test_word_shows_the_chart_as_a_picture_after_its_caption(untouched_2014) -> None:
    caption = danish("Organisation chart for %(unit)s", unit="Miljø & Teknik")

    _pdf, content = untouched_2014

    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    place = texts.index(caption)
    assert document.paragraphs[place].style.name == "Caption"
    assert document.paragraphs[place + 1]._p.xpath(".//pic:pic")
    assert texts.index("Hvem er vi?") < place < texts.index("Hvorfor er vi her?")
    chart = document.inline_shapes[0]
    assert "GIS, IT & Administration" in chart._inline.docPr.get("descr")
    assert chart.width.mm <= 110


def test_the_plan_page_has_the_chart_and_the_units_as_a_list(client, demo) -> None:
    response = client.get(f"/plan/{PLAN_2014}/")

    page = response.content.decode()
    assert response.status_code == 200
    figure = page[page.index('class="vp-chart vp-organisation-chart"') :]
    figure = figure[: figure.index("</figure>")]
    assert 'role="img"' in figure
    listed = figure[figure.index('class="vp-organisation-list"') :]
    names = Unit.objects.filter(parent__key="miljo-teknik").values_list("name", flat=True)
    for name in names:
        assert f"<li>{name.replace('&', '&amp;')}</li>" in listed
    # After the section's text, before the next section
    section = Section.objects.get(plan__key=PLAN_2014, organisation_chart=True)
    start = page.index(f'id="section-{section.position + 1}"')
    assert start < page.index("vp-organisation-chart") < page.index("</section>", start)
