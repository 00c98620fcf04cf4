"""The history pages in a real browser: axe-core finds no WCAG 2.1 A/AA violations.

Drives Debian's chromium through Playwright (never `playwright install`),
signed in as an editor of Miljø & Teknik, on a draft revision of the 2014
plan with a goal changed, a criterion deleted and a section rewritten.
Pictures go to test-artifacts/ when asked for (tests/web/browser.py).
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from virkplan.organisation.models import Role, RoleGrant, Unit
from virkplan.plans import history, services
from virkplan.plans.models import Criterion, Goal, Plan

from . import test_accessibility as a11y
from .browser import LANGUAGE_COOKIE, assert_accessible, keep_picture

# The accessibility tests' fixtures: chromium, a page in it, the live server with the demo.
page = a11y.page
site = a11y.site

pytestmark = pytest.mark.browser


@pytest.fixture
def edited(site) -> dict[str, str]:
    """A draft revision with changes of several kinds; the pages' paths."""
    user = User.objects.create_user(username="redaktoer", password="x")
    RoleGrant.objects.create(user=user, unit=Unit.objects.get(key="miljo-teknik"), role=Role.EDITOR)
    plan = services.plan_start_revision(user=user, plan=Plan.objects.get(key="mt-2014"))
    goal = Goal.objects.filter(plan_focus_area__plan=plan).order_by("plan_focus_area", "position")[
        0
    ]
    first = Goal.history.filter(id=goal.pk).order_by("history_id").first()
    goal._history_user = user
    services.goal_update(
        user=user,
        goal=goal,
        expected_version=goal.version,
        statement=goal.statement.replace("Vi vil", "Vi vil i 2015 og fremover"),
        responsible_unit=Unit.objects.get(key="forsyning"),
    )
    criterion = Criterion.objects.filter(goal=goal).first()
    assert criterion is not None
    services.criterion_delete(user=user, criterion=criterion)
    section = plan.sections.first()
    assert section is not None
    services.section_update(
        user=user,
        section=section,
        expected_version=section.version,
        title=section.title,
        body=section.body.replace("Albertslund", "Albertslund Kommune", 1) + "\n\nEt nyt afsnit.",
    )
    return {
        "plan-history": reverse("web:plan-history", args=[plan.key]),
        "goal-history": reverse("web:goal-history", args=[goal.key]),
        "restore": reverse("web:history-restore", args=[history.GOAL.slug, first.history_id]),
    }


def _sign_in(page, site: str, username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": site}])


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", ["plan-history", "goal-history", "restore"])
def test_history_page_has_no_wcag_violations(
    page, site: str, edited: dict[str, str], name: str, language: str
) -> None:
    # Given a signed-in editor who chose the language
    _sign_in(page, site, "redaktoer")
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": site}])
    # When the page is opened
    response = page.goto(site + edited[name])
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    keep_picture(page, f"history-{name}-{language}-top")
    # Then axe-core finds nothing against WCAG 2.1 A and AA (nor its best practices)
    assert_accessible(page, f"history-{name}-{language}")


def test_restoring_in_the_browser_with_the_keyboard(page, site: str, edited) -> None:
    # Given the editor on the goal's history
    _sign_in(page, site, "redaktoer")
    page.goto(site + edited["goal-history"])
    # When they follow the first "restore" link and confirm with the keyboard
    with page.expect_navigation():
        page.locator("a.vp-restore-link").first.click()
    page.locator("form.vp-restore-form button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Then they are back on the history, which now starts with the restore
    assert page.url.endswith(edited["goal-history"])
    assert page.locator(".vp-messages .alert-success").count() == 1
    assert page.locator(".vp-change").first.locator(".vp-action-restored").count() == 1
    keep_picture(page, "history-after-restore", full_page=True)
