"""The notifications pages in a real browser: axe-clean in both languages, marking one read.

Drives Debian's chromium through Playwright (never `playwright install`), as
tests/web/test_accessibility.py does; pictures go to test-artifacts/ when asked for.
"""

import os

import pytest

from virkplan.plans import services
from virkplan.plans.models import PlanStatus

from ..notifications.conftest import Town, build_town
from .browser import assert_accessible, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db) -> Town:
    """The town's plan submitted by its editor and returned by its approver with a comment."""
    town = build_town()
    services.plan_transition(
        user=town.people["editor"], plan=town.plan, to_status=PlanStatus.SUBMITTED
    )
    services.plan_transition(
        user=town.people["approver"],
        plan=town.plan,
        to_status=PlanStatus.DRAFT,
        comment="Mål 2 mangler et måltal.",
    )
    return town


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("path", ["/notifikationer/", "/notifikationer/indstillinger/"])
def test_the_pages_have_no_wcag_violations(pages, live_server, town, path, language):
    page = signed_in_page(pages, live_server.url, town.people["editor"], language)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    name = "notifications" if path.count("/") == 2 else "notification-preferences"
    assert_accessible(page, f"{name}-{language}")
    pages.close(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_making_a_calendar_address_shows_it_once_accessibly(pages, live_server, town, language):
    # Given the editor on their settings page
    page = signed_in_page(pages, live_server.url, town.people["editor"], language)
    page.goto(live_server.url + "/notifikationer/indstillinger/")
    # When they make a calendar address
    name = {"da": "Lav en adresse", "en": "Make an address"}[language]
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    # Then it is shown, labelled, to copy, and the page is axe-clean with it
    label = {"da": "Din kalenderadresse", "en": "Your calendar address"}[language]
    address = page.get_by_label(label).input_value()
    assert "/aarshjul/mine-frister/" in address
    assert_accessible(page, f"notification-preferences-calendar-{language}")
    # And the calendar program gets the feed at that address, without signing in
    path = address[address.index("/aarshjul/") :]
    fetched = page.context.request.get(live_server.url + path)
    assert fetched.status == 200 and fetched.text().startswith("BEGIN:VCALENDAR")
    pages.close(page)


def test_marking_a_notice_read_in_the_browser(pages, live_server, town):
    # Given the editor's page of notifications, with one unread
    page = signed_in_page(pages, live_server.url, town.people["editor"])
    page.goto(live_server.url + "/notifikationer/")
    assert page.locator(".portal-user .vp-notification-count").inner_text().startswith("1")
    # When they mark it read
    page.get_by_role("button", name="Markér som læst").click()
    page.wait_for_load_state()
    # Then it is no longer unread, and the header has no count
    assert page.locator(".vp-notification-unread").count() == 0
    assert page.locator(".vp-notification-count").count() == 0
    # And its link leads to the page where the plan is changed
    page.get_by_role(
        "link", name="Planen »Virksomhedsplan 2026« er sendt tilbage til kladde"
    ).click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/plan/{town.plan.key}/rediger/"
    pages.close(page)
