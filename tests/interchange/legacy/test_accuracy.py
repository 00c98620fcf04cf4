"""The reference plan reads back as the demo's hand transcription of it."""

from __future__ import annotations

from pathlib import Path

from virkplan.demo.services import demo_document
from virkplan.interchange.legacy import accuracy
from virkplan.interchange.legacy.services import document_from_blocks, reading_from_file

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "albertslund-miljo-teknik-2014.txt"


def read_reference() -> dict:
    reading = reading_from_file(REFERENCE.read_bytes(), REFERENCE.name, unit="miljo-teknik")
    return document_from_blocks(reading.blocks, unit="miljo-teknik")


def test_the_packaged_reference_is_the_reference_text():
    assert accuracy.REFERENCE.read_bytes() == REFERENCE.read_bytes()


def test_both_plans_all_focus_areas_and_all_goals_are_found_exactly():
    figures = accuracy.compare(demo_document(), read_reference())
    assert figures.plans == (2, 2)
    assert figures.focus_areas == (8, 8)
    assert figures.goals_found == (35, 35)
    assert figures.goals_exact == 35
    assert figures.goals_wrong == []


def test_every_paragraph_lands_under_its_goal_in_its_field():
    figures = accuracy.compare(demo_document(), read_reference())
    assert figures.paragraphs == 199
    assert figures.misplaced == []
    assert figures.missing == []
    assert figures.extra == []
    assert figures.placed_right == figures.paragraphs


def test_the_plans_have_the_reference_periods_titles_and_sections():
    later, earlier = read_reference()["plans"]
    assert (later["title"], later["period"]) == (
        "Virksomhedsplan 2014",
        {"start": 2014, "end": 2014},
    )
    assert [s["title"] for s in later["sections"]] == [
        "Indledning",
        "Hvem er vi?",
        "Hvorfor er vi her?",
    ]
    assert later["focus_area_intro"].startswith("Albertslund Kommunes strategi og vision")
    assert (earlier["title"], earlier["period"]) == (
        "Virksomhedsplan 2012–2013",
        {"start": 2012, "end": 2013},
    )
    assert earlier["follow_up_intro"].startswith("MTF virksomhedsplan 2012 – 2013 havde")
    assert next((a["title"], a["tagline"]) for a in later["focus_areas"]) == (
        "Bo i Albertslund",
        "Den attraktive kommune",
    )


def test_the_script_prints_the_figures_and_succeeds(capsys):
    status = accuracy.main([str(REFERENCE)])
    printed = capsys.readouterr().out
    assert "goals exact:            35 of 35" in printed
    assert "paragraphs misplaced:   0" in printed
    assert status == 0
