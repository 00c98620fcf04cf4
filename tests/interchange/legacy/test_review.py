"""The corrections a person makes on the review page, as pure functions on the blocks.

Each correction returns a new list (the one given is never changed), marks
what it touched as checked, and refuses a bad index or an impossible change
with a message naming the block. Random sequences of corrections never
crash and never lose text.
"""

from __future__ import annotations

import copy
from collections import Counter

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from virkplan.core.errors import DomainError
from virkplan.interchange.legacy import review
from virkplan.interchange.legacy.blocks import KINDS, Block


@pytest.fixture(autouse=True)
def english():
    """The refusals are checked in the words of the source strings."""
    with translation.override("en"):
        yield


def small_plan() -> list[Block]:
    """A plan: a focus area, two goals, their documentation and follow-up, a page header."""
    return [
        Block("plan", "Virksomhedsplan 2014", page=1, line=3, end_line=3),
        Block("focus_area", "Bo i Albertslund", page=2, line=10, end_line=10),
        Block("goal", "Vi vil spare på energien.", page=2, line=12, end_line=12, ref="1"),
        Block("criterion", "Der er sparet 9.187 MWh", page=2, line=14, end_line=14),
        Block(
            "criterion",
            "og varmesalget er faldet.",
            page=2,
            line=16,
            end_line=16,
            confidence=0.5,
            reasons=["split_guessed"],
        ),
        Block("ignored", "SIDE 3", page=3, line=18, end_line=18),
        Block("follow_up", "Målet er nået.", page=3, line=20, end_line=21, answers=["1"]),
        Block("goal", "Vi vil cykle mere.", page=3, line=24, end_line=24, ref="2"),
        Block("text", "Cykelstierne er bygget.", page=3, line=26, end_line=26, confidence=0.6),
    ]


def kinds(blocks: list[Block]) -> list[str]:
    return [b.kind for b in blocks]


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


# --- every correction leaves the list it was given as it was ---------------------------------


@pytest.mark.parametrize(
    "correction",
    [
        lambda b: review.accept(b, 4),
        lambda b: review.relabel(b, 8, "criterion"),
        lambda b: review.remove(b, 3),
        lambda b: review.edit(b, 3, "Ny tekst.\n\nEndnu en."),
        lambda b: review.split(b, 3, 10),
        lambda b: review.merge_with_previous(b, 4),
        lambda b: review.move_to_goal(b, 8, 2),
    ],
)
def test_a_correction_does_not_change_the_list_it_was_given(correction) -> None:
    # Given the blocks, and a copy of them
    blocks = small_plan()
    before = copy.deepcopy(blocks)
    # When a correction is made
    after = correction(blocks)
    # Then the new list differs, and the old one is as it was
    assert after != blocks
    assert blocks == before


# --- relabel, remove, accept -------------------------------------------------------------------


def test_relabel_gives_the_block_the_new_kind_and_marks_it_checked() -> None:
    blocks = small_plan()
    after = review.relabel(blocks, 8, "criterion")
    assert after[8].kind == "criterion"
    assert after[8].text == "Cykelstierne er bygget."
    assert not after[8].uncertain and after[8].reasons == []
    assert kinds(after)[:8] == kinds(blocks)[:8]


def test_relabel_refuses_a_kind_that_does_not_exist() -> None:
    with pytest.raises(DomainError, match="Block 3") as refused:
        review.relabel(small_plan(), 2, "chapter")
    assert "chapter" in refused.value.message


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_can_be_chosen(kind: str) -> None:
    assert review.relabel(small_plan(), 8, kind)[8].kind == kind


def test_remove_makes_the_block_ignored_and_keeps_its_text() -> None:
    after = review.remove(small_plan(), 3)
    assert after[3].kind == "ignored"
    assert after[3].text == "Der er sparet 9.187 MWh"
    assert len(after) == len(small_plan())


