"""The citizens' start page in a real browser on a phone: nothing wider than the screen, the
filters work without JavaScript, and an anonymous reader gets no cookie."""

import os
from typing import Any

import pytest

from .browser import assert_accessible, keep_picture

# Playwright's sync API runs an event loop; Django refuses ORM calls inside one otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    assert demo is not None
    return live_server.url


@pytest.fixture
def phone(pages) -> Any:
    return pages.open(viewport=PHONE, javascript=False)


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("address", ["/", "/planer/", "/planer/?afdeling=miljo-teknik&aar=2014"])
def test_nothing_is_wider_than_a_phone(pages, site: str, address: str) -> None:
    # Given a phone 375 CSS pixels wide, with JavaScript on as most readers have it
    page = pages.open(viewport=PHONE)
    try:
        # When an anonymous reader opens the page
        page.goto(site + address)
        keep_picture(page, f"citizens-375px{address.replace('/', '-')}", full_page=True)
        # Then nothing makes it scroll sideways, and the plans and their statuses are shown
        assert _width(page) <= PHONE["width"]
        assert page.locator(".vp-citizens-plan").count() >= 1
        for badge in page.locator(".vp-citizens-statuses .badge").all():
            box = badge.bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    finally:
        pages.close(page)


def test_the_filters_work_without_javascript_and_set_no_cookie(phone, site: str) -> None:
    # Given the front page on a phone without JavaScript
    phone.goto(site + "/")
    assert phone.locator(".vp-citizens-plan").count() == 2
    # When the reader chooses a department and a year and asks for the plans
    phone.get_by_label("Afdeling", exact=True).select_option("miljo-teknik")
    phone.get_by_label("År", exact=True).select_option("2014")
    phone.get_by_role("button", name="Vis planer").click()
    # Then the address holds the choice, to be shared, and only that plan is listed
    assert phone.url == site + "/planer/?afdeling=miljo-teknik&aar=2014"
    assert phone.locator(".vp-citizens-plan").count() == 1
    assert phone.get_by_role("link", name="Virksomhedsplan 2014", exact=True).is_visible()
    assert _width(phone) <= PHONE["width"]
    # And the browser was given no cookie on the way
    assert phone.context.cookies() == []
    # When they search from the page, the search page shows the hits
    phone.locator("#vp-citizens-search-field").fill("borgere")
    phone.locator(".vp-citizens-search button[type=submit]").click()
    assert "/soeg/?q=borgere" in phone.url
    assert phone.locator(".vp-search-hit").count() >= 1


def test_a_bad_filter_on_a_phone_has_no_wcag_violations(pages, site: str) -> None:
    # Given a phone, and a shared address whose year has no plans and whose department is gone
    page = pages.open(viewport=PHONE)
    try:
        response = page.goto(site + "/planer/?aar=1850&afdeling=nedlagt")
        # Then the page says so (400), names both fields, and axe-core finds nothing on it
        assert response is not None and response.status == 400
        alert = page.get_by_role("alert").inner_text()
        assert "År" in alert and "Afdeling" in alert
        assert_accessible(page, "citizens-bad-filter-375px")
    finally:
        pages.close(page)
