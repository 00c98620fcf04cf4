"""Cached pages in a real browser: the language switch works without a form token, signing
out still takes one, and a change committed by a write shows on the next load."""

import os

import pytest
from django.conf import settings

from tests.factories import user_with_roles
from virkplan.organisation.models import Role
from virkplan.plans import services
from virkplan.plans.models import Plan, PlanStatus

from .browser import demo_site, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PLAN = "mt-2014"


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    return demo_site(live_server, demo, admin=[("albertslund", Role.ADMINISTRATOR)])


def _anonymous_page(pages):
    return pages.open(viewport={"width": 1280, "height": 900}, locale="en-GB")


def test_an_anonymous_reader_switches_language_on_cached_pages(pages, site: str) -> None:
    page = _anonymous_page(pages)
    context = page.context
    try:
        url = f"{site}/plan/{PLAN}/"
        # Given a reader on a plan page, read twice so the second comes from the cache
        page.goto(url)
        page.reload()
        assert page.get_attribute("html", "lang") == "da"
        # Then the browser holds no cookie, and the page no form token
        assert context.cookies() == []
        assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
        # When they choose English
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        # Then they are on the same page in English, and only the language is remembered
        assert page.url == url
        assert page.get_attribute("html", "lang") == "en"
        assert [cookie["name"] for cookie in context.cookies()] == [settings.LANGUAGE_COOKIE_NAME]
        # And Danish brings the Danish page back
        page.get_by_role("button", name="Dansk").click()
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "da"
    finally:
        pages.close(page)


def test_a_committed_write_shows_on_the_next_load(pages, site: str) -> None:
    page = _anonymous_page(pages)
    try:
        url = f"{site}/plan/{PLAN}/"
        page.goto(url)
        assert "Status: offentliggjort" in page.inner_text("main")
        # When an approver archives the plan (a real commit)
        services.plan_transition(
            user=user_with_roles("godkender", ("miljo-teknik", Role.APPROVER)),
            plan=Plan.objects.get(key=PLAN),
            to_status=PlanStatus.ARCHIVED,
        )
        # Then the reader sees it on the next load
        page.reload()
        assert "Status: arkiveret" in page.inner_text("main")
    finally:
        pages.close(page)


def test_a_signed_in_user_signs_out_with_the_token(pages, site: str) -> None:
    page = signed_in_page(pages, site, "admin")
    try:
        page.goto(f"{site}/plan/{PLAN}/")
        # The header's sign-out form and the mobile menu's each carry the token
        sign_out = page.locator("form[action='/konto/log-ud/']")
        assert sign_out.count() == 2
        assert sign_out.locator("input[name=csrfmiddlewaretoken]").count() == 2
        page.get_by_role("button", name="Log af").click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name="Log ind").count() == 1
    finally:
        pages.close(page)