def test_accept_clears_the_doubt_and_changes_nothing_else() -> None:
    blocks = small_plan()
    after = review.accept(blocks, 4)
    assert blocks[4].uncertain and not after[4].uncertain
    assert after[4].reasons == []
    assert (after[4].kind, after[4].text, after[4].line) == (
        blocks[4].kind,
        blocks[4].text,
        blocks[4].line,
    )


@pytest.mark.parametrize("index", [-1, 9, 100])
@pytest.mark.parametrize(
    "correction",
    [
        lambda b, i: review.accept(b, i),
        lambda b, i: review.relabel(b, i, "goal"),
        lambda b, i: review.remove(b, i),
        lambda b, i: review.edit(b, i, "Tekst"),
        lambda b, i: review.split(b, i, 2),
        lambda b, i: review.merge_with_previous(b, i),
        lambda b, i: review.move_to_goal(b, i, 2),
    ],
)
def test_a_block_that_does_not_exist_is_refused_with_its_number(correction, index: int) -> None:
    with pytest.raises(DomainError) as refused:
        correction(small_plan(), index)
    assert f"no block number {index + 1}" in refused.value.message
    assert "Load the page again" in refused.value.message


# --- edit and split ----------------------------------------------------------------------------


def test_edit_changes_the_text_and_keeps_the_place_in_the_source() -> None:
    after = review.edit(small_plan(), 3, "  Der er sparet 9.200 MWh.  ")
    assert after[3].text == "Der er sparet 9.200 MWh."
    assert (after[3].kind, after[3].page, after[3].line) == ("criterion", 2, 14)
    assert len(after) == len(small_plan())


def test_a_blank_line_in_the_edited_text_splits_the_block() -> None:
    # Given a goal whose statement ran into its first criterion
    blocks = small_plan()
    # When the person puts a blank line (with spaces, and Windows line ends) between them
    after = review.edit(blocks, 2, "Vi vil spare.\r\n  \r\nVi vil også isolere.\n\n\nOg male.")
    # Then there are three goals where there was one, in that order, all from the same place
    assert texts(after[2:5]) == ["Vi vil spare.", "Vi vil også isolere.", "Og male."]
    assert kinds(after[2:5]) == ["goal"] * 3
    assert [b.line for b in after[2:5]] == [12, 12, 12]
    # And only the first keeps the goal's number
    assert [b.ref for b in after[2:5]] == ["1", "", ""]
    assert texts(after[5:]) == texts(blocks[3:])


def test_a_single_line_break_does_not_split() -> None:
    after = review.edit(small_plan(), 3, "Første linje\nanden linje")
    assert after[3].text == "Første linje\nanden linje"
    assert len(after) == len(small_plan())


@pytest.mark.parametrize("text", ["", "   ", "\n\n  \n"])
def test_an_empty_text_is_refused_and_points_to_ignore(text: str) -> None:
    with pytest.raises(DomainError, match="Block 4: the text is empty") as refused:
        review.edit(small_plan(), 3, text)
    assert "Ignore" in refused.value.message


def test_split_at_an_offset_makes_two_blocks_of_the_same_kind() -> None:
    blocks = small_plan()
    after = review.split(blocks, 2, len("Vi vil spare"))
    assert texts(after[2:4]) == ["Vi vil spare", "på energien."]
    assert kinds(after[2:4]) == ["goal", "goal"]
    assert [b.ref for b in after[2:4]] == ["1", ""]
    assert len(after) == len(blocks) + 1


@pytest.mark.parametrize("at", [0, -3, 1000, len("Vi vil spare på energien.")])
def test_split_refuses_a_place_that_leaves_a_part_empty(at: int) -> None:
    with pytest.raises(DomainError, match="Block 3 cannot be split there"):
        review.split(small_plan(), 2, at)


def test_split_refuses_a_place_with_only_spaces_on_one_side() -> None:
    blocks = [Block("text", "   Tekst")]
    with pytest.raises(DomainError):
        review.split(blocks, 0, 3)


# --- merge -------------------------------------------------------------------------------------


