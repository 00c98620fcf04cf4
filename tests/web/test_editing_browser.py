"""Editing in a real browser: axe-clean pages and forms, and htmx edits without page reloads.

Drives Debian's chromium through Playwright (never `playwright install`), as
tests/web/test_accessibility.py does; pictures go to test-artifacts/ when asked for.
"""

import os
from collections.abc import Iterator

import pytest

from virkplan.plans import services
from virkplan.plans.models import Goal, PlanStatus

from ..factories import EditingWorld
from .browser import assert_accessible, keep_picture, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, live_server, editing: EditingWorld) -> EditingWorld:
    return editing


@pytest.fixture
def editor_page(pages, world, live_server) -> Iterator:
    page = signed_in_page(pages, live_server.url, world.users["editor"])
    yield page
    pages.close(page)


def _settled(page, slot: str) -> None:
    """Wait until htmx has settled the form swapped into `slot`: the keyboard is in it.

    (htmx moves the focus to the form's first field a moment after the swap;
    typing before that would type into whichever field has the focus then.)
    """
    # A locator, not wait_for_function: the Content-Security-Policy forbids the eval it needs.
    page.locator(f"#{slot} :focus").wait_for()


def _pages(world: EditingWorld) -> dict[str, str]:
    goal, criterion, plan = world.goal, world.criterion, world.plan
    return {
        "edit-plan": f"/plan/{plan.key}/rediger/",
        "edit-goal-form": f"/maal/{goal.key}/rediger/",
        "edit-criterion-form": f"/maal/{goal.key}/dokumentation/{criterion.pk}/",
        "edit-plan-details-form": f"/plan/{plan.key}/rediger/plan/",
        # with the organisation chart's checkbox
        "edit-section-form": f"/plan/{plan.key}/rediger/afsnit/{plan.sections.first().pk}/",
        "edit-focus-area-add-form": f"/plan/{plan.key}/rediger/indsatsomraade/nyt/",
        "edit-goal-delete": f"/maal/{goal.key}/slet/",
        "new-plan": "/ny-plan/",
    }


@pytest.mark.parametrize("language", ["da", "en"])
def test_editing_pages_have_no_wcag_violations(pages, world, live_server, language) -> None:
    # Given an editor of the department, in the chosen language
    page = signed_in_page(pages, live_server.url, world.users["editor"], language)
    try:
        for name, url in _pages(world).items():
            # When each editing page is opened
            response = page.goto(live_server.url + url)
            assert response is not None and response.status == 200, name
            assert page.locator("html").get_attribute("lang") == language
            # Then axe finds nothing against WCAG 2.1 A and AA
            assert_accessible(page, f"{name}-{language}")
    finally:
        pages.close(page)


def test_plan_that_is_not_a_draft_offers_a_new_revision(pages, world, live_server) -> None:
    # Given a published plan
    world.plan.status = PlanStatus.PUBLISHED
    world.plan.save()
    page = signed_in_page(pages, live_server.url, world.users["editor"])
    try:
        page.goto(f"{live_server.url}/plan/{world.plan.key}/rediger/")
        # Then its editing page has no Edit buttons, and is axe-clean
        assert page.locator(".vp-edit-actions").count() == 0
        assert_accessible(page, "edit-plan-published-da")
        # When the editor starts a new revision
        page.locator(".vp-revision-form button").click()
        page.wait_for_load_state()
        # Then they are on the new draft's editing page, with Edit buttons
        assert "/rediger/" in page.url and world.plan.key not in page.url
        assert page.locator(".vp-edit-actions").count() > 0
    finally:
        pages.close(page)


def test_goal_is_edited_in_place_without_a_page_reload(editor_page, world, live_server) -> None:
    page = editor_page
    page.goto(f"{live_server.url}/plan/{world.plan.key}/rediger/")
    # Given a marker that a page reload would wipe
    page.evaluate("window.vpMarker = 'still here'")
    head = page.locator(f"#goal-{world.goal.key}-head")
    # When the editor clicks Edit on the goal
    head.locator(".vp-edit-actions a").first.click()
    statement = page.locator(f"#goal-{world.goal.key}-head-statement")
    statement.wait_for()
    _settled(page, f"goal-{world.goal.key}-head")
    # Then the form is in place of the goal, its first field focused, and axe-clean
    assert page.evaluate("document.activeElement.name") == "ref"
    assert_accessible(page, "edit-goal-in-place-da")
    # When they change the text and save
    statement.fill("Vi vil bo endnu bedre.")
    page.locator(f"#goal-{world.goal.key}-head button[type=submit]").click()
    # Then the goal shows the new text, saved, and the page was never reloaded
    page.locator(f"#goal-{world.goal.key}-head h4", has_text="Vi vil bo endnu bedre.").wait_for()
    assert page.evaluate("window.vpMarker") == "still here"
    assert Goal.objects.get(pk=world.goal.pk).statement == "Vi vil bo endnu bedre."
    # And the keyboard is back on the goal's Edit button
    _settled(page, f"goal-{world.goal.key}-head")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == f"/maal/{world.goal.key}/rediger/"


