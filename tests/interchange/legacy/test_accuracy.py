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
    assert figures.paragraphs == 198
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


def transcription(*goals: dict, period: tuple[int, int] = (2024, 2024)) -> dict:
    """A one-plan interchange document holding the goals in one focus area."""
    return {
        "plans": [
            {
                "period": {"start": period[0], "end": period[1]},
                "focus_areas": [{"title": "Område", "goals": list(goals)}],
            }
        ]
    }


def goal(statement: str, criteria=(), follow_ups=()) -> dict:
    return {
        "statement": statement,
        "criteria": [{"text": text} for text in criteria],
        "follow_ups": [{"status": status, "text": text} for status, text in follow_ups],
        "goals": [],
    }


def test_a_goal_read_with_a_line_too_many_is_found_but_not_exact():
    # Given a goal whose statement was read with the link line after it
    statement = "Flere børn låner bøger i fritiden"
    expected = transcription(goal(statement, criteria=["Udlånet stiger."]))
    actual = transcription(goal(f"{statement} Se, hvordan det går", criteria=["Udlånet stiger."]))
    # when it is compared
    figures = accuracy.compare(expected, actual)
    # then it is found, not exact, and its documentation is still under it
    assert figures.goals_found == (1, 1)
    assert figures.goals_exact == 0
    assert figures.goals_wrong == [f"{statement}  ≠  {statement} Se, hvordan det går"]
    assert figures.placed_right == figures.paragraphs == 1


def test_a_goal_inside_a_much_longer_text_is_not_found():
    # Given a goal swallowed by a paragraph more than twice its length
    statement = "Flere børn låner bøger"
    actual = transcription(goal(f"{statement}. Biblioteket holder åbent hver dag til kl. 22."))
    # when it is compared, then it is not found
    figures = accuracy.compare(transcription(goal(statement)), actual)
    assert figures.goals_found == (0, 1)


def test_the_paragraphs_of_a_goal_not_found_count_as_not_placed():
    # Given a goal that was not read as a goal, its criterion read under another goal
    expected = transcription(goal("Vi vil A.", criteria=["Kriterium A."]), goal("Vi vil B."))
    actual = transcription(goal("Vi vil B.", criteria=["Kriterium A."]))
    # when they are compared
    figures = accuracy.compare(expected, actual)
    # then the goal is missing and its criterion counts, as misplaced
    assert figures.goals_found == (1, 2)
    assert figures.paragraphs == 1
    assert figures.placed_right == 0
    assert len(figures.misplaced) == 1
    assert figures.extra == ["documentation of “Vi vil B.…”: Kriterium A.…"]


def test_goals_are_found_in_a_plan_of_another_period():
    # Given a plan read with the wrong period
    expected = transcription(goal("Vi vil A.", criteria=["Kriterium A."]), period=(2024, 2025))
    actual = transcription(goal("Vi vil A.", criteria=["Kriterium A."]), period=(2024, 2024))
    # when it is compared, then the plan is not found, but its goal and criterion are
    figures = accuracy.compare(expected, actual)
    assert figures.plans == (0, 1)
    assert (figures.goals_exact, figures.placed_right) == (1, 1)


def test_stated_statuses_are_right_when_the_follow_up_holding_them_has_them():
    expected = transcription(
        goal("Vi vil A.", follow_ups=[("met", "Målet er nået."), ("not_assessed", "Mere tekst.")]),
        goal("Vi vil B.", follow_ups=[("postponed", "Det er udskudt.")]),
    )
    actual = transcription(
        goal("Vi vil A.", follow_ups=[("met", "Status: Målet er nået. Mere tekst.")]),
        goal("Vi vil B.", follow_ups=[("not_assessed", "Det er udskudt.")]),
    )
    figures = accuracy.compare(expected, actual)
    assert (figures.statuses_right, figures.statuses) == (1, 2)
    assert figures.statuses_wrong == [
        "follow-up of “Vi vil B.…”: postponed, read as not_assessed: Det er udskudt.…"
    ]
    assert figures.placed_right == 3


def test_a_goal_read_twice_counts_once_and_the_copy_as_extra():
    # Given a goal named in an overview and again with its documentation
    expected = transcription(goal("Flere unge i job", criteria=["Ledigheden falder."]))
    actual = transcription(
        goal("Flere unge i job"), goal("Flere unge i job", criteria=["Ledigheden falder."])
    )
    # when it is compared
    figures = accuracy.compare(expected, actual)
    # then the goal holding the documentation is the one found, and the copy is extra
    assert (figures.goals_exact, figures.placed_right) == (1, 1)
    assert figures.goals_extra == ["Flere unge i job"]
    assert not figures.perfect
