"""Corrections of a plan's shape on the review page, as pure functions on the blocks.

Goals, focus areas and sections move up and down and into other places with
everything they own; headings become goals or focus areas in one step; a
follow-up gets a status; and running text says where it will land, which is
where the stored plan has it.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from virkplan.core.errors import DomainError
from virkplan.interchange.legacy import arrange
from virkplan.interchange.legacy.assemble import assemble
from virkplan.interchange.legacy.blocks import Block

from .test_review import block_lists


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def two_areas() -> list[Block]:
    """A plan with a section and two focus areas; goal 1 has a sub-goal, goal 2 a text."""
    return [
        Block("plan", "Virksomhedsplan 2016", line=1, period_start=2016),  # 0
        Block("section", "Indledning", line=2),  # 1
        Block("text", "Vi er en afdeling.", line=3),  # 2
        Block("focus_area", "Bo i Albertslund", line=4),  # 3
        Block("goal", "Vi vil spare på energien.", line=5, ref="1"),  # 4
        Block("criterion", "Der er sparet 9.187 MWh.", line=6),  # 5
        Block("goal", "Skolerne isoleres.", line=7, ref="1.1", level=2),  # 6
        Block("follow_up", "Tre skoler er isoleret.", line=8),  # 7
        Block("goal", "Vi vil cykle mere.", line=9, ref="2"),  # 8
        Block("text", "Se også cykelplanen.", line=10, confidence=0.5, reasons=["x"]),  # 9
        Block("ignored", "SIDE 2", line=11),  # 10
        Block("focus_area", "Grøn by – den grønne kommune", line=12),  # 11
        Block("goal", "Vi vil plante træer.", line=13, ref="3"),  # 12
        Block("criterion", "100 nye træer.", line=14),  # 13
    ]


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


# --- up and down ---------------------------------------------------------------------------


def test_a_goal_moves_down_past_the_next_goal_with_its_sub_goals_and_paragraphs() -> None:
    blocks = two_areas()
    after, index = arrange.move_down(blocks, 4)
    assert texts(after)[4:11] == [
        "Vi vil cykle mere.",
        "Se også cykelplanen.",
        "SIDE 2",
        "Vi vil spare på energien.",
        "Der er sparet 9.187 MWh.",
        "Skolerne isoleres.",
        "Tre skoler er isoleret.",
    ]
    assert index == 7 and after[index].text == "Vi vil spare på energien."
    assert blocks == two_areas()  # the list given is not changed
    # And back up again: the order is as before
    again, index = arrange.move_up(after, 7)
    assert texts(again) == texts(blocks) and index == 4


def test_a_focus_area_moves_up_past_the_one_before_it_with_all_its_goals() -> None:
    after, index = arrange.move_up(two_areas(), 11)
    assert index == 3
    assert texts(after)[3:6] == [
        "Grøn by – den grønne kommune",
        "Vi vil plante træer.",
        "100 nye træer.",
    ]
    assert texts(after)[6] == "Bo i Albertslund"
    assert Counter(texts(after)) == Counter(texts(two_areas()))


def test_a_sub_goal_moves_only_among_the_sub_goals_of_its_goal() -> None:
    with pytest.raises(DomainError, match="already the first goal"):
        arrange.move_up(two_areas(), 6)
    with pytest.raises(DomainError, match="already the last goal"):
        arrange.move_down(two_areas(), 6)


@pytest.mark.parametrize(("move", "index"), [(arrange.move_up, 4), (arrange.move_down, 12)])
def test_the_first_and_last_goal_of_a_focus_area_stay_in_it(move, index) -> None:
    with pytest.raises(DomainError, match=f"Block {index + 1} is already"):
        move(two_areas(), index)


@pytest.mark.parametrize("index", [0, 2, 5, 7, 10, 99, -1])
def test_only_goals_focus_areas_and_sections_move_up_and_down(index) -> None:
    with pytest.raises(DomainError, match=r"(?i)block"):
        arrange.move_up(two_areas(), index)


def test_a_section_and_a_focus_area_beside_it_change_places() -> None:
    after, index = arrange.move_down(two_areas(), 1)
    assert texts(after)[1] == "Bo i Albertslund" and after[index].text == "Indledning"
    assert after[index + 1].text == "Vi er en afdeling."


# --- moving into another place -------------------------------------------------------------


def test_a_goal_moves_into_another_focus_area_last_as_a_goal() -> None:
    after, index = arrange.place(two_areas(), 6, 11)  # the sub-goal 1.1 to "Grøn by"
    assert after[index].text == "Skolerne isoleres." and after[index].level == 1
    assert after[index + 1].text == "Tre skoler er isoleret."
    assert index == len(after) - 2
    assert texts(after)[4:6] == ["Vi vil spare på energien.", "Der er sparet 9.187 MWh."]


def test_a_goal_moves_under_another_goal_as_its_sub_goal() -> None:
    after, index = arrange.place(two_areas(), 12, 8)  # goal 3 under goal 2
    assert after[index].text == "Vi vil plante træer." and after[index].level == 2
    # After goal 2's own paragraphs and the ignored page header it owns
    assert texts(after)[8:13] == [
        "Vi vil cykle mere.",
        "Se også cykelplanen.",
        "SIDE 2",
        "Vi vil plante træer.",
        "100 nye træer.",
    ]
    document = assemble(after, unit="x")
    goals = document["plans"][0]["focus_areas"][0]["goals"]
    assert goals[1]["goals"][0]["statement"] == "Vi vil plante træer."
    assert document["plans"][0]["focus_areas"][1]["goals"] == []


def test_a_goal_with_sub_goals_made_a_sub_goal_takes_them_one_level_down() -> None:
    after, _index = arrange.place(two_areas(), 4, 8)
    assert [(b.text, b.level) for b in after if b.kind == "goal"][:3] == [
        ("Vi vil cykle mere.", 1),
        ("Vi vil spare på energien.", 2),
        ("Skolerne isoleres.", 3),
    ]


@pytest.mark.parametrize("target", [4, 6])
def test_a_goal_cannot_move_into_itself_or_its_sub_goal(target) -> None:
    with pytest.raises(DomainError, match="Block 5 cannot be moved into itself"):
        arrange.place(two_areas(), 4, target)


@pytest.mark.parametrize("target", [0, 1, 5, 13, 99, -1])
def test_a_goal_moves_only_into_a_focus_area_or_a_goal(target) -> None:
    with pytest.raises(DomainError, match="the chosen place is not in the plan any more"):
        arrange.place(two_areas(), 8, target)


def test_a_focus_area_moves_into_another_plan_before_its_parts() -> None:
    blocks = [
        *two_areas(),
        Block("plan", "Virksomhedsplan 2015", line=20),  # 14
        Block("focus_area", "Gammelt område", line=21),  # 15
        Block("part", "Opfølgning", line=22),  # 16
        Block("focus_area", "Opfølgning på området", line=23),  # 17
    ]
    after, index = arrange.place(blocks, 3, 14)
    assert index == 8
    assert texts(after)[6:13] == [
        "Virksomhedsplan 2015",
        "Gammelt område",
        "Bo i Albertslund",
        "Vi vil spare på energien.",
        "Der er sparet 9.187 MWh.",
        "Skolerne isoleres.",
        "Tre skoler er isoleret.",
    ]
    assert after[index + 8].text == "Opfølgning"
    # Into a part: last in it
    after, index = arrange.place(blocks, 11, 16)
    assert index == len(after) - 3 and after[index].kind == "focus_area"
    with pytest.raises(DomainError, match="cannot be moved this way"):
        arrange.place(blocks, 5, 3)


# --- a heading made a goal or a focus area ---------------------------------------------------


def test_a_section_made_a_goal_in_one_step() -> None:
    after, index = arrange.make_goal(two_areas(), 1)
    assert (after[index].kind, after[index].level, after[index].confidence) == ("goal", 1, 1.0)
    assert after[index].text == "Indledning"


def test_a_focus_area_made_a_goal_keeps_its_tagline_in_the_statement() -> None:
    after, index = arrange.make_goal(two_areas(), 11)
    assert after[index].text == "Grøn by – den grønne kommune"


def test_a_heading_made_a_focus_area_has_its_tagline_split_off() -> None:
    blocks = two_areas()
    blocks[1] = Block("section", "Bo i Albertslund – Den attraktive kommune", line=2)
    after, index = arrange.make_focus_area(blocks, 1)
    assert (after[index].kind, after[index].text, after[index].tagline) == (
        "focus_area",
        "Bo i Albertslund",
        "Den attraktive kommune",
    )


def test_a_goal_made_a_focus_area_gets_its_sub_goals_as_goals_and_its_paragraphs_as_text() -> None:
    after, index = arrange.make_focus_area(two_areas(), 4)
    assert after[index].kind == "focus_area"
    assert (after[5].kind, after[5].text) == ("text", "Der er sparet 9.187 MWh.")
    assert (after[6].kind, after[6].level) == ("goal", 1)
    document = assemble(after, unit="x")
    areas = document["plans"][0]["focus_areas"]
    assert [a["title"] for a in areas] == [
        "Bo i Albertslund",
        "Vi vil spare på energien.",
        "Grøn by – den grønne kommune",
    ]
    assert areas[1]["unit_text"] == "Der er sparet 9.187 MWh."
    assert [g["statement"] for g in areas[1]["goals"]] == [
        "Skolerne isoleres.",
        "Vi vil cykle mere.",
    ]


@pytest.mark.parametrize(
    ("make", "index"),
    [(arrange.make_goal, 4), (arrange.make_focus_area, 3), (arrange.make_goal, 0)],
)
def test_a_block_is_not_made_what_it_is_already_or_a_plan_changed(make, index) -> None:
    with pytest.raises(DomainError, match=f"Block {index + 1}"):
        make(two_areas(), index)


# --- a follow-up's status ------------------------------------------------------------------


def test_a_follow_up_gets_a_status_and_the_stored_plan_has_it() -> None:
    after, index = arrange.set_status(two_areas(), 7, "partly_met")
    assert after[index].status == "partly_met"
    goal = assemble(after, unit="x")["plans"][0]["focus_areas"][0]["goals"][0]["goals"][0]
    assert goal["follow_ups"][0]["status"] == "partly_met"


def test_a_status_is_only_for_follow_ups_and_only_a_known_one() -> None:
    with pytest.raises(DomainError, match="Block 6 is not a follow-up"):
        arrange.set_status(two_areas(), 5, "met")
    with pytest.raises(DomainError, match="“done” is not a status"):
        arrange.set_status(two_areas(), 7, "done")


# --- where text lands ------------------------------------------------------------------------


def test_text_says_where_it_will_land() -> None:
    landings = arrange.landings(two_areas())
    assert landings == {
        2: arrange.Landing("section", 1),
        9: arrange.Landing("goal", 8),
    }


def test_text_sent_to_the_plans_sections_is_no_longer_under_the_goal() -> None:
    # Given text that would go under goal 2 as its documentation, and more under goal 3
    blocks = [*two_areas(), Block("text", "Mere tekst.", line=15)]
    # When it is sent to the plan's sections
    after, index = arrange.to_sections(blocks, 9)
    # Then it stands in a new section at the end of the plan, checked by a person
    assert (after[index - 1].kind, after[index - 1].text) == ("section", "Other text")
    assert after[index].text == "Se også cykelplanen." and not after[index].uncertain
    assert arrange.landings(after)[index] == arrange.Landing("section", index - 1)
    plan = assemble(after, unit="x")["plans"][0]
    assert plan["sections"][-1] == {"title": "Other text", "body": "Se også cykelplanen."}
    goals = plan["focus_areas"][0]["goals"]
    assert goals[1]["criteria"] == []
    assert Counter(texts(after)) == Counter([*texts(blocks), "Other text"])
    # And more text sent there joins that section; in an existing section it follows its text
    more, index = arrange.to_sections(after, 13)
    assert texts(more)[-3:] == ["Other text", "Se også cykelplanen.", "Mere tekst."]
    assert index == len(more) - 1
    into, index = arrange.to_sections(two_areas(), 9, title="Indledning")
    assert texts(into)[1:4] == ["Indledning", "Vi er en afdeling.", "Se også cykelplanen."]


@pytest.mark.parametrize("index", [1, 5, 99])
def test_only_text_can_be_sent_to_the_sections(index) -> None:
    with pytest.raises(DomainError, match=rf"(?i)block (number )?{index + 1}"):
        arrange.to_sections(two_areas(), index)


def test_text_before_any_plan_cannot_be_sent_to_its_sections() -> None:
    with pytest.raises(DomainError, match="before the first plan"):
        arrange.to_sections([Block("text", "Forside"), *two_areas()], 0)


def _where_assembled(blocks: list[Block], text: str) -> str:
    """Which field of the stored document holds `text`: a goal's criteria, or another text."""
    document = assemble(blocks, unit="x")

    def walk(node: object, place: str) -> str | None:
        if isinstance(node, dict):
            if node.get("text") == text and place.endswith("criteria"):
                return "goal"
            for key, value in node.items():
                found = walk(value, key)
                if found:
                    return found
        elif isinstance(node, list):
            for item in node:
                found = walk(item, place)
                if found:
                    return found
        return None

    return walk(document["plans"], "") or "elsewhere"


