"""The pages in a real browser: axe-core finds no WCAG 2.1 A/AA violations, the keyboard works.

Drives Debian's chromium through Playwright (never `playwright install`).
Each page is also saved as a full-page picture in test-artifacts/ for people
to look at, when asked for (tests/web/browser.py).
"""

import os
from typing import Any

import pytest

from .browser import LANGUAGE_COOKIE, assert_accessible, keep_picture, signed_in_page

# Playwright's sync API runs an event loop; Django refuses ORM calls inside
# one unless told that this test process knows what it is doing.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


pytestmark = pytest.mark.browser


PAGES = {
    "front": "/",
    "citizens": "/planer/",
    "citizens-filtered": "/planer/?afdeling=miljo-teknik&aar=2014",
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
    "cycle-timeline": "/aarshjul/tidslinje/?enhed=forsyning",
    "accessibility-statement": "/tilgaengelighed/",
}


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    """The live server's address, with the demo plans (copied from the session's snapshot)."""
    assert demo is not None
    return live_server.url


@pytest.fixture
def page(pages) -> Any:
    return pages.open(viewport={"width": 1280, "height": 900}, locale="en-GB")


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
        "citizens-filtered",
        "search-hits",
        "focus-area",
        "overview",
        "overview-goals",
        "cycle",
        "cycle-timeline",
    ],
)
def test_pages_reflow_on_a_narrow_screen(pages, site: str, name: str) -> None:
    # Given a phone-sized window, 320 CSS pixels wide (WCAG 1.4.10)
    page = pages.open(viewport={"width": 320, "height": 640})
    try:
        page.goto(site + PAGES[name])
        keep_picture(page, f"{name}-320px", full_page=True)
        # Then the page does not scroll sideways (wide tables scroll inside their own box)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than the screen"
    finally:
        pages.close(page)


