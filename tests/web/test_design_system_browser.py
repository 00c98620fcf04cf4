"""Det Fælles Designsystem's components in a real browser: the goals' accordions, the mobile
menu, the status chart on a phone, and the same pages without JavaScript.

Drives Debian's chromium through Playwright (never `playwright install`).
"""

import os
from collections.abc import Callable
from typing import Any

import pytest

from .browser import assert_accessible, keep_picture

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PLAN = "/plan/mtf-2012-2013/"
STATUS = "/plan/mtf-2012-2013/status/"
FIRST_GOAL = "#goal-mtf-2012-2013-g01"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    """The live server's address, with the demo plans (copied from the session's snapshot)."""
    assert demo is not None
    return live_server.url


@pytest.fixture
def open_page(pages) -> Callable[..., Any]:
    """Opens a page as in a new browser context of the given size, with or without JavaScript."""

    def opener(url: str, *, viewport: dict | None = None, javascript: bool = True):
        page = pages.open(
            viewport=viewport or {"width": 1280, "height": 900}, javascript=javascript
        )
        page.goto(url)
        return page

    return opener


def _overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_a_goal_opens_and_closes_with_the_keyboard(open_page, site: str) -> None:
    # Given the 2012–2013 plan, whose goals start folded
    page = open_page(site + PLAN)
    button = page.locator(f"{FIRST_GOAL} > h4 > .accordion-button")
    content = page.locator(f"{FIRST_GOAL} > .accordion-content")
    assert button.get_attribute("aria-expanded") == "false"
    assert not content.is_visible()
    # When the reader moves focus to the goal's heading and presses Enter
    button.focus()
    page.keyboard.press("Enter")
    # Then the goal opens, and says so
    assert button.get_attribute("aria-expanded") == "true"
    assert content.is_visible()
    assert content.locator(".vp-goal-meta").is_visible()
    # When they press the space bar
    page.keyboard.press(" ")
    # Then it closes again
    assert button.get_attribute("aria-expanded") == "false"
    assert not content.is_visible()


def test_the_plan_page_with_goals_folded_and_one_open_is_accessible(open_page, site: str) -> None:
    page = open_page(site + PLAN)
    page.locator(f"{FIRST_GOAL} > h4 > .accordion-button").click()
    assert_accessible(page, "plan-2012-2013-accordion-open")


def test_a_link_to_a_goal_opens_it(open_page, site: str) -> None:
    # Given a link to a goal on the plan page (as the goal's own page has)
    page = open_page(site + f"{PLAN}#goal-mtf-2012-2013-g03")
    # Then that goal is open and in view, and the others stay folded
    goal = page.locator("#goal-mtf-2012-2013-g03")
    assert goal.locator("> h4 > .accordion-button").get_attribute("aria-expanded") == "true"
    assert goal.locator("> .accordion-content > .vp-goal-meta").is_visible()
    assert (
        page.locator(f"{FIRST_GOAL} > h4 > .accordion-button").get_attribute("aria-expanded")
        == "false"
    )


def test_open_all_opens_a_focus_area_s_goals_and_then_closes_them(open_page, site: str) -> None:
    # Given the 2012–2013 plan, whose goals start folded
    page = open_page(site + PLAN)
    area = page.locator(".vp-focus-area").filter(has=page.locator(FIRST_GOAL))
    bulk = area.locator(".accordion-bulk-button")
    buttons = area.locator(".vp-goal-accordion > li > h4 > .accordion-button")
    assert buttons.count() > 1
    assert bulk.inner_text() == "Åbn alle"
    # When the reader presses "Åbn alle"
    bulk.click()
    # Then every goal of that focus area is open, and the button offers to close them
    assert all(
        buttons.nth(i).get_attribute("aria-expanded") == "true" for i in range(buttons.count())
    )
    assert bulk.inner_text() == "Luk alle"
    # When they press it again, all are folded
    bulk.click()
    assert all(
        buttons.nth(i).get_attribute("aria-expanded") == "false" for i in range(buttons.count())
    )
    assert bulk.inner_text() == "Åbn alle"


def test_open_all_speaks_the_page_s_language(open_page, site: str) -> None:
    page = open_page(site + PLAN)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    bulk = page.locator(".vp-focus-area").first.locator(".accordion-bulk-button")
    assert bulk.inner_text() == "Open all"
    bulk.click()
    assert bulk.inner_text() == "Close all"


def test_the_mobile_menu_opens_at_375_px(open_page, site: str) -> None:
    # Given the plan page on a phone
    page = open_page(site + PLAN, viewport=PHONE)
    menu = page.get_by_role("button", name="Menu")
    drawer = page.locator(".mobile-drawer")
    assert menu.is_visible() and not drawer.is_visible()
    # When the reader opens the menu
    menu.click()
    # Then it shows the municipality, the main menu, sign-in and the languages, with focus
    # on its close button
    assert drawer.is_visible()
    assert drawer.locator(".authority-name").inner_text() == "Albertslund Kommune"
    assert drawer.get_by_role("link", name="Overblik").is_visible()
    assert drawer.get_by_role("link", name="Log ind").is_visible()
    assert drawer.get_by_role("button", name="English").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('js-menu-close')")
    keep_picture(page, "plan-2012-2013-375px-menu")
    assert_accessible(page, "plan-2012-2013-375px-menu")
    # When they close it
    page.keyboard.press("Enter")
    # Then it is gone and focus is back on the Menu button
    assert not drawer.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('js-menu-open')")


def test_the_status_chart_is_readable_at_375_px(open_page, site: str) -> None:
    # Given the status page on a phone
    page = open_page(site + STATUS, viewport=PHONE)
    keep_picture(page, "status-2012-2013-375px", full_page=True)
    # Then the page does not scroll sideways
    assert _overflow(page) <= 0
    # And the chart fits the screen with its words drawn at least 14 px high
    chart = page.locator("svg.vp-chart-svg")
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    sizes = page.evaluate(
        """() => {
            const svg = document.querySelector('svg.vp-chart-svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].map(
                (text) => parseFloat(getComputedStyle(text).fontSize) * scale);
        }"""
    )
    assert sizes and min(sizes) >= 14, sizes


def test_without_javascript_the_goals_and_the_menu_are_open(open_page, site: str) -> None:
    # Given a reader whose browser runs no JavaScript, on a phone
    page = open_page(site + PLAN, viewport=PHONE, javascript=False)
    # Then every goal is shown open
    contents = page.locator(".vp-goal-accordion > li > .accordion-content")
    assert contents.count() == 19
    assert all(contents.nth(i).is_visible() for i in range(contents.count()))
    # And the menu's links are drawn under the header, without a Menu button that cannot work
    assert not page.get_by_role("button", name="Menu").is_visible()
    # And no "Åbn alle" that could not work
    assert not page.locator(".accordion-bulk-button").first.is_visible()
    assert page.locator(".mobile-drawer").get_by_role("link", name="Overblik").is_visible()
    assert page.locator(".mobile-drawer").get_by_role("button", name="English").is_visible()
    # (axe-core and the page's measurements need JavaScript, so the page is only looked at)
    keep_picture(page, "plan-2012-2013-375px-no-js")


def test_without_javascript_the_wide_page_has_its_menu_and_language_choice(
    open_page, site: str
) -> None:
    page = open_page(site + PLAN, javascript=False)
    assert page.locator(".navigation-menu .nav").get_by_role("link", name="Overblik").is_visible()
    assert page.get_by_role("button", name="English").is_visible()
    assert not page.locator(".language-switcher-header").is_visible()
