"""Importing a plan document in a real browser: upload, review, correct one block, import.

Drives Debian's chromium through Playwright (never `playwright install`), as
tests/web/test_accessibility.py does; pictures go to test-artifacts/ when asked for.
The upload and review pages must have no axe-core violations (WCAG 2.1 A
and AA and axe's best practices), in Danish and in English.
"""

import os
import re
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_TEXT
from virkplan.interchange.models import ImportDraft
from virkplan.organisation.models import Role
from virkplan.plans.models import Goal, Plan

from .browser import assert_accessible, demo_site, keep_picture, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

UNIT_NAME = "Miljø & Teknik"
# A block's own "Correct" link (not those of the blocks under it).
CORRECT_LINK = ":scope > .vp-import-own > .vp-import-tools > a.vp-import-correct"


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    """The live server with the demo plans and an editor of Miljø & Teknik."""
    return demo_site(live_server, demo, redaktoer=[("miljo-teknik", Role.EDITOR)])


def _upload(page, site: str) -> None:
    page.goto(site + "/indlaes/")
    page.locator("select[name=unit]").select_option(label=UNIT_NAME)
    page.locator("input[name=document]").set_input_files(str(REFERENCE_TEXT))
    page.locator("form.vp-import-upload button[type=submit]").click()
    page.wait_for_load_state()


def _count(page, name: str) -> int:
    """A number in the summary at the top of the review page ("35 goals")."""
    text = page.locator(".vp-import-counts").inner_text()
    match = re.search(rf"(\d+)\s+{name}", text)
    assert match, text
    return int(match.group(1))


@pytest.mark.parametrize("language", ["da", "en"])
def test_upload_and_review_pages_have_no_wcag_violations(pages, site, language) -> None:
    page = signed_in_page(pages, site, "redaktoer", language)
    try:
        response = page.goto(site + "/indlaes/")
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page, f"import-upload-{language}")
        # The upload refused: the message is at the file field
        page.locator("select[name=unit]").select_option(label=UNIT_NAME)
        page.locator("input[name=document]").set_input_files(
            files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
        )
        page.locator("form.vp-import-upload button[type=submit]").click()
        page.locator("#id_document-error").wait_for()
        assert_accessible(page, f"import-upload-error-{language}")
        # The review page of the reference plan, and with one block's corrections open
        _upload(page, site)
        assert "/indlaes/" in page.url and page.locator(".vp-import-tree").count() > 0
        assert_accessible(page, f"import-review-{language}")
        first_uncertain = page.locator(".vp-import-uncertain").first
        first_uncertain.locator(CORRECT_LINK).click()
        page.wait_for_load_state()
        page.locator("form.vp-import-form").wait_for()
        # The form is in view, its first field focused, beside the block's lines in the source
        assert page.evaluate("document.activeElement.name") == "kind"
        line = first_uncertain.get_attribute("data-line")
        page.locator(f"#linje-{line}.vp-source-current").wait_for()
        assert page.locator(f"#linje-{line}").is_visible()
        keep_picture(page, f"import-review-correcting-{language}-view")
        assert_accessible(page, f"import-review-correcting-{language}")
    finally:
        pages.close(page)


