"""The Content-Security-Policy breaks nothing: key pages load in Chromium without a violation.

A violation shows as a `securitypolicyviolation` event and a console error; either fails.
"""

import datetime
import os

import pytest
from django.contrib.auth.models import User

from virkplan.organisation.models import Role
from virkplan.plans import services
from virkplan.plans.models import FollowUpRound, Goal, Plan

from .browser import demo_site, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PLAN = "mtf-2012-2013"
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    departments = ("miljo-teknik", "miljo-teknikforvaltningen")
    return demo_site(live_server, demo, redaktoer=[(key, Role.EDITOR) for key in departments])


def test_key_pages_load_without_csp_violations(pages, site: str) -> None:
    # Given an open follow-up round (its progress bar was once drawn with a style attribute)
    plan = Plan.objects.get(key=PLAN)
    round = FollowUpRound.objects.create(plan=plan, date=datetime.date(2026, 1, 15))
    services.follow_up_create(
        user=User.objects.get(username="redaktoer"),
        goal=Goal.objects.get(key=f"{PLAN}-g01"),
        status="met",
        text="Nået.",
        on=round.date,
    )
    # (in a context of its own: the listener and the script stay with the page)
    page = signed_in_page(pages, site, "redaktoer", own_context=True)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.add_init_script(WATCH)
    try:
        paths = ("/", f"/plan/{PLAN}/", f"/plan/{PLAN}/opfoelgning/", "/log-ind/", "/api/v1/docs")
        for path in paths:
            # When the page loads
            response = page.goto(site + path)
            page.wait_for_load_state("networkidle")
            # Then it carries the policy and nothing on it was blocked
            assert response is not None
            assert "script-src 'self'" in response.headers["content-security-policy"], path
            violations = page.evaluate("window.__violations")
            assert violations == [], f"{path}: {violations}"
            assert not [e for e in errors if "Content Security Policy" in e], f"{path}: {errors}"
        # htmx works: saving a follow-up swaps the progress in place
        page.goto(site + f"/plan/{PLAN}/opfoelgning/")
        page.locator(f"#goal-{PLAN}-g02 form.vp-round-form button[type=submit]").click()
        page.locator(f"#goal-{PLAN}-g02 .form-error-message").wait_for()
        assert page.evaluate("window.__violations") == []
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        pages.close(page)