def test_merge_joins_the_text_with_a_space_and_keeps_the_first_blocks_place() -> None:
    blocks = small_plan()
    after = review.merge_with_previous(blocks, 4)
    assert after[3].text == "Der er sparet 9.187 MWh og varmesalget er faldet."
    assert (after[3].page, after[3].line, after[3].end_line) == (2, 14, 16)
    assert not after[3].uncertain
    assert len(after) == len(blocks) - 1
    assert texts(after[4:]) == texts(blocks[5:])


def test_merge_skips_ignored_blocks_between_and_leaves_them_in_place() -> None:
    # Given a follow-up whose paragraph was broken by a page header (ignored)
    blocks = [
        Block("follow_up", "Vi har nået", line=20, end_line=20, answers=["1"]),
        Block("ignored", "SIDE 3", line=21, end_line=21),
        Block("follow_up", "målet.", line=22, end_line=22),
    ]
    # When the second part is joined to the block before it
    after = review.merge_with_previous(blocks, 2)
    # Then it joins the first part, over the page header, which stays
    assert kinds(after) == ["follow_up", "ignored"]
    assert after[0].text == "Vi har nået målet."
    assert after[0].end_line == 22
    assert after[0].answers == ["1"]


def test_merge_of_different_kinds_takes_the_earlier_blocks_kind() -> None:
    after = review.merge_with_previous(small_plan(), 8)
    assert after[7].kind == "goal"
    assert after[7].text == "Vi vil cykle mere. Cykelstierne er bygget."
    assert after[7].ref == "2"


def test_the_first_block_cannot_be_merged() -> None:
    with pytest.raises(DomainError, match="Block 1 is the first block"):
        review.merge_with_previous(small_plan(), 0)
    blocks = [Block("ignored", "SIDE 1"), Block("text", "Tekst")]
    with pytest.raises(DomainError, match="Block 2 is the first block"):
        review.merge_with_previous(blocks, 1)


# --- move to a goal ----------------------------------------------------------------------------


def test_move_puts_the_block_last_among_the_goals_blocks() -> None:
    # Given text read after goal 2 that is goal 1's documentation
    blocks = small_plan()
    # When it is moved to goal 1 (block 3)
    after = review.move_to_goal(blocks, 8, 2)
    # Then it comes after goal 1's documentation and follow-up, before goal 2
    assert texts(after) == [*texts(blocks[:7]), blocks[8].text, blocks[7].text]
    assert after[7].kind == "text"
    assert not after[7].uncertain


def test_move_forward_to_a_later_goal() -> None:
    blocks = small_plan()
    after = review.move_to_goal(blocks, 3, 7)
    assert texts(after) == [
        *texts(blocks[:3]),
        *texts(blocks[4:9]),
        "Der er sparet 9.187 MWh",
    ]


def test_a_moved_follow_up_follows_up_the_goal_it_is_moved_to() -> None:
    blocks = small_plan()
    after = review.move_to_goal(blocks, 6, 7)
    assert after[-1].kind == "follow_up"
    assert after[-1].answers == []


def test_move_lands_before_ignored_blocks_that_end_the_goal() -> None:
    blocks = [
        Block("goal", "Mål 1", ref="1"),
        Block("criterion", "A"),
        Block("ignored", "SIDE 2"),
        Block("goal", "Mål 2", ref="2"),
        Block("criterion", "B"),
    ]
    after = review.move_to_goal(blocks, 4, 0)
    assert texts(after) == ["Mål 1", "A", "B", "SIDE 2", "Mål 2"]


def test_move_to_a_goal_with_no_blocks_puts_the_block_right_after_it() -> None:
    blocks = [Block("goal", "Mål 1"), Block("goal", "Mål 2"), Block("criterion", "B")]
    after = review.move_to_goal(blocks, 2, 0)
    assert texts(after) == ["Mål 1", "B", "Mål 2"]


@pytest.mark.parametrize("index", [0, 1, 2, 5])
def test_only_documentation_follow_ups_and_text_can_be_moved(index: int) -> None:
    with pytest.raises(DomainError, match=rf"Block {index + 1} \(.+\) cannot be moved"):
        review.move_to_goal(small_plan(), index, 2)


