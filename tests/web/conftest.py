"""Fixtures for the page tests: HTML taken apart, a browser (the demo ten times over is shared)."""

import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import SCALE as SCALE
from virkplan.web.identity import current_authority

from .browser import Pages

# The data sets a test may load; the municipality in every page's header comes from them.
WORLDS = ("demo", "scaled_demo", "editing", "matrix_world", "scale")


@pytest.fixture(autouse=True)
def authority_known(request) -> None:
    """The municipality in every page's header and footer is read once and then kept until the
    data changes (web.identity), as on a running site: the pages' pinned query counts are
    those of every page after the first."""
    worlds = [name for name in WORLDS if name in request.fixturenames]
    for name in worlds:
        request.getfixturevalue(name)
    if worlds:
        current_authority()


class _TableRows(HTMLParser):
    """Collects the text of each <tr>, one list of cell texts per row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "tr":
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """Every table row in the page as a list of its cells' texts, whitespace collapsed."""
    parser = _TableRows()
    parser.feed(html)
    return parser.rows


class _Text(HTMLParser):
    """The page's visible text (no script or style), whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The text a reader sees, with entities decoded and whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def links(html: str) -> list[str]:
    """Every href of an <a> in the page."""
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


# Browser tests drive Debian's chromium through Playwright (never `playwright install`);
# VIRKPLAN_CHROMIUM names another Chromium or Chrome (the Makefile sets it on macOS).
CHROMIUM = os.environ.get("VIRKPLAN_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def _chromium() -> Iterator:
    """Headless chromium, started once for the session: a start costs more than most checks."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: scripts/system-packages says how"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def _kept_pages(_chromium) -> Iterator[dict]:
    """The contexts and pages that `pages` keeps from test to test, by kind."""
    kept: dict = {}
    yield kept
    for each in kept.values():
        each.context.close()


@pytest.fixture
def browser(_chromium, _kept_pages) -> Iterator:
    """The session's chromium; a missing browser fails the test (`make test` installs it or says
    how). Every context a test opened is closed after it, so no test sees another's cookies,
    storage or open pages."""
    yield _chromium
    kept = [each.context for each in _kept_pages.values()]
    for context in list(_chromium.contexts):
        if context not in kept:
            context.close()


@pytest.fixture
def pages(browser, _kept_pages, live_server) -> Iterator[Pages]:
    """Pages on the live server, each as clean as a new browser context's (browser.Pages); the
    pages a test was given are emptied or closed after it."""
    opened = Pages(browser, live_server.url, _kept_pages)
    yield opened
    opened.close_all()
