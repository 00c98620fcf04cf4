"""A request made in place that fails keeps the typed text and says why; unsaved text is guarded.

Drives Debian's chromium through Playwright (never `playwright install`).
"""

import datetime
import os
from collections.abc import Iterator

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import Error as PlaywrightError

from virkplan.organisation.models import Role
from virkplan.plans.models import FollowUp, FollowUpRound, Goal, PlanStatus

from ..factories import EditingWorld
from .browser import assert_accessible, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

TYPED = "Vi vil bo godt, og det her har jeg skrevet længe på."


@pytest.fixture
def world(transactional_db, live_server, editing: EditingWorld) -> EditingWorld:
    return editing


@pytest.fixture
def editor_page(pages, world, live_server) -> Iterator:
    page = signed_in_page(pages, live_server.url, world.users["editor"])
    yield page
    pages.close(page)


@pytest.fixture
def answering_page(pages, world, live_server) -> Iterator:
    """The editor's page in a context of its own, for a test that answers its dialogs itself
    (its listener stays with the page)."""
    page = signed_in_page(pages, live_server.url, world.users["editor"], own_context=True)
    yield page
    pages.close(page)


def _open_goal_form(page, world: EditingWorld, site: str) -> tuple[str, object]:
    page.goto(f"{site}/plan/{world.plan.key}/rediger/")
    slot = f"#goal-{world.goal.key}-head"
    page.locator(f"{slot} .vp-edit-actions a").first.click()
    statement = page.locator(f"{slot}-statement")
    statement.wait_for()
    page.wait_for_function(
        f"document.activeElement && document.activeElement.closest('{slot}') !== null"
    )
    return slot, statement


def test_an_expired_session_keeps_the_text_and_says_to_sign_in(
    editor_page, world, live_server
) -> None:
    page = editor_page
    slot, statement = _open_goal_form(page, world, live_server.url)
    # Given an editor who has typed into the goal's form
    statement.fill(TYPED)
    # When their session runs out and they save
    Session.objects.all().delete()
    page.locator(f"{slot} button[type=submit]").click()
    # Then a Danish message beside the form says to sign in in another tab, and the text is there
    alert = page.locator(f"{slot} .vp-request-error[role=alert]")
    alert.wait_for()
    assert "Du er ikke længere logget ind" in alert.inner_text()
    assert "en anden fane" in alert.inner_text()
    assert "/konto/log-ind/" not in page.url
    assert page.locator(f"{slot}-statement").input_value() == TYPED
    assert Goal.objects.get(pk=world.goal.pk).statement == "Vi vil bo godt."
    assert_accessible(page, "edit-goal-session-expired-da")


def test_a_server_error_and_a_lost_connection_keep_the_text(
    editor_page, world, live_server
) -> None:
    page = editor_page
    slot, statement = _open_goal_form(page, world, live_server.url)
    statement.fill(TYPED)
    # When the server answers with an error
    page.route("**/rediger/", lambda route: route.fulfill(status=500, body="fejl"))
    page.locator(f"{slot} button[type=submit]").click()
    alert = page.locator(f"{slot} .vp-request-error[role=alert]")
    alert.wait_for()
    assert "fejl på serveren" in alert.inner_text()
    assert page.locator(f"{slot}-statement").input_value() == TYPED
    # When the connection is lost instead
    page.unroute("**/rediger/")
    page.route("**/rediger/", lambda route: route.abort())
    page.locator(f"{slot} button[type=submit]").click()
    page.locator(f"{slot} .vp-request-error", has_text="kunne ikke nås").wait_for()
    # Then there is one message, the latest, and the text is still there
    assert page.locator(f"{slot} .vp-request-error").count() == 1
    assert page.locator(f"{slot}-statement").input_value() == TYPED


def test_a_refusal_says_why_in_the_pages_words(editor_page, world, live_server) -> None:
    page = editor_page
    slot, statement = _open_goal_form(page, world, live_server.url)
    statement.fill(TYPED)
    # When the editor is made a reader meanwhile (they still see the draft), and saves
    world.users["editor"].role_grants.update(role=Role.READER)
    page.locator(f"{slot} button[type=submit]").click()
    alert = page.locator(f"{slot} .vp-request-error[role=alert]")
    alert.wait_for()
    assert "afvist" in alert.inner_text()
    assert page.locator(f"{slot}-statement").input_value() == TYPED


