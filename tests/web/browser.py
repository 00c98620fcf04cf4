"""What the page tests in a real browser share: a signed-in page, and the accessibility check."""

from __future__ import annotations

from typing import Any

from axe_playwright_python import sync_playwright as axe_sync
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from .test_accessibility import ARTIFACTS, AXE_TAGS, LANGUAGE_COOKIE, _violations_report


def signed_in_page(browser: Any, site: str, user: Any, language: str = "da") -> Any:
    """A browser page whose session is the user's (a user or a user name), in the language."""
    if isinstance(user, str):
        user = get_user_model().objects.get(username=user)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site},
            {"name": LANGUAGE_COOKIE, "value": language, "url": site},
        ]
    )
    return context.new_page()


def assert_accessible(page: Any, name: str) -> None:
    """Keep a picture of the page as `name`, and check it with axe-core against WCAG 2.1 AA."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    results = axe_sync.Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    assert not violations, _violations_report(violations)