@settings(max_examples=200, deadline=None)
@given(blocks=block_lists())
def test_text_said_to_land_under_a_goal_is_what_the_stored_plan_has(blocks) -> None:
    # Texts made unique, so each can be found in the document
    blocks = [
        Block.from_dict({**b.to_dict(), "text": f"{b.text} #{n}"}) for n, b in enumerate(blocks)
    ]
    for index, landing in arrange.landings(blocks).items():
        expected = "goal" if landing.kind == "goal" else "elsewhere"
        assert _where_assembled(blocks, blocks[index].text) == expected


_MOVE = st.tuples(
    st.sampled_from(["up", "down", "place", "make_goal", "make_focus_area", "to_sections"]),
    st.integers(min_value=0, max_value=15),
    st.integers(min_value=0, max_value=15),
)


@settings(max_examples=300, deadline=None)
@given(blocks=block_lists(), moves=st.lists(_MOVE, max_size=10))
def test_random_changes_of_shape_never_crash_or_lose_a_block(blocks, moves) -> None:
    for name, i, target in moves:
        try:
            if name == "place":
                after, index = arrange.place(blocks, i, target)
            elif name == "to_sections":
                after, index = arrange.to_sections(blocks, i)
            else:
                change = {
                    "up": arrange.move_up,
                    "down": arrange.move_down,
                    "make_goal": arrange.make_goal,
                    "make_focus_area": arrange.make_focus_area,
                }[name]
                after, index = change(blocks, i)
        except DomainError as refused:
            assert refused.message
            continue
        assert 0 <= index < len(after)
        new = Counter(texts(after)) - Counter(texts(blocks))
        assert Counter(texts(blocks)) - Counter(texts(after)) == Counter()
        assert sum(new.values()) <= (1 if name == "to_sections" else 0) or name in (
            "make_goal",
            "make_focus_area",
        )
        if name in ("up", "down", "place"):
            assert after[index].text == blocks[i].text
        blocks = after


# --- a goal's number -------------------------------------------------------------------------


def test_a_goal_gets_its_number_taken_off_the_start_of_its_statement() -> None:
    blocks = two_areas()
    blocks[8] = Block("goal", "2.1 Vi vil cykle mere.", line=9)
    after, index = arrange.set_ref(blocks, 8, "2.1")
    assert (after[index].ref, after[index].text) == ("2.1", "Vi vil cykle mere.")
    # A number that is not at the start leaves the text as it is; an empty one takes it away
    after, index = arrange.set_ref(two_areas(), 8, "7")
    assert (after[index].ref, after[index].text) == ("7", "Vi vil cykle mere.")
    after, index = arrange.set_ref(two_areas(), 8, "")
    assert after[index].ref == ""


@pytest.mark.parametrize(("index", "ref"), [(8, "to og tre"), (8, "1..2"), (7, "1")])
def test_a_number_that_is_none_or_on_a_block_that_is_no_goal_is_refused(index, ref) -> None:
    with pytest.raises(DomainError, match=f"Block {index + 1}"):
        arrange.set_ref(two_areas(), index, ref)
