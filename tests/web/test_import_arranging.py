"""The review page's corrections of a plan's shape, through the site.

A follow-up gets a status; goals and focus areas move up, down and into
other places; a heading becomes a goal or a focus area with one button; and
text that would go under a goal says so and can be sent to the plan's
sections. Every correction is a plain form post carrying the draft's
version, so a page out of date changes nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from virkplan.interchange.legacy.blocks import Block
from virkplan.interchange.models import ImportDraft
from virkplan.plans.models import FollowUp, Goal, Plan

from .conftest import page_text
from .test_import_pages import (  # noqa: F401 (fixtures)
    block_url,
    correct,
    editor,
    english,
    make_draft,
    people,
    review_url,
    stored_blocks,
)


def plan_with_areas() -> list[Block]:
    """A plan with a section, two focus areas and three goals; block numbers in comments."""
    return [
        Block("plan", "Virksomhedsplan 2016", line=1, end_line=1, period_start=2016),  # 1
        Block("section", "Indledning", line=2, end_line=2),  # 2
        Block("focus_area", "Bo i Albertslund", line=3, end_line=3),  # 3
        Block("goal", "Vi vil spare på energien.", line=4, end_line=4, ref="1"),  # 4
        Block("criterion", "Der er sparet 9.187 MWh.", line=5, end_line=5),  # 5
        Block("follow_up", "Målet er næsten nået.", line=6, end_line=6),  # 6
        Block("goal", "Vi vil cykle mere.", line=7, end_line=7, ref="2"),  # 7
        Block("text", "Læs mere om cykelplanen.", line=8, end_line=8),  # 8
        Block("focus_area", "Grøn by", line=9, end_line=9),  # 9
        Block("goal", "Vi vil plante træer.", line=10, end_line=10, ref="3"),  # 10
        Block("section", "Tegn på succes", line=11, end_line=11, confidence=0.5),  # 11
    ]


@pytest.fixture
def draft(editor) -> ImportDraft:  # noqa: F811
    return make_draft(editor, plan_with_areas())


def texts(draft: ImportDraft) -> list[str]:
    return [b.text for b in stored_blocks(draft)]


def block_html(html: str, number: int) -> str:
    """The block's own part of the page (up to the next block, which may be under it)."""
    start = html.index(f'<li id="blok-{number}"')
    end = html.find('<li id="blok-', start + 1)
    return html[start : end if end > 0 else len(html)]


# --- a follow-up's status ----------------------------------------------------------------


def test_a_follow_up_shows_its_status_and_gets_another(client, draft) -> None:
    # Given the follow-up's corrections opened
    html = client.get(review_url(draft) + "?ret=6").content.decode()
    assert "Status: Not assessed" in page_text(block_html(html, 6))
    assert 'id="blok-6-status"' in html and '<option value="partly_met">Partly met</option>' in html
    # When the editor sets it to partly met
    response = correct(client, draft, 6, action="status", status="partly_met")
    # Then the follow-up has it, and the page says so at the block
    assert response.status_code == 302 and response["Location"].endswith("#blok-6")
    assert stored_blocks(draft)[5].status == "partly_met"
    html = client.get(response["Location"]).content.decode()
    assert "Status: Partly met" in page_text(block_html(html, 6))
    # And the imported plan has it
    assert (
        client.post(
            reverse_confirm(draft), {"version": ImportDraft.objects.get().version}
        ).status_code
        == 302
    )
    follow_up = FollowUp.objects.get(text="Målet er næsten nået.")
    assert follow_up.status == "partly_met"


def reverse_confirm(draft: ImportDraft) -> str:
    return reverse("web:import-confirm", args=[draft.pk])


@pytest.mark.parametrize(
    ("number", "status", "message"),
    [(6, "done", "“done” is not a status"), (5, "met", "Block 5 is not a follow-up")],
)
def test_a_status_that_is_not_one_or_on_a_block_that_is_no_follow_up_is_refused(
    client, draft, number, status, message
) -> None:
    response = correct(client, draft, number, action="status", status=status)
    assert response.status_code == 400
    assert message in page_text(response.content.decode())
    assert draft.version == 1 and texts(draft) == [b.text for b in plan_with_areas()]


# --- up, down and into another place -----------------------------------------------------


def test_goals_and_focus_areas_have_up_and_down_buttons_where_they_can_move(client, draft) -> None:
    html = client.get(review_url(draft)).content.decode()
    # Goal 1 (block 4) can move down only, goal 2 (block 7) up only; goal 3 alone in its area
    assert 'value="down"' in block_html(html, 4) and 'value="up"' not in block_html(html, 4)
    assert 'value="up"' in block_html(html, 7) and 'value="down"' not in block_html(html, 7)
    assert 'value="up"' not in block_html(html, 10) and 'value="down"' not in block_html(html, 10)
    # Each button says which block it moves, for screen readers
    assert "Move down (block 4)" in page_text(block_html(html, 4))
    # Documentation has none
    assert 'value="up"' not in block_html(html, 5)
    # And with a goal's corrections open, they are among its buttons
    html = client.get(review_url(draft) + "?ret=4").content.decode()
    assert 'value="down"' in block_html(html, 4)