def test_leaving_an_edit_form_with_unsaved_text_asks_first(
    answering_page, world, live_server
) -> None:
    page = answering_page
    slot, statement = _open_goal_form(page, world, live_server.url)
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    # Given text typed and not saved, when the editor leaves the page
    statement.fill(TYPED)
    with pytest.raises(PlaywrightError, match="ERR_ABORTED"):  # they chose to stay
        page.goto(f"{live_server.url}/", wait_until="commit")
    # Then the browser asked first, and staying kept the text
    assert asked == ["beforeunload"]
    assert page.locator(f"{slot}-statement").input_value() == TYPED
    # When they save instead, nothing asks, and the saved goal shows
    page.locator(f"{slot} button[type=submit]").click()
    page.locator(f"{slot} h4", has_text=TYPED).wait_for()
    page.goto(f"{live_server.url}/")
    assert asked == ["beforeunload"]


def _round_page(page, world: EditingWorld, site: str) -> str:
    """The plan published with a round open, its page showing the goal's follow-up form."""
    world.plan.status = PlanStatus.PUBLISHED
    world.plan.save()
    FollowUpRound.objects.create(plan=world.plan, date=datetime.date.today())
    page.goto(f"{site}/plan/{world.plan.key}/opfoelgning/")
    card = f"#goal-{world.goal.key}"
    page.locator(f"{card} form.vp-round-form textarea").wait_for()
    return card


def test_the_follow_up_round_keeps_the_text_when_the_session_has_run_out(
    editor_page, world, live_server
) -> None:
    page = editor_page
    card = _round_page(page, world, live_server.url)
    text = page.locator(f"{card} form.vp-round-form textarea")
    # Given a follow-up typed, when the session runs out and the editor saves
    text.fill(TYPED)
    Session.objects.all().delete()
    page.locator(f"{card} form.vp-round-form button[type=submit]").click()
    # Then (the answer being the sign-in page) the form stays with its text and a Danish message
    alert = page.locator(f"{card} .vp-request-error[role=alert]")
    alert.wait_for()
    assert "Log ind igen i en anden fane" in alert.inner_text()
    assert text.input_value() == TYPED
    assert not FollowUp.objects.filter(goal=world.goal).exists()


def test_leaving_the_follow_up_round_with_unsaved_text_asks_first(
    answering_page, world, live_server
) -> None:
    page = answering_page
    card = _round_page(page, world, live_server.url)
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    # Leaving with nothing typed asks nothing
    page.goto(f"{live_server.url}/plan/{world.plan.key}/opfoelgning/")
    assert asked == []
    page.locator(f"{card} form.vp-round-form textarea").fill(TYPED)
    with pytest.raises(PlaywrightError, match="ERR_ABORTED"):  # they chose to stay
        page.goto(f"{live_server.url}/", wait_until="commit")
    assert asked == ["beforeunload"]
    assert page.locator(f"{card} form.vp-round-form textarea").input_value() == TYPED


def test_the_404_page_of_a_draft_offers_sign_in_and_is_accessible(
    pages, world, live_server
) -> None:
    # Given a visitor who is not signed in, following a link to a draft plan
    page = pages.open(viewport={"width": 1280, "height": 900})
    try:
        response = page.goto(f"{live_server.url}/plan/{world.plan.key}/")
        assert response is not None and response.status == 404
        # Then the page is Danish, axe-clean, and signing in brings them back to the plan
        assert page.locator("html").get_attribute("lang") == "da"
        assert_accessible(page, "error-404-anonymous-da")
        page.locator("main a.vp-error-sign-in", has_text="Log ind").click()
        page.wait_for_url("**/konto/log-ind/**")
        assert f"next=/plan/{world.plan.key}/" in page.url.replace("%2F", "/")
    finally:
        pages.close(page)