def test_an_editor_uploads_corrects_and_imports_the_reference_plan(pages, site) -> None:
    page = signed_in_page(pages, site, "redaktoer", "en")
    try:
        # Given the editor on the upload page, reached from their tasks
        page.goto(site + "/mine-opgaver/")
        page.get_by_role("link", name="Import a plan from a document").click()
        page.wait_for_load_state()
        # When they upload the reference plan for Miljø & Teknik
        page.locator("select[name=unit]").select_option(label=UNIT_NAME)
        page.locator("input[name=document]").set_input_files(str(REFERENCE_TEXT))
        page.get_by_role("button", name="Read the document").click()
        page.wait_for_load_state()
        # Then the review page shows two plans, eight focus areas and 35 goals
        assert page.get_by_role("heading", name="Review and correct").count() == 1
        assert (_count(page, "plans"), _count(page, "focus areas"), _count(page, "goals")) == (
            2,
            8,
            35,
        )
        uncertain = _count(page, "uncertain blocks")
        assert uncertain > 0
        assert (
            ImportDraft.objects.count() == 1
            and not Plan.objects.filter(key__startswith="miljo-teknik-").exists()
        )
        # And a block's "page N, line M" link shows that line in the source beside it
        where = page.locator(".vp-import-where").first
        line_id = where.get_attribute("href").lstrip("#")
        where.click()
        assert page.evaluate("location.hash") == f"#{line_id}"
        assert page.locator(f"#{line_id}").is_visible()
        # When they open the corrections of a follow-up placed in its column by guess,
        # and make it documentation
        criteria, follow_ups = _count(page, "documentation points"), _count(page, "follow-ups")
        block = page.locator(".vp-import-uncertain.vp-import-follow_up").first
        block_id = block.get_attribute("id")
        assert "Uncertain" in block.inner_text()
        block.locator(CORRECT_LINK).click()
        page.wait_for_load_state()
        form = page.locator(f"#{block_id} form.vp-import-form")
        kind = form.locator("select[name=kind]")
        assert kind.evaluate("el => el === document.activeElement")
        kind.select_option("criterion")
        form.get_by_role("button", name="Change kind").click()
        page.wait_for_load_state()
        # Then the block is documentation, marked corrected and no longer uncertain
        corrected = page.locator(f"#{block_id}")
        assert "Corrected" in corrected.inner_text()
        assert "vp-import-criterion" in (corrected.get_attribute("class") or "")
        assert "Uncertain" not in corrected.inner_text()
        assert _count(page, "uncertain blocks") == uncertain - 1
        assert _count(page, "documentation points") == criteria + 1
        assert _count(page, "follow-ups") == follow_ups - 1
        keep_picture(page, "import-review-corrected")
        # When they import it, ticking "replace" over the demo's published 2014 plan
        actions = page.locator(".vp-import-summary .vp-import-actions")
        actions.get_by_label("Replace plans already stored").check()
        actions.get_by_role("button", name="Import").click()
        page.wait_for_load_state()
        # Then nothing is imported: the page says, in its own words, that only an approver
        # may replace a published plan; the published plan is untouched
        refusal = page.locator("#refusal").inner_text()
        assert "only an approver of its unit may replace it" in refusal
        assert "“Virksomhedsplan 2014”:" in refusal
        assert "$.plans" not in refusal and "--replace" not in refusal
        assert ImportDraft.objects.count() == 1
        assert Plan.objects.get(key="mt-2014").status == "published"
        # When they give the 2014 plan the next year instead, and import without replacing
        plan_block = page.locator(".vp-import-plan").first
        plan_block.locator(CORRECT_LINK).click()
        page.wait_for_load_state()
        plan_block = page.locator(".vp-import-plan").first
        plan_block.get_by_label("First year").fill("2015")
        plan_block.get_by_label("Last year").fill("2015")
        plan_block.get_by_role("button", name="Save unit and period").click()
        page.wait_for_load_state()
        actions = page.locator(".vp-import-summary .vp-import-actions")
        actions.get_by_role("button", name="Import").click()
        page.wait_for_load_state()
        # Then they are on the first imported plan's page, which says what was imported
        assert "/plan/miljo-teknik-2015/" in page.url
        assert "Imported 2 plans with 8 focus areas, 35 goals" in page.inner_text("main")
        assert not ImportDraft.objects.exists()
        imported = Plan.objects.filter(key__startswith="miljo-teknik-")
        assert imported.count() == 2
        assert Goal.objects.filter(plan_focus_area__plan__in=imported).count() == 35
        assert Plan.objects.get(key="mt-2014").status == "published"
        keep_picture(page, "import-done-plan")
    finally:
        pages.close(page)


PLEJECENTER = Path(__file__).resolve().parents[1] / "data/legacy/documents/05_plejecenter/plan.docx"


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_editor_reshapes_a_word_plan_by_keyboard(pages, site, language) -> None:
    page = signed_in_page(pages, site, "redaktoer", language)
    try:
        # Given a Word plan read for review
        page.goto(site + "/indlaes/")
        page.locator("select[name=unit]").select_option(label=UNIT_NAME)
        page.locator("input[name=document]").set_input_files(str(PLEJECENTER))
        page.locator("form.vp-import-upload button[type=submit]").click()
        page.wait_for_load_state()
        draft = ImportDraft.objects.get()
        goals = [n for n, b in enumerate(draft.blocks) if b["kind"] == "goal" and b["level"] == 1]

        def down_of(index: int):
            return page.locator(f"#blok-{goals[index] + 1} > .vp-import-own button[value=down]")

        # (the first goal with one after it in its focus area: only such a goal has "down")
        index = next(i for i in range(len(goals) - 1) if down_of(i).count())
        second = goals[index + 1] + 1
        before = [draft.blocks[n]["text"] for n in goals]
        # When the editor moves that goal down with the keyboard
        down = down_of(index)
        down.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        # Then the goal that was second is first, and the moved goal is shown as corrected
        draft.refresh_from_db()
        after = [b["text"] for b in draft.blocks if b["kind"] == "goal" and b["level"] == 1]
        assert after[index : index + 2] == [before[index + 1], before[index]]
        assert page.locator(".vp-import-changed").count() == 1
        assert before[index] in page.locator(".vp-import-changed > .vp-import-own").inner_text()
        assert_accessible(page, f"import-reshape-moved-{language}")
        # When they open a goal's corrections, the "move to" choice and buttons are there
        page.goto(f"{site}/indlaes/{draft.pk}/?ret={second}")
        target = page.locator(f"#blok-{second}-target")
        assert target.count() == 1
        assert_accessible(page, f"import-reshape-goal-form-{language}")
        # And a follow-up's corrections offer its status
        follow_up = next(n for n, b in enumerate(draft.blocks) if b["kind"] == "follow_up") + 1
        page.goto(f"{site}/indlaes/{draft.pk}/?ret={follow_up}")
        status = page.locator(f"#blok-{follow_up}-status")
        status.select_option("partly_met")
        status.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        draft.refresh_from_db()
        assert draft.blocks[follow_up - 1]["status"] == "partly_met"
        keep_picture(page, f"import-reshape-status-{language}", full_page=True)
        assert_accessible(page, f"import-reshape-status-{language}")
    finally:
        pages.close(page)