def test_move_a_goal_down_and_a_focus_area_up(client, draft) -> None:
    # When the editor moves goal 1 down
    response = correct(client, draft, 4, action="down")
    # Then it comes after goal 2, with its documentation and follow-up; the page shows it
    assert response.status_code == 302 and response["Location"].endswith("#blok-6")
    assert texts(draft)[3:8] == [
        "Vi vil cykle mere.",
        "Læs mere om cykelplanen.",
        "Vi vil spare på energien.",
        "Der er sparet 9.187 MWh.",
        "Målet er næsten nået.",
    ]
    # When they move the second focus area up (it passes the first with its goals)
    draft.refresh_from_db()
    response = correct(client, draft, 9, action="up")
    assert response.status_code == 302 and response["Location"].endswith("#blok-3")
    assert texts(draft)[2:5] == ["Grøn by", "Vi vil plante træer.", "Bo i Albertslund"]
    # The section after it was no part of it, and stays last
    assert texts(draft)[-1] == "Tegn på succes"


def test_the_move_to_choice_offers_focus_areas_and_goals_but_not_the_goal_itself(
    client, draft
) -> None:
    html = client.get(review_url(draft) + "?ret=4").content.decode()
    assert 'id="blok-4-target"' in html
    assert '<option value="8">the focus area Grøn by</option>' in html
    assert '<option value="6">under the goal 2 Vi vil cykle mere.</option>' in html
    assert "under the goal 1 Vi vil spare" not in html
    # A focus area is offered the plans
    html = client.get(review_url(draft) + "?ret=9").content.decode()
    assert '<option value="0">the plan Virksomhedsplan 2016</option>' in html


def test_move_a_goal_into_another_focus_area_and_under_another_goal(client, draft) -> None:
    # Goal 1 (block 4) to the focus area "Grøn by" (index 8): it comes last there
    response = correct(client, draft, 4, action="place", target=8)
    assert response.status_code == 302
    blocks = stored_blocks(draft)
    assert [b.text for b in blocks[-4:-1]] == [
        "Vi vil spare på energien.",
        "Der er sparet 9.187 MWh.",
        "Målet er næsten nået.",
    ]
    assert response["Location"].endswith(f"#blok-{len(blocks) - 3}")
    # Goal 3 under goal 2, as its sub-goal
    draft.refresh_from_db()
    goal_3 = next(n for n, b in enumerate(blocks) if b.text == "Vi vil plante træer.")
    goal_2 = next(n for n, b in enumerate(blocks) if b.text == "Vi vil cykle mere.")
    assert correct(client, draft, goal_3 + 1, action="place", target=goal_2).status_code == 302
    moved = next(b for b in stored_blocks(draft) if b.text == "Vi vil plante træer.")
    assert moved.level == 2


@pytest.mark.parametrize(
    ("number", "data", "message"),
    [
        (4, {"action": "place", "target": 3}, "cannot be moved into itself"),
        (4, {"action": "place", "target": 4}, "cannot be moved into itself"),
        (4, {"action": "place", "target": 1}, "the chosen place is not in the plan any more"),
        (4, {"action": "place", "target": 999}, "the chosen place is not in the plan any more"),
        (4, {"action": "place"}, "choose where to move it"),
        (4, {"action": "up"}, "already the first goal"),
        (5, {"action": "down"}, "cannot be moved up or down"),
        (99, {"action": "down"}, "There is no block number 99"),
    ],
)
def test_a_move_that_cannot_be_made_is_refused_at_the_block(
    client, draft, number, data, message
) -> None:
    response = correct(client, draft, number, **data)
    assert response.status_code == 400
    assert message in page_text(response.content.decode())
    draft.refresh_from_db()
    assert draft.version == 1 and texts(draft) == [b.text for b in plan_with_areas()]


def test_a_move_from_a_page_out_of_date_is_refused_and_nothing_is_lost(client, draft) -> None:
    # Given the page opened in two tabs, and goal 1 moved down in the first
    assert correct(client, draft, 4, action="down").status_code == 302
    before = texts(draft)
    # When the second tab moves "goal 1" (now block 4 is goal 2) into the other focus area
    response = client.post(block_url(draft, 4), {"version": 1, "action": "place", "target": 8})
    # Then nothing moves, and the page says why and shows the blocks as they are now
    assert response.status_code == 409
    assert "another window or tab" in page_text(response.content.decode())
    assert texts(draft) == before and draft.version == 2


# --- a heading made a goal or a focus area ------------------------------------------------


