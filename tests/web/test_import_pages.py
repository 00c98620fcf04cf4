"""Importing a plan document through the site: upload, review and correct, import or cancel.

Drafts are made directly from hand-made blocks (a small plan: plan, focus
area, goals, documentation, follow-up), so the pages are tested apart from
the document readers; the reading itself is tested at the end with real
files. Nothing reaches the plan tables until the owner presses Import, and
only the owner sees a draft.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import user_with_roles
from virkplan.interchange.legacy.blocks import Block, blocks_from_data, blocks_to_data
from virkplan.interchange.legacy.drafts import DRAFT_DAYS
from virkplan.interchange.models import ImportDraft
from virkplan.organisation.models import Role, Unit
from virkplan.plans import importing
from virkplan.plans.models import FollowUp, Goal, Plan, PlanEvent, PlanStatus

from .conftest import links, page_text

UNIT = "miljo-teknik"


def small_plan(title: str = "Virksomhedsplan 2016") -> list[Block]:
    """What the importer might read from a one-page plan, with one uncertain block."""
    return [
        Block("ignored", "SIDE 1", page=1, line=1, end_line=1),
        Block("plan", title, page=1, line=2, end_line=2, period_start=2016, period_end=2016),
        Block("focus_area", "Bo i Albertslund", page=1, line=4, end_line=4),
        Block("goal", "Vi vil spare på energien.", page=1, line=6, end_line=6, ref="1"),
        Block("criterion", "Der er sparet 9.187 MWh", page=1, line=8, end_line=8),
        Block(
            "criterion",
            "og varmesalget er faldet.",
            page=2,
            line=10,
            end_line=10,
            confidence=0.5,
            reasons=["split_guessed"],
        ),
        Block("follow_up", "Målet er nået.", page=2, line=12, end_line=12),
        Block("goal", "Vi vil cykle mere.", page=2, line=14, end_line=14, ref="2"),
        Block("text", "Cykelstierne er bygget.", page=2, line=16, end_line=16, confidence=0.6),
    ]


def source_for(blocks: list[Block]) -> list[list[Any]]:
    """Numbered source lines holding each block's text at its line."""
    by_line = {b.line: b.text for b in blocks}
    last = max(b.end_line for b in blocks)
    page_of = {b.line: b.page for b in blocks}
    page = 1
    lines = []
    for number in range(1, last + 1):
        page = page_of.get(number, page)
        lines.append([page, number, by_line.get(number, "")])
    return lines


def make_draft(owner: User, blocks: list[Block] | None = None, unit: str = UNIT) -> ImportDraft:
    blocks = small_plan() if blocks is None else blocks
    return ImportDraft.objects.create(
        owner=owner,
        unit=Unit.objects.get(key=unit),
        filename="plan-2016.pdf",
        kind="pdf",
        source_lines=source_for(blocks),
        blocks=blocks_to_data(blocks),
        notes=["Teksten er læst som UTF-8."],
    )


def stored_blocks(draft: ImportDraft) -> list[Block]:
    draft.refresh_from_db()
    return blocks_from_data(draft.blocks)


