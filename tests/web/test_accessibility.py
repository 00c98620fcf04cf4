"""The pages in a real browser: axe-core finds no WCAG 2.1 A/AA violations, the keyboard works.

Drives Debian's chromium through Playwright (never `playwright install`).
Each page is also saved as a full-page picture in test-artifacts/ for people
to look at, when asked for (tests/web/browser.py).
"""

import os
from collections.abc import Iterator

import pytest

from .browser import LANGUAGE_COOKIE, assert_accessible, keep_picture

# Playwright's sync API runs an event loop; Django refuses ORM calls inside
# one unless told that this test process knows what it is doing.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


pytestmark = pytest.mark.browser


PAGES = {
    "front": "/",
    "unit": "/enhed/miljo-teknik/",
    "plan-2014": "/plan/mt-2014/",
    "plan-2012-2013": "/plan/mtf-2012-2013/",
    "status-2012-2013": "/plan/mtf-2012-2013/status/",
    "goal-2014-g02": "/maal/mt-2014-g02/",
    "goal-2012-2013-g01": "/maal/mtf-2012-2013-g01/",
    # A goal whose criterion an indicator measures: progress, chart and its table.
    "goal-2014-g03-measured": "/maal/mt-2014-g03/",
    "search": "/soeg/",
    "search-hits": "/soeg/?q=borgere",
    "search-no-hits": "/soeg/?q=kvantecomputer&aar=2014&type=goal",
    "focus-areas": "/indsatsomraader/",
    "focus-area": "/indsatsomraade/mt-2014-fa-bo-i-albertslund/",
    "overview": "/overblik/",
    "overview-filtered": "/overblik/?enhed=albertslund&aar=2013&status=met",
    "overview-goals": "/overblik/maal/",
    "overview-goals-of-a-plan": "/overblik/maal/?aar=2013&plan=mtf-2012-2013&status=not_assessed",
    "open-data": "/aabne-data/",
    "cycle": "/aarshjul/?enhed=forsyning",
    "accessibility-statement": "/tilgaengelighed/",
}


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    """The live server's address, with the demo plans (copied from the session's snapshot)."""
    assert demo is not None
    return live_server.url


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def _set_language(page, site: str, language: str) -> None:
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": site}])


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag_violations(page, site: str, name: str, language: str) -> None:
    # Given the demo plans, and a reader who chose the language
    _set_language(page, site, language)
    # When the page is opened
    response = page.goto(site + PAGES[name])
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    # Then axe-core finds nothing against WCAG 2.1 A and AA (nor its best practices)
    assert_accessible(page, f"{name}-{language}")


def test_skip_link_is_first_and_moves_focus_to_main(page, site: str) -> None:
    # Given a plan page opened from the address bar
    page.goto(site + PAGES["plan-2014"])
    # When the reader presses Tab once
    page.keyboard.press("Tab")
    # Then the skip link has focus, and is visible while it has
    focused = page.evaluate("document.activeElement.outerHTML")
    assert 'class="skipnav"' in focused
    assert page.locator("a.skipnav").is_visible()
    # When they activate it
    page.keyboard.press("Enter")
    # Then focus is in the main content, and the next Tab goes to a link inside it
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_language_switch_in_the_browser(page, site: str) -> None:
    # Given the front page in Danish
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "da"
    # When the reader presses the English button, then the Danish one
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    # Then the page is in English, and back in Danish
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "da"


@pytest.mark.parametrize(
    "name",
    [
        "plan-2012-2013",
        "status-2012-2013",
        "front",
        "search-hits",
        "focus-area",
        "overview",
        "overview-goals",
    ],
)
def test_pages_reflow_on_a_narrow_screen(browser, site: str, name: str) -> None:
    # Given a phone-sized window, 320 CSS pixels wide (WCAG 1.4.10)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(site + PAGES[name])
        keep_picture(page, f"{name}-320px", full_page=True)
        # Then the page does not scroll sideways (wide tables scroll inside their own box)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than the screen"
    finally:
        context.close()


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_focus_area_across_years_and_units_has_no_wcag_violations(
    page, site: str, language: str
) -> None:
    # Given the board's focus area answered by three departments over two years, with goals
    # followed up and a text of its own for each year (tests/web/test_focus_area_thread.py)
    from .test_focus_area_thread import _thread_build

    _thread_build()
    _set_language(page, site, language)
    # When its page is opened
    response = page.goto(site + PAGES["focus-area"])
    assert response is not None and response.status == 200
    assert page.locator(".vp-thread-year").count() == 2
    # Then axe-core finds nothing against WCAG 2.1 A and AA
    assert_accessible(page, f"focus-area-thread-{language}")


def test_the_overview_with_a_bad_filter_has_no_wcag_violations(page, site: str) -> None:
    # Given a shared address whose unit no longer exists
    response = page.goto(site + "/overblik/?enhed=nedlagt&aar=1850")
    # Then the page says so (400), and axe-core finds nothing on it either
    assert response is not None and response.status == 400
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "overview-bad-filter-da")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_indicator_pages_have_no_wcag_violations(browser, site: str, language: str) -> None:
    """The indicators as an editor of their unit sees them: the list, an indicator with its
    chart, table and forms, a measurement with its history, the new indicator form, and an
    upload's preview, with and without errors."""
    from django.contrib.auth.models import User

    from virkplan.indicators.models import Indicator
    from virkplan.organisation.models import Role, RoleGrant, Unit

    from .browser import signed_in_page

    editor = User.objects.create_user(username="noegletal-redaktoer")
    RoleGrant.objects.create(
        user=editor, unit=Unit.objects.get(key="miljo-teknik"), role=Role.EDITOR
    )
    bikes = Indicator.objects.get(name="Udlån af testelcykler")
    measurement = bikes.measurements.order_by("period_end").last()
    urls = {
        "indicators": "/noegletal/",
        "indicator": f"/noegletal/{bikes.key}/",
        "measurement": f"/noegletal/{bikes.key}/maaling/{measurement.pk}/",
        "new-indicator": "/noegletal/nyt/",
    }
    page = signed_in_page(browser, site, editor, language)
    try:
        for name, url in urls.items():
            response = page.goto(site + url)
            assert response is not None and response.status == 200, name
            if name == "indicator":  # with the chart's table open
                page.locator("details.vp-chart-details summary").first.click()
            assert_accessible(page, f"{name}-{language}")
        for name, content in (
            ("upload-preview", "dato;værdi\n31-03-2015;12\n30-06-2015;20,5\n"),
            ("upload-errors", "dato;værdi\n31-03-2015;12.5\n31-13-2015;4\n"),
        ):
            page.goto(site + urls["indicator"])
            page.locator("input[type=file]").set_input_files(
                {"name": "maalinger.csv", "mimeType": "text/csv", "buffer": content.encode()}
            )
            page.locator("form[enctype] button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() in (
                "Eksempel på indlæsningen",
                "Preview of the upload",
            )
            assert_accessible(page, f"{name}-{language}")
    finally:
        page.context.close()
