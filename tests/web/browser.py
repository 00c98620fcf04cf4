"""What the page tests in a real browser share: a signed-in page, pictures, the axe check.

Pictures of pages go to test-artifacts/ only when asked for (VIRKPLAN_TEST_PICTURES=1, as
`make pictures` does) or when a check fails: a full-page picture of a long page costs more
than the test that takes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python import sync_playwright as axe_sync
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

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


# Playwright's size of a page in a context made without one.
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}


@dataclass
class _Kept:
    """A browser context of one kind and its page, kept open from test to test."""

    context: Any
    page: Any
    devtools: Any
    in_use: bool = False


class Pages:
    """Pages for the tests, each as clean as the page of a new browser context.

    A new context costs chromium a renderer started from nothing, which reads the site's styles,
    scripts and fonts and compiles axe-core anew: about a second of CPU, more than most checks.
    So one context and page of each kind (locale, JavaScript on or off) is kept for the session,
    and before it is handed out again it is emptied as a new context is: its other pages closed,
    its routes gone, the page on about:blank, and the cookies, the site's storage (the tab's
    session storage too), the permissions and the HTTP cache cleared. What stays is the
    renderer, warm.

    A test that leaves listeners on its page (`page.on`) asks for a context of its own
    (`own_context=True`), which is closed after it.
    """

    def __init__(self, browser: Any, origin: str, kept: dict[tuple, _Kept]) -> None:
        self._browser = browser
        self._origin = origin
        self._kept = kept
        self._own: list[Any] = []

    def open(
        self,
        *,
        viewport: dict[str, int] | None = None,
        locale: str | None = None,
        javascript: bool = True,
        own_context: bool = False,
    ) -> Any:
        """A page on about:blank, as in a new context with these options."""
        viewport = viewport or DEFAULT_VIEWPORT
        kind = (locale, javascript)
        kept = self._kept.get(kind)
        if own_context or (kept is not None and kept.in_use):
            context = self._browser.new_context(
                viewport=viewport, locale=locale, java_script_enabled=javascript
            )
            self._own.append(context)
            return context.new_page()
        if kept is None:
            context = self._browser.new_context(
                viewport=viewport, locale=locale, java_script_enabled=javascript
            )
            page = context.new_page()
            kept = self._kept[kind] = _Kept(context, page, _devtools(page))
        else:
            kept.page.set_viewport_size(viewport)
        kept.in_use = True
        return kept.page

    def close(self, page: Any) -> None:
        """Done with the page: a kept one is emptied for the next, any other closed."""
        for kind, kept in list(self._kept.items()):
            if kept.in_use and kept.page is page:
                self._hand_back(kind, kept)
                return
        if page.context in self._own:
            self._own.remove(page.context)
        page.context.close()

    def close_all(self) -> None:
        for kind, kept in list(self._kept.items()):
            if kept.in_use:
                self._hand_back(kind, kept)
        for context in self._own:
            context.close()
        self._own.clear()

    def _hand_back(self, kind: tuple, kept: _Kept) -> None:
        """Empty the kept page for the next test; one that cannot be emptied (its test left it
        broken) is closed with its context, and the next test of its kind gets a new one."""
        try:
            self._empty(kept)
        except PlaywrightError:
            del self._kept[kind]
            kept.context.close()

    def _empty(self, kept: _Kept) -> None:
        context = kept.context
        if kept.page.is_closed():
            kept.page = context.new_page()
            kept.devtools = _devtools(kept.page)
        for other in context.pages:
            if other is not kept.page:
                other.close()
        page = kept.page
        page.unroute_all(behavior="ignoreErrors")
        if page.url != "about:blank":
            # The tab's session storage is the tab's, not among the origin's data cleared below.
            kept.devtools.send(
                "DOMStorage.clear",
                {"storageId": {"securityOrigin": self._origin, "isLocalStorage": False}},
            )
            # Left from inside the page, about:blank stays in the site's renderer (page.goto
            # would start another). A form with unsaved text asks first; leaving is wanted.
            page.on("dialog", _accept)
            try:
                page.evaluate("location.href = 'about:blank'")
                page.wait_for_url("about:blank", timeout=10_000)
            finally:
                page.remove_listener("dialog", _accept)
        kept.devtools.send(
            "Storage.clearDataForOrigin", {"origin": self._origin, "storageTypes": "all"}
        )
        context.clear_cookies()
        context.clear_permissions()
        kept.devtools.send("Network.clearBrowserCache")
        kept.in_use = False


def _devtools(page: Any) -> Any:
    session = page.context.new_cdp_session(page)
    session.send("DOMStorage.enable")
    return session


def _accept(dialog: Any) -> None:
    dialog.accept()


def signed_in_page(
    pages: Pages, site: str, user: Any, language: str = "da", *, own_context: bool = False
) -> Any:
    """A browser page whose session is the user's (a user or a user name), in the language."""
    if isinstance(user, str):
        user = get_user_model().objects.get(username=user)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = pages.open(
        viewport={"width": 1280, "height": 900}, locale="en-GB", own_context=own_context
    )
    page.context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site},
            {"name": LANGUAGE_COOKIE, "value": language, "url": site},
        ]
    )
    return page


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