@pytest.mark.parametrize("goal_index", [3, 1, -1, 99])
def test_move_refuses_a_target_that_is_not_a_goal(goal_index: int) -> None:
    with pytest.raises(DomainError, match="Block 9: the chosen goal"):
        review.move_to_goal(small_plan(), 8, goal_index)


def test_goal_indexes_and_previous_kept() -> None:
    blocks = small_plan()
    assert review.goal_indexes(blocks) == [2, 7]
    assert review.previous_kept(blocks, 6) == 4
    assert review.previous_kept(blocks, 0) is None


# --- random sequences of corrections ---------------------------------------------------------

_KIND = st.sampled_from(list(KINDS))
_WORD = st.text(alphabet="abcæøå .,-\n", min_size=1, max_size=12)


@st.composite
def block_lists(draw) -> list[Block]:
    count = draw(st.integers(min_value=1, max_value=12))
    return [
        Block(
            kind=draw(_KIND),
            text=draw(st.text(alphabet="abcæøå 12.\n", min_size=1, max_size=30)).strip() or "x",
            line=n + 1,
            end_line=n + 1,
            confidence=draw(st.sampled_from([0.4, 1.0])),
        )
        for n in range(count)
    ]


_OPERATION = st.tuples(
    st.sampled_from(["relabel", "remove", "accept", "split", "merge", "move", "edit"]),
    st.integers(min_value=-2, max_value=15),
    st.integers(min_value=-2, max_value=40),
    _KIND,
    _WORD,
)


def _kept_text(blocks: list[Block]) -> str:
    """The text of the blocks that would be imported, in order, spaces and line breaks left out."""
    return "".join("".join(b.text.split()) for b in blocks if b.kind != "ignored")


def _aimed(blocks: list[Block], operation: tuple) -> tuple:
    """The operation with its index mostly inside the list (one past the end now and then)."""
    name, i, n, kind, text = operation
    i = i % (len(blocks) + 1) if i >= 0 else i
    if name == "split" and 0 <= i < len(blocks):
        n = n % (len(blocks[i].text) + 1)
    return name, i, n, kind, text


def _all_text(blocks: list[Block]) -> str:
    return "".join("".join(b.text.split()) for b in blocks)


def _apply(blocks: list[Block], operation: tuple) -> list[Block]:
    name, i, n, kind, text = _aimed(blocks, operation)
    if name == "relabel":
        return review.relabel(blocks, i, kind)
    if name == "remove":
        return review.remove(blocks, i)
    if name == "accept":
        return review.accept(blocks, i)
    if name == "split":
        return review.split(blocks, i, n)
    if name == "merge":
        return review.merge_with_previous(blocks, i)
    if name == "move":
        goals = review.goal_indexes(blocks)
        return review.move_to_goal(blocks, i, goals[n % len(goals)] if goals else n)
    return review.edit(blocks, i, text)


@settings(max_examples=300, deadline=None)
@given(blocks=block_lists(), operations=st.lists(_OPERATION, max_size=12))
def test_random_corrections_never_crash_and_never_lose_text(blocks, operations) -> None:
    for operation in operations:
        name, i = _aimed(blocks, operation)[:2]
        try:
            after = _apply(blocks, operation)
        except DomainError as refused:
            # A refusal names the block and says what to do
            assert refused.message
            continue
        assert all(isinstance(b, Block) and b.text.strip() for b in after)
        if name == "split" or (name == "merge" and blocks[i].kind != "ignored"):
            # Splitting and joining keep the text of the blocks to import, in order
            assert _kept_text(after) == _kept_text(blocks)
        elif name == "merge":
            # Joining an ignored block brings it back: no text is lost
            assert Counter(_all_text(after)) == Counter(_all_text(blocks))
        elif name == "move":
            # Moving keeps every block: the same texts, in another order
            assert Counter(texts(after)) == Counter(texts(blocks))
            assert Counter(_kept_text(after)) == Counter(_kept_text(blocks))
        elif name in ("relabel", "remove", "accept"):
            assert texts(after) == texts(blocks)
        blocks = after