@pytest.fixture(autouse=True)
def english(client) -> None:
    """The pages in English: the Danish catalogue is checked by tests/test_translations.py."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def people(demo) -> dict[str, User]:
    return {
        "editor": user_with_roles("redaktoer", (UNIT, Role.EDITOR)),
        "other editor": user_with_roles("kollega", (UNIT, Role.EDITOR)),
        "reader": user_with_roles("laeser", ("albertslund", Role.READER)),
        "approver": user_with_roles("godkender", (UNIT, Role.APPROVER)),
    }


@pytest.fixture
def editor(client, people) -> User:
    client.force_login(people["editor"])
    return people["editor"]


def review_url(draft: ImportDraft) -> str:
    return reverse("web:import-review", args=[draft.pk])


def block_url(draft: ImportDraft, number: int) -> str:
    return reverse("web:import-block", args=[draft.pk, number])


def correct(client, draft: ImportDraft, number: int, **data: Any):
    return client.post(block_url(draft, number), {"version": draft.version, **data})


# --- who may do what ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, people) -> None:
    draft = make_draft(people["editor"])
    urls = [
        ("get", reverse("web:import-upload")),
        ("get", review_url(draft)),
        ("post", block_url(draft, 2)),
        ("post", reverse("web:import-confirm", args=[draft.pk])),
        ("post", reverse("web:import-cancel", args=[draft.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), url
    assert ImportDraft.objects.get().version == 1


def test_users_who_write_no_plans_may_not_upload(client, people) -> None:
    client.force_login(people["reader"])
    assert client.get(reverse("web:import-upload")).status_code == 403
    document = SimpleUploadedFile("plan.txt", b"Virksomhedsplan 2016\n")
    unit = Unit.objects.get(key=UNIT)
    response = client.post(reverse("web:import-upload"), {"document": document, "unit": unit.pk})
    assert response.status_code == 403
    assert not ImportDraft.objects.exists()


def test_the_upload_form_offers_only_the_units_the_editor_writes_plans_for(client, editor) -> None:
    response = client.get(reverse("web:import-upload"))
    assert response.status_code == 200
    form = response.context["form"]
    offered = {unit.key for unit in form.fields["unit"].queryset}
    # The department and the units under it, not the municipality above
    assert UNIT in offered and "forsyning" in offered
    assert "albertslund" not in offered and "miljo-teknikforvaltningen" not in offered
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Import a plan from a document" in page_text(html)


def test_only_the_owner_sees_or_changes_a_draft(client, people) -> None:
    # Given a draft of the editor's
    draft = make_draft(people["editor"])
    # When a colleague with the same role, or an approver, tries to open or change it
    for who in ("other editor", "approver"):
        client.force_login(people[who])
        assert client.get(review_url(draft)).status_code == 404
        assert correct(client, draft, 6, action="accept").status_code == 404
        confirm = reverse("web:import-confirm", args=[draft.pk])
        assert client.post(confirm, {"version": 1}).status_code == 404
        cancel = reverse("web:import-cancel", args=[draft.pk])
        assert client.post(cancel).status_code == 404
    # Then the draft is as it was, and nothing was imported
    assert ImportDraft.objects.get().version == 1
    assert stored_blocks(draft) == small_plan()
    assert not Plan.objects.filter(title="Virksomhedsplan 2016").exists()


def test_an_unknown_draft_is_not_found(client, editor) -> None:
    url = reverse("web:import-review", args=["6f1c1f9e-0000-4000-8000-000000000000"])
    assert client.get(url).status_code == 404


def test_the_import_link_is_shown_to_editors_only(client, people) -> None:
    for who, shown in (("editor", True), ("reader", False)):
        client.force_login(people[who])
        for page in ("web:my-tasks", "web:front"):
            hrefs = links(client.get(reverse(page)).content.decode())
            assert (reverse("web:import-upload") in hrefs) is shown, (who, page)


# --- the review page ---------------------------------------------------------------------------


def test_review_page_shows_the_plan_as_a_tree_beside_the_source(client, editor) -> None:
    draft = make_draft(editor)
    response = client.get(review_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    assert "Review and correct" in text
    # The counts: 1 plan, 1 focus area, 2 goals, 2 criteria, 1 follow-up, 2 uncertain blocks
    counts = response.context["counts"]
    assert (counts.plans, counts.focus_areas, counts.goals) == (1, 1, 2)
    assert (counts.criteria, counts.follow_ups, counts.uncertain) == (2, 1, 2)
    assert "2 uncertain blocks" in text
    # The tree: plan > focus area > goal > documentation and follow-up
    tree = response.context["tree"]
    assert [n.block.kind for n in tree] == ["ignored", "plan"]
    plan = tree[1]
    assert [n.block.kind for n in plan.children] == ["focus_area"]
    goals = plan.children[0].children
    assert [n.block.kind for n in goals] == ["goal", "goal"]
    assert [n.block.kind for n in goals[0].children] == ["criterion", "criterion", "follow_up"]
    # Every block links to its line in the source, which has the line's id
    for block in small_plan():
        assert f'href="#linje-{block.line}"' in html
        assert f'id="linje-{block.line}"' in html
    assert "page 2, line 10" in text
    assert "Documentation" in text and "Follow-up" in text
    # The ignored page header is folded away
    assert "1 ignored block" in text
    # And the reader's notes are shown
    assert "Teksten er læst som UTF-8." in text


def test_uncertain_blocks_are_marked_with_a_word_and_their_reasons(client, editor) -> None:
    draft = make_draft(editor)
    html = client.get(review_url(draft)).content.decode()
    # The block (number 6) carries the word "Uncertain" and the reason, not only a colour
    start = html.index('id="blok-6"')
    block_html = html[start : html.index('id="blok-7"')]
    assert "vp-import-uncertain" in block_html
    assert "Uncertain" in page_text(block_html)
    assert "#warning" in block_html
    reason = "Split from the previous paragraph at a short line ending a sentence."
    assert reason in page_text(block_html)
    # A block read with certainty has no such mark
    certain = html[html.index('id="blok-5"') : start]
    assert "Uncertain" not in page_text(certain)


def test_each_block_has_its_corrections(client, editor) -> None:
    draft = make_draft(editor)
    html = client.get(review_url(draft)).content.decode()
    # Every block links to its corrections; uncertain blocks can be accepted at once
    for number in range(1, 10):
        assert f'href="{review_url(draft)}?ret={number}"' in html
    assert html.count(f'action="{block_url(draft, 6)}"') == 1
    assert html.count(f'action="{block_url(draft, 9)}"') == 1
    assert f'action="{block_url(draft, 5)}"' not in html
    # When the editor opens block 5's corrections
    html = client.get(review_url(draft) + "?ret=5").content.decode()
    # Then the block has its form: kind, text, a goal to move it to, and the buttons
    assert html.count(f'action="{block_url(draft, 5)}"') == 1
    assert 'id="blok-5-kind"' in html and 'id="blok-5-text"' in html
    assert 'id="blok-5-goal"' in html
    for action in ("kind", "text", "move", "merge", "ignore"):
        assert f'name="action" value="{action}"' in html
    assert '<option value="3">1 Vi vil spare på energien.</option>' in html
    assert '<option value="7">2 Vi vil cykle mere.</option>' in html
    # A goal cannot be moved to a goal
    html = client.get(review_url(draft) + "?ret=4").content.decode()
    assert 'id="blok-4-kind"' in html and 'id="blok-4-goal"' not in html


def test_review_page_reads_one_draft_row_whatever_its_size(
    client, editor, django_assert_max_num_queries
) -> None:
    # Given a small draft and one twenty times larger
    small = make_draft(editor)
    big_blocks = small_plan()
    for n in range(20):
        big_blocks += [
            Block("focus_area", f"Område {n}", line=20 + 4 * n, end_line=20 + 4 * n),
            Block("goal", f"Mål {n}", line=21 + 4 * n, end_line=21 + 4 * n, ref=str(n)),
            Block("criterion", f"Kriterie {n}", line=22 + 4 * n, confidence=0.3),
            Block("follow_up", f"Opfølgning {n}", line=23 + 4 * n),
        ]
    big = make_draft(editor, big_blocks)
    client.get(review_url(small))  # the session and user are loaded once per request anyway
    # Then both pages issue the same few queries: session, user, the draft with its unit,
    # and the names of the plans' units
    with django_assert_max_num_queries(5) as small_queries:
        assert client.get(review_url(small)).status_code == 200
    with django_assert_max_num_queries(5) as big_queries:
        response = client.get(review_url(big))
    assert response.status_code == 200
    assert len(big_queries) == len(small_queries)
    assert response.context["counts"].goals == 22


# --- corrections -------------------------------------------------------------------------------


def test_change_a_blocks_kind(client, editor) -> None:
    draft = make_draft(editor)
    response = correct(client, draft, 9, action="kind", kind="criterion")
    assert response.status_code == 302
    assert response["Location"] == f"{review_url(draft)}?rettet=9#blok-9"
    blocks = stored_blocks(draft)
    assert blocks[8].kind == "criterion" and not blocks[8].uncertain
    assert draft.version == 2
    # The page shows the block as corrected
    page = client.get(response["Location"])
    assert "Corrected" in page_text(page.content.decode())


def test_edit_a_blocks_text_and_split_it_with_a_blank_line(client, editor) -> None:
    draft = make_draft(editor)
    text = "Vi vil spare på energien.\r\n\r\nVi vil isolere skolerne."
    response = correct(client, draft, 4, action="text", text=text)
    assert response.status_code == 302
    blocks = stored_blocks(draft)
    assert [b.text for b in blocks[3:5]] == [
        "Vi vil spare på energien.",
        "Vi vil isolere skolerne.",
    ]
    assert [b.kind for b in blocks[3:5]] == ["goal", "goal"]
    assert len(blocks) == len(small_plan()) + 1


def test_merge_a_block_with_the_one_before(client, editor) -> None:
    draft = make_draft(editor)
    response = correct(client, draft, 6, action="merge")
    assert response["Location"].endswith("#blok-5")
    blocks = stored_blocks(draft)
    assert blocks[4].text == "Der er sparet 9.187 MWh og varmesalget er faldet."
    assert len(blocks) == len(small_plan()) - 1


def test_move_a_block_to_another_goal(client, editor) -> None:
    draft = make_draft(editor)
    # The text under goal 2 (block 9) is goal 1's documentation (goal 1 is block 4, index 3)
    response = correct(client, draft, 9, action="move", goal=3)
    assert response.status_code == 302
    assert response["Location"].endswith("#blok-4")
    blocks = stored_blocks(draft)
    assert [b.text for b in blocks[3:9]] == [
        "Vi vil spare på energien.",
        "Der er sparet 9.187 MWh",
        "og varmesalget er faldet.",
        "Målet er nået.",
        "Cykelstierne er bygget.",
        "Vi vil cykle mere.",
    ]


def test_ignore_a_block_and_accept_one(client, editor) -> None:
    draft = make_draft(editor)
    assert correct(client, draft, 9, action="ignore").status_code == 302
    draft.refresh_from_db()
    assert correct(client, draft, 6, action="accept").status_code == 302
    blocks = stored_blocks(draft)
    assert blocks[8].kind == "ignored"
    assert not blocks[5].uncertain and blocks[5].kind == "criterion"
    assert draft.version == 3
    counts = client.get(review_url(draft)).context["counts"]
    assert counts.uncertain == 0


def test_a_correction_made_on_an_old_page_is_refused_as_a_conflict(client, editor) -> None:
    # Given the page opened in two tabs, and a change made in the first
    draft = make_draft(editor)
    seen_version = draft.version
    assert correct(client, draft, 9, action="kind", kind="criterion").status_code == 302
    before = stored_blocks(draft)
    # When the second tab sends a change based on what it showed
    response = client.post(block_url(draft, 6), {"version": seen_version, "action": "ignore"})
    # Then the change is not made, and the page says why, showing the blocks as they are now
    assert response.status_code == 409
    text = page_text(response.content.decode())
    assert "Block 6 was not changed" in text
    assert "another window or tab" in text
    assert stored_blocks(draft) == before
    assert draft.version == 2
    assert response.context["draft"].version == 2


def test_a_text_written_on_an_old_page_is_shown_beside_the_current_one(client, editor) -> None:
    # Given a block's text changed in one tab
    draft = make_draft(editor)
    assert (
        correct(client, draft, 5, action="text", text="Der er sparet 9.200 MWh").status_code == 302
    )
    # When another tab, opened before, saves its own text for the block
    response = client.post(
        block_url(draft, 5), {"version": 1, "action": "text", "text": "Der er sparet 9.300 MWh"}
    )
    # Then nothing is saved, and both texts are on the page: the current one in the field
    assert response.status_code == 409
    html = response.content.decode()
    assert "Your text, not saved:" in page_text(html)
    assert "Der er sparet 9.300 MWh" in page_text(html)
    assert '<textarea class="form-input" id="blok-5-text"' in html
    assert "Der er sparet 9.200 MWh</textarea>" in html
    assert stored_blocks(draft)[4].text == "Der er sparet 9.200 MWh"


def test_a_correction_that_cannot_be_made_is_refused_at_the_block(client, editor) -> None:
    draft = make_draft(editor)
    # The first block cannot be joined to one before it; a goal cannot be moved to a goal
    for number, data in ((1, {"action": "merge"}), (4, {"action": "move", "goal": 7})):
        response = correct(client, draft, number, **data)
        assert response.status_code == 400
        html = response.content.decode()
        assert f'id="blok-{number}-error"' in html
        assert f"Block {number}" in page_text(html)
    # An empty text, and a move without a goal
    response = correct(client, draft, 5, action="text", text="  \n ")
    assert response.status_code == 400
    response = correct(client, draft, 5, action="move")
    assert response.status_code == 400
    assert stored_blocks(draft) == small_plan()
    assert draft.version == 1


def test_a_correction_of_a_block_that_is_not_there_is_refused(client, editor) -> None:
    draft = make_draft(editor)
    response = correct(client, draft, 99, action="accept")
    assert response.status_code == 400
    assert draft.version == 1 and stored_blocks(draft) == small_plan()
    response = client.post(block_url(draft, 2), {"version": 1, "action": "explode"})
    assert response.status_code == 400


# --- import or cancel --------------------------------------------------------------------------


def confirm(client, draft: ImportDraft, **data: Any):
    return client.post(
        reverse("web:import-confirm", args=[draft.pk]), {"version": draft.version, **data}
    )


def test_import_writes_the_plans_and_deletes_the_draft(client, editor) -> None:
    # Given a draft the editor has corrected
    draft = make_draft(editor)
    correct(client, draft, 9, action="kind", kind="criterion")
    draft.refresh_from_db()
    plans_before = Plan.objects.count()
    # When they press Import
    response = confirm(client, draft)
    # Then the plan is stored, as a draft (an editor cannot approve), and the draft is gone
    assert response.status_code == 302
    assert Plan.objects.count() == plans_before + 1
    plan = Plan.objects.get(title="Virksomhedsplan 2016")
    assert plan.unit.key == UNIT and plan.status == PlanStatus.DRAFT
    assert response["Location"] == reverse("web:plan", args=[plan.key])
    assert not ImportDraft.objects.exists()
    goals = Goal.objects.filter(plan_focus_area__plan=plan).order_by("position")
    assert [g.statement for g in goals] == ["Vi vil spare på energien.", "Vi vil cykle mere."]
    assert [c.text for c in goals[1].criteria.all()] == ["Cykelstierne er bygget."]
    # And the plan page says what was imported
    text = page_text(client.get(response["Location"]).content.decode())
    assert "Imported 1 plan with 1 focus areas, 2 goals" in text


def test_an_approver_imports_plans_with_the_documents_status(client, people) -> None:
    client.force_login(people["approver"])
    draft = make_draft(people["approver"])
    assert confirm(client, draft).status_code == 302
    assert Plan.objects.get(title="Virksomhedsplan 2016").status == PlanStatus.PUBLISHED


def test_a_refused_import_keeps_the_draft_and_shows_why(client, editor) -> None:
    # Given the plan already imported once
    first = make_draft(editor)
    assert confirm(client, first).status_code == 302
    plans = Plan.objects.count()
    # When the same document is imported again, without "replace"
    draft = make_draft(editor)
    response = confirm(client, draft)
    # Then nothing is written, the draft stays, and the page lists the problem
    assert response.status_code == 400
    assert Plan.objects.count() == plans
    assert ImportDraft.objects.filter(pk=draft.pk).exists()
    text = page_text(response.content.decode())
    assert "The plans were not imported." in text
    assert "Virksomhedsplan 2016" in text
    assert response.context["refusal"].errors
    # When they tick "replace plans already stored"
    response = confirm(client, draft, replace="1")
    # Then the stored plan is replaced
    assert response.status_code == 302
    assert Plan.objects.count() == plans
    assert Plan.objects.filter(title="Virksomhedsplan 2016").count() == 1
    assert not ImportDraft.objects.exists()


def test_a_draft_with_every_block_ignored_is_refused(client, editor) -> None:
    draft = make_draft(editor, [Block("ignored", "SIDE 1", line=1, end_line=1)])
    response = confirm(client, draft)
    assert response.status_code == 400
    assert "the kind “Plan”" in page_text(response.content.decode())
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_import_from_an_old_page_is_refused(client, editor) -> None:
    draft = make_draft(editor)
    plans = Plan.objects.count()
    response = client.post(reverse("web:import-confirm", args=[draft.pk]), {"version": 0})
    assert response.status_code == 409
    response = client.post(reverse("web:import-confirm", args=[draft.pk]), {"version": 5})
    assert response.status_code == 409
    assert Plan.objects.count() == plans
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_an_editor_who_lost_the_role_cannot_import(client, editor) -> None:
    draft = make_draft(editor)
    editor.role_grants.all().delete()
    plans = Plan.objects.count()
    assert confirm(client, draft).status_code == 403
    assert Plan.objects.count() == plans
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_a_plan_of_a_unit_the_editor_does_not_write_for_is_refused(client, people) -> None:
    # Given an editor of Forsyning whose document names a plan of the department above
    user = user_with_roles("forsyner", ("forsyning", Role.EDITOR))
    client.force_login(user)
    blocks = small_plan()
    blocks[1].unit = UNIT
    draft = make_draft(user, blocks, unit="forsyning")
    plans = Plan.objects.count()
    response = confirm(client, draft)
    assert response.status_code == 400
    assert "miljo-teknik" in page_text(response.content.decode())
    assert Plan.objects.count() == plans


def test_cancel_deletes_the_draft_and_goes_back_to_the_upload_page(client, editor) -> None:
    draft = make_draft(editor)
    plans = Plan.objects.count()
    response = client.post(reverse("web:import-cancel", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:import-upload")
    assert not ImportDraft.objects.exists()
    assert Plan.objects.count() == plans
    text = page_text(client.get(response["Location"]).content.decode())
    assert "plan-2016.pdf" in text


def test_opening_the_upload_page_lists_only_drafts_that_have_not_expired(
    client, editor, people
) -> None:
    # Given a draft of the editor's made eight days ago and one made today
    old = make_draft(editor)
    ImportDraft.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=DRAFT_DAYS + 1)
    )
    new = make_draft(editor)
    # When the editor opens the upload page
    html = client.get(reverse("web:import-upload")).content.decode()
    # Then only today's draft is offered to go on with, and reading the page deleted nothing
    assert review_url(new) in links(html)
    assert review_url(old) not in links(html)
    assert ImportDraft.objects.count() == 2


def test_old_drafts_are_deleted_when_a_document_is_uploaded(client, editor, people) -> None:
    # Given a draft made eight days ago (someone else's) and one made today
    old = make_draft(people["other editor"])
    ImportDraft.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=DRAFT_DAYS + 1)
    )
    new = make_draft(editor)
    # When the editor uploads a document
    response = upload(client, "plan-2016.txt", b"Virksomhedsplan 2016\n")
    # Then the old draft is gone, today's stays, and the upload made its own
    assert response.status_code == 302
    assert not ImportDraft.objects.filter(pk=old.pk).exists()
    assert ImportDraft.objects.filter(pk=new.pk).exists()
    assert ImportDraft.objects.count() == 2


# --- uploading ---------------------------------------------------------------------------------


def upload(client, name: str, data: bytes, unit: str = UNIT):
    document = SimpleUploadedFile(name, data)
    return client.post(
        reverse("web:import-upload"),
        {"document": document, "unit": Unit.objects.get(key=unit).pk},
    )


def test_a_file_over_the_limit_is_refused_at_the_file_field(client, editor) -> None:
    with override_settings(VIRKPLAN_IMPORT_MAX_BYTES=1000):
        response = upload(client, "plan.txt", b"x" * 1001)
    assert response.status_code == 400
    assert "document" in response.context["form"].errors
    assert "1000" in page_text(response.content.decode()) or "1,0" in page_text(
        response.content.decode()
    )
    assert not ImportDraft.objects.exists()


def test_a_unit_the_editor_does_not_write_for_cannot_be_chosen(client, editor) -> None:
    response = upload(client, "plan.txt", b"Virksomhedsplan 2016\n", unit="albertslund")
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not ImportDraft.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plan.pdf", b"%PDF-1.4 not really a pdf"),
        ("plan.docx", b"PK\x03\x04" + bytes(60)),
        ("plan.exe", b"MZ\x00\x00"),
    ],
)
def test_an_unreadable_document_is_refused_at_the_file_field(client, editor, name, data) -> None:
    plans = Plan.objects.count()
    response = upload(client, name, data)
    assert response.status_code == 400
    errors = response.context["form"].errors["document"]
    assert errors and errors[0]
    html = response.content.decode()
    assert 'id="id_document-error"' in html
    assert not ImportDraft.objects.exists()
    assert Plan.objects.count() == plans


def test_a_readable_document_becomes_a_draft_to_review(client, editor) -> None:
    # Given a short plan as a text file
    text = (
        "Virksomhedsplan 2016\n\nBo i Albertslund\n\n"
        "Mål 1: Vi vil spare på energien.\n\nDokumentation: Der er sparet 9.187 MWh.\n"
    )
    # When the editor uploads it for the department
    response = upload(client, "plan-2016.txt", text.encode("cp1252"))
    # Then it is kept as their draft, and they are sent to review it; no plan is stored yet
    draft = ImportDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_url(draft)
    assert (draft.owner, draft.unit.key, draft.filename, draft.kind) == (
        editor,
        UNIT,
        "plan-2016.txt",
        "text",
    )
    assert [line[2] for line in draft.source_lines][:1] == ["Virksomhedsplan 2016"]
    assert not Plan.objects.filter(title="Virksomhedsplan 2016").exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Vi vil spare på energien." in page_text(page.content.decode())


def test_the_reference_plan_is_read_for_review_and_imported(client, editor, reference_text):
    # Given the text of Albertslund's 2014 plan, uploaded for the department
    response = upload(client, "albertslund-2014.txt", reference_text.encode("utf-8"))
    assert response.status_code == 302
    # When the editor opens the review page
    page = client.get(response["Location"])
    # Then it shows the two plans, their eight focus areas and 35 goals
    counts = page.context["counts"]
    assert (counts.plans, counts.focus_areas, counts.goals) == (2, 8, 35)
    text = page_text(page.content.decode())
    assert "2 plans" in text and "8 focus areas" in text and "35 goals" in text
    # And every line of the source, with its anchor
    draft = ImportDraft.objects.get()
    assert len(draft.source_lines) > 1700
    html = page.content.decode()
    for _page, number, _text in draft.source_lines:
        assert f'id="linje-{number}"' in html
    # When the editor imports it over the demo's published copy of the plan
    stored = Plan.objects.get(key="mt-2014")
    pages = {
        key: client.get(reverse("web:plan", args=[key])) for key in ("mt-2014", "mtf-2012-2013")
    }
    rows = {model: model.objects.count() for model in (Plan, Goal, FollowUp, PlanEvent)}
    response = confirm(client, draft, replace="1")
    # Then nothing is imported: only an approver may replace a published plan
    assert response.status_code == 400
    text = page_text(response.content.decode())
    with translation.override("en"):
        refusal = str(importing.MSG_REVISION_TAKES_APPROVER) % {
            "title": stored.title,
            "key": stored.key,
            "status": stored.get_status_display(),
        }
    assert refusal in text
    assert "“Virksomhedsplan 2014”:" in text and "$.plans" not in text
    assert ImportDraft.objects.filter(pk=draft.pk).exists()
    # And the published plans are as they were, with every follow-up and workflow step
    assert {model: model.objects.count() for model in (Plan, Goal, FollowUp, PlanEvent)} == rows
    assert Plan.objects.get(key="mt-2014").pk == stored.pk
    for key, page in pages.items():
        again = client.get(reverse("web:plan", args=[key]))
        assert again.status_code == 200
        assert page_text(again.content.decode()) == page_text(page.content.decode())


def test_an_approver_replacing_the_published_reference_plan_gets_a_draft_revision(
    client, people, reference_text
) -> None:
    # Given the approver's reading of the reference plan, the 2012–2013 plan given its own unit
    approver = user_with_roles(
        "godkender-begge", (UNIT, Role.APPROVER), ("miljo-teknikforvaltningen", Role.APPROVER)
    )
    client.force_login(approver)
    upload(client, "albertslund-2014.txt", reference_text.encode("utf-8"))
    draft = ImportDraft.objects.get()
    blocks = stored_blocks(draft)
    earlier = next(i for i, b in enumerate(blocks) if b.kind == "plan" and b.period_start == 2012)
    corrected = correct(
        client,
        draft,
        earlier + 1,
        action="plan",
        unit="miljo-teknikforvaltningen",
        start=2012,
        end=2013,
    )
    assert corrected.status_code == 302, page_text(corrected.content.decode())[:1500]
    published = {p.key: p for p in Plan.objects.all()}
    follow_ups = FollowUp.objects.filter(goal__plan_focus_area__plan__key="mtf-2012-2013").count()
    events = PlanEvent.objects.count()
    # When they import it, replacing plans already stored
    response = confirm(client, ImportDraft.objects.get(), replace="1")
    # Then both published plans are kept as they were, each with a new draft revision of it
    assert response.status_code == 302, page_text(response.content.decode())[:2000]
    for key, plan in published.items():
        kept = Plan.objects.get(key=key)
        assert (kept.pk, kept.status, kept.version) == (plan.pk, plan.status, plan.version)
        revision = Plan.objects.get(revision_of=kept)
        assert (revision.status, revision.revision) == (PlanStatus.DRAFT, plan.revision + 1)
        assert revision.unit_id == kept.unit_id
    assert (
        FollowUp.objects.filter(goal__plan_focus_area__plan__key="mtf-2012-2013").count()
        == follow_ups
    )
    assert PlanEvent.objects.count() == events
    # And the revision's goals carry on the published plan's goals, so their history is whole
    revision = Plan.objects.get(revision_of__key="mt-2014")
    carried = Goal.objects.filter(plan_focus_area__plan=revision, continues__isnull=False)
    assert carried.exists()


def test_give_a_plan_its_unit_and_period(client, editor) -> None:
    # Given a draft whose plan the importer gave the upload's unit
    draft = make_draft(editor)
    # When the editor opens the plan block's corrections, the units they write for are offered
    page = client.get(review_url(draft) + "?ret=2")
    assert b'name="unit"' in page.content
    assert "Ejendom, Vej &amp; Park" in page.content.decode()
    # and they choose a unit below their own and another period
    response = correct(
        client, draft, 2, action="plan", unit="ejendom-vej-park", start=2015, end=2016
    )
    # Then the plan block has them, checked by a person, and the tree names the unit
    assert response.status_code == 302
    plan = stored_blocks(draft)[1]
    assert (plan.unit, plan.period_start, plan.period_end) == ("ejendom-vej-park", 2015, 2016)
    assert not plan.uncertain
    shown = client.get(review_url(draft)).content.decode()
    assert 'Unit: <span lang="da">Ejendom, Vej &amp; Park</span>' in shown


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit": "albertslund", "start": 2016}, "choose the plan"),
        ({"unit": UNIT, "start": 2016, "end": 2014}, "cannot end (2014) before it starts (2016)"),
        ({"unit": UNIT}, "write the year it starts"),
    ],
)
def test_a_plan_cannot_get_a_unit_the_editor_does_not_write_for_or_a_backwards_period(
    client, editor, data, message
) -> None:
    draft = make_draft(editor)
    response = correct(client, draft, 2, action="plan", **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored_blocks(draft)[1].unit == ""
    assert stored_blocks(draft)[1].period_start == 2016


def test_a_pdf_longer_than_the_upload_page_reads_is_refused_with_its_length(
    client, editor, settings
) -> None:
    # Given an upload page that reads PDFs of at most two pages, and a three-page PDF
    from weasyprint import HTML

    settings.VIRKPLAN_IMPORT_MAX_PAGES = 2
    pages = "".join(f'<p style="break-before: page">Side {n}.</p>' for n in range(3))
    pdf = HTML(string=f"<h1>Virksomhedsplan 2016</h1>{pages}").write_pdf()
    # When the editor uploads it
    response = upload(client, "plan.pdf", pdf)
    # Then the file field says how long it is and what can be read; nothing is kept
    assert response.status_code == 400
    (error,) = response.context["form"].errors["document"]
    assert "4 pages" in error and "at most 2 pages" in error
    assert not ImportDraft.objects.exists()
