"""What the page tests in a real browser share: a signed-in page, pictures, the axe check.

Pictures of pages go to test-artifacts/ only when asked for (VIRKPLAN_TEST_PICTURES=1, as
`make pictures` does) or when a check fails: a full-page picture of a long page costs more
than the test that takes it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from axe_playwright_python import sync_playwright as axe_sync
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import user_with_roles

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# WCAG 2.1 A and AA, which Danish public-sector sites must meet, and axe's
# best practices (landmarks, heading order, one h1) on top.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Only the violations are gathered: the passes' nodes of a long page are most of axe's work.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
LANGUAGE_COOKIE = "virkplan_language"


def pictures_wanted() -> bool:
    return os.environ.get("VIRKPLAN_TEST_PICTURES", "") not in ("", "0")


def keep_picture(page: Any, name: str, *, full_page: bool = False, always: bool = False) -> None:
    """Save the page as test-artifacts/`name`.png when pictures are wanted (or `always`)."""
    if always or pictures_wanted():
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)


def demo_site(live_server: Any, demo: Any, **roles: list[tuple[str, str]]) -> str:
    """The live server's address, with the demo plans and users holding roles on units.

    `demo` is the test's `demo` fixture (the plans copied from the session's snapshot, as in
    the other page tests); `roles` maps a user name to its (unit key, role) pairs.
    """
    assert demo is not None
    for username, grants in roles.items():
        user_with_roles(username, *grants)
    return live_server.url


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
    """Check the page with axe-core against WCAG 2.1 AA; keep a picture of it as `name`.

    The picture is kept when pictures are wanted, and always when axe finds a violation.
    """
    violations = axe_sync.Axe().run(page, options=AXE_OPTIONS).response["violations"]
    keep_picture(page, name, full_page=True, always=bool(violations))
    assert not violations, violations_report(violations)


def violations_report(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"       {line}" for line in summary.splitlines())
    return "\n".join(lines)
