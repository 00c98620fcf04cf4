"""The API's pages in a real browser: the interactive documentation (Swagger UI from the
site's own static files) and the API keys page; axe-core finds no WCAG 2.1 A/AA violations,
and the documentation loads nothing from another server."""

import json
import os
import urllib.request

import pytest
from django.contrib.auth.models import User

from .browser import LANGUAGE_COOKIE, assert_accessible, demo_site, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    return demo_site(live_server, demo)


def _open_docs(page, site: str) -> list[str]:
    """Open the docs and wait for Swagger UI to list the operations; the addresses it asked."""
    requested: list[str] = []

    def note(request) -> None:
        requested.append(request.url)

    page.on("request", note)
    response = page.goto(site + "/api/v1/docs")
    assert response is not None and response.status == 200
    page.locator(".opblock").first.wait_for()
    page.remove_listener("request", note)  # the page is kept for other tests (browser.Pages)
    return requested


def _operations(site: str) -> int:
    """How many operations the API's schema has (each path's methods)."""
    with urllib.request.urlopen(site + "/api/v1/openapi.json") as response:  # noqa: S310
        schema = json.load(response)
    return sum(len(methods) for methods in schema["paths"].values())


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_api_docs_have_no_violations(pages, site, language):
    page = pages.open(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": site}])
    try:
        # Given the docs, with every operation listed
        requested = _open_docs(page, site)
        assert page.locator(".opblock").count() == _operations(site)
        # Then everything came from the site itself
        assert all(url.startswith(site) for url in requested), requested
        assert_accessible(page, f"api-docs-{language}")
        # And when one operation is opened, it is still accessible
        page.locator(".opblock-summary-control").first.click()
        page.locator(".opblock-body").first.wait_for()
        assert_accessible(page, f"api-docs-operation-{language}")
    finally:
        pages.close(page)


def test_a_signed_in_user_tries_an_operation_from_the_docs(pages, site):
    # Given the plan editor, signed in, on the docs
    user = User.objects.create_user("redaktoer-docs")
    page = signed_in_page(pages, site, user)
    try:
        _open_docs(page, site)
        # When they try the list of plans
        page.locator("#operations-plans-list_plans .opblock-summary-control").click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        # Then the answer is shown: the published plans
        page.locator(".responses-wrapper .live-responses-table").wait_for()
        assert "mt-2014" in page.locator(".responses-wrapper").inner_text()
    finally:
        pages.close(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_api_keys_page_has_no_violations(pages, site, language):
    user = User.objects.create_user("anna")
    page = signed_in_page(pages, site, user, language)
    try:
        # Given the page with one key made and one revoked
        page.goto(site + "/konto/api-noegler/")
        field = page.locator("#id_name")
        field.fill("Energidata")
        field.press("Enter")
        page.locator(".vp-token-secret").wait_for()
        # Then the page showing the new secret is accessible
        assert_accessible(page, f"api-keys-new-{language}")
        page.locator("form.vp-token-revoke button").first.click()
        page.locator("form.vp-token-revoke").wait_for(state="detached")
        # And so is the page after revoking it, and with a mistake in the form
        assert_accessible(page, f"api-keys-revoked-{language}")
        page.locator("#id_name").fill("  ")
        page.locator("#id_name").press("Enter")
        page.locator("#id_name-error").wait_for()
        assert_accessible(page, f"api-keys-error-{language}")
    finally:
        pages.close(page)