def test_the_timeline_reads_on_a_phone_and_leads_back_to_the_wheel(pages, site: str) -> None:
    # Given a phone 375 CSS pixels wide on the demo department's timeline
    page = pages.open(viewport={"width": 375, "height": 740}, locale="da-DK")
    try:
        page.goto(site + PAGES["cycle-timeline"])
        keep_picture(page, "cycle-timeline-375px", full_page=True)
        # Then nothing scrolls sideways, and every activity's title fits the screen
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        titles = page.locator(".vp-timeline-title")
        assert titles.count() >= 6
        for index in range(titles.count()):
            box = titles.nth(index).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        # and today is marked in its month
        assert page.locator(".vp-timeline-month-current .vp-timeline-today").count() == 1
        # When they choose the wheel's tab, then the wheel is shown, its tab current
        page.get_by_role("navigation", name="Visninger af årshjulet").get_by_role(
            "link", name="Hjul"
        ).click()
        page.wait_for_load_state()
        assert page.url.endswith("/aarshjul/?enhed=forsyning")
        assert page.locator(".vp-cycle-tabs [aria-current=page]").inner_text() == "Hjul"
    finally:
        pages.close(page)


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
def test_a_goal_with_comments_has_no_wcag_violations(pages, site, settings, language) -> None:
    from django.contrib.auth.models import User

    from virkplan.comments.models import Comment
    from virkplan.comments.services import comment_delete, comment_edit
    from virkplan.demo.services import demo_users_create

    from .browser import signed_in_page

    # Given the demo's discussion of a goal, one comment edited and one deleted
    settings.VIRKPLAN_DEMO_USERS = True
    demo_users_create()
    first, second, _third = Comment.objects.order_by("pk")
    comment_edit(user=first.author, comment=first, text=first.text + "\nTak.")
    comment_delete(user=second.author, comment=second)
    page = signed_in_page(pages, site, User.objects.get(username="redaktoer"), language)
    try:
        # When its editor opens the goal's page
        response = page.goto(site + PAGES["goal-2014-g02"])
        assert response is not None and response.status == 200
        thread = page.locator("#kommentarer")
        assert thread.locator(".vp-comment").count() == 3
        # Then axe-core finds nothing against WCAG 2.1 A and AA
        assert_accessible(page, f"goal-comments-{language}")
        # Nor when an empty comment is refused beside its field (htmx swaps the thread)
        thread.get_by_role("button").last.click()
        page.locator("#kommentarer .form-error-message").wait_for()
        assert_accessible(page, f"goal-comments-refused-{language}")
        # And a comment posted is in the thread at once
        page.locator("#kommentarer textarea").fill("Jeg følger op i næste uge.")
        page.locator("#kommentarer").get_by_role("button").last.click()
        page.locator("#kommentarer .vp-comment").nth(3).wait_for()
        assert "Jeg følger op i næste uge." in page.locator("#kommentarer").inner_text()
        # And the plan's page, with each goal's count and the plan's own thread, is clean too
        page.goto(site + PAGES["plan-2014"])
        count = page.locator('a[href="/maal/mt-2014-g02/#kommentarer"]').text_content() or ""
        assert count.startswith("3 ")
        assert_accessible(page, f"plan-comments-{language}")
    finally:
        pages.close(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_municipalitys_settings_have_no_wcag_violations(
    pages, site: str, language: str
) -> None:
    # Given the municipality's administrator, and a logo the settings page shows
    from django.contrib.auth import get_user_model

    from tests.factories import user_with_roles
    from tests.organisation.logo_files import svg, with_logo
    from virkplan.organisation.models import Role, Unit

    with_logo(Unit.objects.get(key="albertslund"), "logo.svg", svg())
    user_with_roles("kommune-admin", ("albertslund", Role.ADMINISTRATOR))
    admin = get_user_model().objects.get(username="kommune-admin")
    page = signed_in_page(pages, site, admin, language)
    # When they open the settings page
    response = page.goto(site + "/indstillinger/kommune/")
    assert response is not None and response.status == 200
    # Then axe-core finds nothing against WCAG 2.1 A and AA
    assert_accessible(page, f"municipality-settings-{language}")
    # nor when a field is refused and the page shows why
    page.locator("#kommune-email").fill("albertslund.dk")
    page.get_by_role(
        "button", name="Gem oplysningerne" if language == "da" else "Save the details"
    ).click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert page.locator("#kommune-email").get_attribute("aria-invalid") == "true"
    assert_accessible(page, f"municipality-settings-error-{language}")
    # nor on a unit's names page
    response = page.goto(site + "/enhed/miljo-teknik/navne/")
    assert response is not None and response.status == 200
    assert_accessible(page, f"unit-names-{language}")
    pages.close(page)


def test_an_edited_statement_has_no_wcag_violations(page, site: str) -> None:
    # Given a statement the municipality wrote itself, with a list of what is not accessible
    from datetime import date

    from virkplan.organisation.models import Unit
    from virkplan.organisation.permissions import SYSTEM_ACTOR
    from virkplan.organisation.services import StatementData, accessibility_statement_update

    accessibility_statement_update(
        actor=SYSTEM_ACTOR,
        unit=Unit.objects.get(key="albertslund"),
        expected_version=0,
        data=StatementData(
            compliance="none",
            compliance_text="Vi har **ikke** gennemgået webstedet endnu.",
            non_accessible="Vi kender disse fejl:\n\n- Kortene er billeder.\n- PDF-filerne mangler "
            "overskrifter.",
            prepared_on=date(2026, 12, 5),
            reviewed_on=date(2027, 3, 1),
            feedback_email="web@albertslund.dk",
            feedback_phone="43 68 00 00",
            complaints_url="https://digst.dk/digital-inklusion/webtilgaengelighed/",
        ),
    )
    # When it is opened
    response = page.goto(site + PAGES["accessibility-statement"])
    assert response is not None and response.status == 200
    assert page.get_by_text("Kortene er billeder.").is_visible()
    # Then axe-core finds nothing against WCAG 2.1 A and AA
    assert_accessible(page, "accessibility-statement-edited-da")


# Projects are internal: their pages are checked as an editor of Miljø & Teknik sees them.
PROJECT_PAGES = {
    "projects": "/projekter/",
    "projects-filtered": "/projekter/?status=in_progress&sorter=budget&retning=ned",
    "project": "/projekter/energirenovering-hyldespjaeldet/",
    "project-edit": "/projekter/vand-i-byer/rediger/",
    "goal-with-projects": "/maal/mt-2014-g05/",
}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", list(PROJECT_PAGES))
def test_project_pages_have_no_wcag_violations(pages, site: str, name: str, language: str):
    from tests.factories import user_with_roles
    from virkplan.organisation.models import Role

    from .browser import signed_in_page

    # Given an editor of Miljø & Teknik, signed in, in the language
    user = user_with_roles("projektchef", ("miljo-teknik", Role.EDITOR))
    page = signed_in_page(pages, site, user, language)
    try:
        # When the page is opened
        response = page.goto(site + PROJECT_PAGES[name])
        assert response is not None and response.status == 200
        # Then axe-core finds nothing against WCAG 2.1 A and AA
        assert_accessible(page, f"{name}-{language}")
    finally:
        pages.close(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_indicator_pages_have_no_wcag_violations(pages, site: str, language: str) -> None:
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
    page = signed_in_page(pages, site, editor, language)
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
        pages.close(page)