def test_validation_and_conflict_in_place(editor_page, world, live_server) -> None:
    page = editor_page
    page.goto(f"{live_server.url}/plan/{world.plan.key}/rediger/")
    page.evaluate("window.vpMarker = 'still here'")
    slot = f"#goal-{world.goal.key}-head"
    page.locator(f"{slot} .vp-edit-actions a").first.click()
    statement = page.locator(f"{slot}-statement")
    statement.wait_for()
    _settled(page, slot[1:])
    # When the editor empties the goal and saves
    statement.fill("")
    page.locator(f"{slot} button[type=submit]").click()
    # Then the message is beside the field, linked to it, and nothing was saved
    error = page.locator(f"{slot}-statement_error")
    error.wait_for()
    _settled(page, slot[1:])
    assert "error" in (statement.get_attribute("aria-describedby") or "")
    assert statement.get_attribute("aria-invalid") == "true"
    assert Goal.objects.get(pk=world.goal.pk).statement == "Vi vil bo godt."
    assert_accessible(page, "edit-goal-invalid-da")
    # When someone else saves the goal meanwhile, and the editor saves theirs
    goal = Goal.objects.get(pk=world.goal.pk)
    services.goal_update(
        user=world.users["approver"],
        goal=goal,
        expected_version=goal.version,
        statement="Deres tekst.",
        ref="1",
    )
    statement.fill("Min tekst.")
    page.locator(f"{slot} button[type=submit]").click()
    # Then both texts are on the page, theirs saved and the editor's in the form
    page.locator(".vp-conflict").wait_for()
    _settled(page, slot[1:])
    assert "Deres tekst." in page.locator(".vp-conflict").inner_text()
    assert page.locator(f"{slot}-statement").input_value() == "Min tekst."
    assert_accessible(page, "edit-goal-conflict-da")
    # When they save again, knowingly
    page.locator(f"{slot} button[type=submit]").click()
    page.locator(f"{slot} h4", has_text="Min tekst.").wait_for()
    assert Goal.objects.get(pk=world.goal.pk).statement == "Min tekst."
    assert page.evaluate("window.vpMarker") == "still here"


def test_add_move_and_delete_in_place(editor_page, world, live_server) -> None:
    page = editor_page
    page.goto(f"{live_server.url}/plan/{world.plan.key}/rediger/")
    page.evaluate("window.vpMarker = 'still here'")
    area = f"#area-{world.own_area.pk}-goals"
    # When the editor adds a goal to the department's own focus area
    page.locator(f"{area}-add a").click()
    page.locator(f"{area}-add-statement").wait_for()
    _settled(page, f"{area[1:]}-add")
    page.locator(f"{area}-add-statement").fill("Vi vil have ny drift.")
    page.locator(f"{area}-add button[type=submit]").click()
    page.locator(f"{area} h4", has_text="Vi vil have ny drift.").wait_for()
    new_goal = Goal.objects.get(statement="Vi vil have ny drift.")
    # When they move the department's second goal up
    second = f"#goal-{world.forsyning_goal.key}-head"
    page.locator(f"{second} button[value=op]").click()
    page.locator(
        f"#area-{world.shared_area.pk}-goals > article:first-of-type"
        f"#goal-{world.forsyning_goal.key}"
    ).wait_for()
    _settled(page, f"area-{world.shared_area.pk}-goals")
    # And delete the new goal, confirming in place
    page.locator(f"#goal-{new_goal.key}-head .vp-delete-button").click()
    page.locator(".vp-confirm").wait_for()
    _settled(page, f"goal-{new_goal.key}-head")
    assert_accessible(page, "edit-goal-confirm-delete-da")
    page.locator(".vp-confirm button[type=submit]").click()
    page.locator(f"#goal-{new_goal.key}").wait_for(state="detached")
    # Then all happened without a reload, and in the database
    assert page.evaluate("window.vpMarker") == "still here"
    assert not Goal.objects.filter(pk=new_goal.pk).exists()
    order = list(
        Goal.objects.filter(plan_focus_area=world.shared_area, parent=None).values_list(
            "key", flat=True
        )
    )
    assert order[0] == world.forsyning_goal.key


def test_editing_reflows_on_a_narrow_screen(pages, world, live_server) -> None:
    # Given an editor on a phone-sized window, 320 CSS pixels wide (WCAG 1.4.10)
    page = signed_in_page(pages, live_server.url, world.users["editor"])
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        page.goto(f"{live_server.url}/plan/{world.plan.key}/rediger/")
        # When a criterion's form is open in place
        slot = f"#criterion-{world.criterion.pk}"
        page.locator(f"{slot} .vp-edit-actions a").first.click()
        page.locator(f"{slot}-text").wait_for()
        keep_picture(page, "edit-plan-320px", full_page=True)
        # Then nothing of the plan or the form sticks out sideways (the site's header is
        # test_accessibility's)
        too_wide = page.evaluate(
            """[...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
                .map(e => e.tagName + '.' + e.className)"""
        )
        assert not too_wide, f"wider than the screen: {too_wide[:10]}"
    finally:
        pages.close(page)