def test_a_heading_becomes_a_goal_or_a_focus_area_with_one_button(client, draft) -> None:
    html = client.get(review_url(draft)).content.decode()
    own = block_html(html, 11)
    assert 'value="make_goal"' in own and 'value="make_focus_area"' in own
    assert "Make it a goal (block 11)" in page_text(own)
    # When the editor makes the heading "Tegn på succes" a goal
    response = correct(client, draft, 11, action="make_goal")
    assert response.status_code == 302
    block = stored_blocks(draft)[10]
    assert (block.kind, block.uncertain) == ("goal", False)
    # And the section "Indledning" a focus area
    draft.refresh_from_db()
    assert correct(client, draft, 2, action="make_focus_area").status_code == 302
    counts = client.get(review_url(draft)).context["counts"]
    assert (counts.focus_areas, counts.goals) == (3, 4)


def test_a_block_already_a_goal_is_not_made_one_again(client, draft) -> None:
    response = correct(client, draft, 4, action="make_goal")
    assert response.status_code == 400
    assert "Block 4 (goal) cannot be made a goal" in page_text(response.content.decode())


# --- text after a goal -------------------------------------------------------------------


def test_text_after_a_goal_says_it_goes_under_the_goal_and_can_go_to_the_sections(
    client, draft
) -> None:
    # Given text after goal 2
    response = client.get(review_url(draft))
    html = response.content.decode()
    own = page_text(block_html(html, 8))
    # Then the page says where it will land, and counts it at the top
    assert "Goes under the goal “2 Vi vil cykle mere.” as documentation." in own
    assert "1 text block goes under a goal" in page_text(html)
    assert "Send to the plan's sections (block 8)" in own
    assert "It is documentation (block 8)" in own
    # When the editor sends it to the plan's sections
    response = correct(client, draft, 8, action="to_sections")
    # Then it is in a new section at the end of the plan, and the page says so
    assert response.status_code == 302
    blocks = stored_blocks(draft)
    assert [(b.kind, b.text) for b in blocks[-2:]] == [
        ("section", "Other text"),
        ("text", "Læs mere om cykelplanen."),
    ]
    html = client.get(response["Location"]).content.decode()
    assert "Goes into the section “Other text”." in page_text(html)
    assert "go under a goal" not in page_text(html)
    assert "goes under a goal" not in page_text(html)
    # And the imported plan has it as a section, not as the goal's documentation
    confirm = client.post(reverse_confirm(draft), {"version": ImportDraft.objects.get().version})
    assert confirm.status_code == 302
    plan = Plan.objects.get(title="Virksomhedsplan 2016")
    goal = Goal.objects.get(plan_focus_area__plan=plan, statement="Vi vil cykle mere.")
    assert not goal.criteria.exists()
    assert plan.sections.filter(title="Other text", body__contains="cykelplanen").exists()


def test_text_after_a_goal_is_made_its_documentation_with_one_button(client, draft) -> None:
    response = correct(client, draft, 8, action="kind", kind="criterion")
    assert response.status_code == 302
    assert stored_blocks(draft)[7].kind == "criterion"
    html = client.get(response["Location"]).content.decode()
    assert "Goes under the goal" not in page_text(html)


def test_text_can_be_sent_to_a_section_of_the_plan_chosen_in_its_corrections(client, draft) -> None:
    html = client.get(review_url(draft) + "?ret=8").content.decode()
    assert '<option value="Indledning">Indledning</option>' in html
    response = correct(client, draft, 8, action="to_sections", title="Indledning")
    assert response.status_code == 302
    assert texts(draft)[1:3] == ["Indledning", "Læs mere om cykelplanen."]


def test_only_text_is_sent_to_the_sections(client, draft) -> None:
    response = correct(client, draft, 5, action="to_sections")
    assert response.status_code == 400
    assert "Block 5 is not text" in page_text(response.content.decode())


# --- a goal's number ---------------------------------------------------------------------


def test_a_goal_read_without_its_number_gets_it(client, editor) -> None:  # noqa: F811
    # Given a sub-goal read as a goal with its number in its statement
    blocks = plan_with_areas()
    blocks[6] = Block("goal", "1.1 Vi vil cykle mere.", line=7, end_line=7)
    draft = make_draft(editor, blocks)
    html = client.get(review_url(draft) + "?ret=7").content.decode()
    assert 'id="blok-7-ref"' in html
    # When the editor gives it its number and makes it a sub-goal of goal 1
    assert correct(client, draft, 7, action="ref", ref="1.1").status_code == 302
    draft.refresh_from_db()
    assert correct(client, draft, 7, action="place", target=3).status_code == 302
    # Then it is goal 1.1 under goal 1, without the number in its statement
    goal = next(b for b in stored_blocks(draft) if b.ref == "1.1")
    assert (goal.text, goal.level) == ("Vi vil cykle mere.", 2)
    response = correct(client, draft, 7, action="ref", ref="en og to")
    assert response.status_code == 400
    assert "is not a goal number" in page_text(response.content.decode())
