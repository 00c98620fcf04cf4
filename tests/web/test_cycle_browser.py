"""The plan cycle in a real browser: axe-clean pages, a follow-up round, submitting and approving.

Drives Debian's chromium through Playwright (never `playwright install`), as
tests/web/test_accessibility.py does; pictures go to test-artifacts/ when asked for.
Users sign in by carrying the session cookie of a test client's force_login.
"""

import datetime
import os

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import GoalFactory, PlanFactory, PlanFocusAreaFactory
from virkplan.organisation.models import Role
from virkplan.plans import services
from virkplan.plans.models import (
    FollowUp,
    FollowUpRound,
    Goal,
    GoalAssessment,
    Plan,
    PlanEvent,
    PlanStatus,
)
from virkplan.plans.tasks import PLANS_PER_PAGE

from .browser import assert_accessible, demo_site, keep_picture, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


pytestmark = pytest.mark.browser

PLAN = "mtf-2012-2013"


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    """The live server with the demo plans and an editor, an approver and an administrator."""
    departments = ("miljo-teknik", "miljo-teknikforvaltningen")
    return demo_site(
        live_server,
        demo,
        redaktoer=[(key, Role.EDITOR) for key in departments],
        godkender=[(key, Role.APPROVER) for key in departments],
        admin=[("albertslund", Role.ADMINISTRATOR)],
    )


def _draft_plan() -> Plan:
    """A draft 2015 plan of Miljø & Teknik, carried on from the 2014 plan with two goals."""
    editor = User.objects.get(username="redaktoer")
    plan_2014 = Plan.objects.get(key="mt-2014")
    return services.plan_copy_to_next_period(
        user=editor,
        plan=plan_2014,
        start_year=2015,
        end_year=2015,
        title="Virksomhedsplan 2015",
        goal_keys=["mt-2014-g01", "mt-2014-g02"],
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_cycle_pages_have_no_wcag_violations(pages, site: str, language: str) -> None:
    draft = _draft_plan()
    checked = {
        "cycle-round-closed": ("redaktoer", f"/plan/{PLAN}/opfoelgning/"),
        "cycle-next-period": ("redaktoer", f"/plan/{PLAN}/naeste-periode/"),
        "cycle-plan-draft-panel": ("redaktoer", f"/plan/{draft.key}/"),
        "cycle-my-tasks-editor": ("redaktoer", "/mine-opgaver/"),
        "cycle-reorganisation": ("admin", "/enhed/miljo-teknikforvaltningen/omorganisering/"),
    }
    for name, (username, url) in checked.items():
        page = signed_in_page(pages, site, username, language)
        try:
            response = page.goto(site + url)
            assert response is not None and response.status == 200, name
            assert page.locator("html").get_attribute("lang") == language
            assert_accessible(page, f"{name}-{language}")
        finally:
            pages.close(page)
    # With a round open, a goal followed up and another goal's form showing an error
    plan = Plan.objects.get(key=PLAN)
    round = FollowUpRound.objects.create(plan=plan, date=datetime.date(2026, 1, 15))
    services.follow_up_create(
        user=User.objects.get(username="redaktoer"),
        goal=Goal.objects.get(key=f"{PLAN}-g01"),
        status="met",
        text="Nået.",
        on=round.date,
    )
    page = signed_in_page(pages, site, "redaktoer", language)
    try:
        page.goto(site + f"/plan/{PLAN}/opfoelgning/")
        goal = page.locator(f"#goal-{PLAN}-g02")
        goal.locator("form.vp-round-form button[type=submit]").click()
        page.locator(f"#goal-{PLAN}-g02 .form-error-message").wait_for()
        assert_accessible(page, f"cycle-round-open-{language}")
        page.goto(site + "/mine-opgaver/")
        assert_accessible(page, f"cycle-my-tasks-round-{language}")
    finally:
        pages.close(page)
    # The approver's view of a submitted plan, after a refusal without a comment
    services.plan_transition(
        user=User.objects.get(username="redaktoer"), plan=draft, to_status=PlanStatus.SUBMITTED
    )
    page = signed_in_page(pages, site, "godkender", language)
    try:
        page.goto(site + f"/plan/{draft.key}/")
        page.locator("button[value=draft]").click()
        page.locator("#workflow .form-error-message").wait_for()
        assert_accessible(page, f"cycle-plan-return-error-{language}")
    finally:
        pages.close(page)


def test_an_editor_runs_the_follow_up_round_of_the_demo_plan(pages, site: str) -> None:
    page = signed_in_page(pages, site, "redaktoer")
    try:
        # Given the editor on the 2012–2013 plan's follow-up page, no round open
        page.goto(site + f"/plan/{PLAN}/")
        page.locator(f"#workflow a[href='/plan/{PLAN}/opfoelgning/']").click()
        page.wait_for_load_state()
        assert page.locator("article.vp-round-goal").count() == 19
        # When they start a round on 15 January 2026
        page.fill("input[name=date]", "2026-01-15")
        page.locator("form.vp-round-start button[type=submit]").click()
        page.wait_for_load_state()
        # Then the round is open and nothing is followed up yet
        progress = page.locator("#round-progress")
        assert "0" in progress.inner_text() and "19" in progress.inner_text()
        assert page.locator("form.vp-round-form").count() == 19
        # When they set a status and text for the first goal, about its first criterion, and save
        page.evaluate("window.stillTheSamePage = true")
        goal = page.locator(f"#goal-{PLAN}-g01")
        goal.locator("form.vp-round-form select").select_option("partly_met")
        goal.locator("textarea").fill("Kommuneplanen er vedtaget; samarbejdet fortsætter.")
        goal.locator("input[type=checkbox]").first.check()
        goal.locator("form.vp-round-form button[type=submit]").click()
        # Then, without a page reload, the goal shows its follow-up and the progress went up
        page.locator(f"#goal-{PLAN}-g01 .vp-saved").wait_for()
        page.locator("#round-progress", has_text="1 ").wait_for()
        assert page.evaluate("window.stillTheSamePage") is True
        assert "Kommuneplanen er vedtaget" in page.locator(f"#goal-{PLAN}-g01").inner_text()
        # ... and focus stays on the goal's save button
        assert page.evaluate("document.activeElement.id") == f"save-{PLAN}-g01"
        follow_up = FollowUp.objects.get(goal__key=f"{PLAN}-g01", date="2026-01-15")
        assert follow_up.status == "partly_met"
        assert list(follow_up.criteria.values_list("position", flat=True)) == [0]
        # When they edit it in place and save again
        page.locator(f"#goal-{PLAN}-g01 .vp-followup-actions a").click()
        page.locator(f"#goal-{PLAN}-g01 .vp-followup-editing").wait_for()
        page.locator(f"#goal-{PLAN}-g01 form.vp-round-form select").select_option("met")
        page.locator(f"#goal-{PLAN}-g01 form.vp-round-form button[type=submit]").click()
        page.locator(f"#goal-{PLAN}-g01 .vp-saved").wait_for()
        follow_up.refresh_from_db()
        assert follow_up.status == "met"
        assert page.evaluate("window.stillTheSamePage") is True
        # When they weigh the goal as a whole as partly met and save that
        status_form = page.locator(f"#goal-{PLAN}-g01 form.vp-round-status-form")
        assert status_form.locator("select").input_value() == "met"  # as its follow-up says
        status_form.locator("select").select_option("partly_met")
        status_form.locator("button[type=submit]").click()
        # Then, in place, the goal shows that status in words beside its icon
        page.locator(f"#goal-{PLAN}-g01 .vp-goal-meta .vp-goal-status").wait_for()
        meta = page.locator(f"#goal-{PLAN}-g01 .vp-goal-meta").inner_text()
        assert "Delvist opfyldt" in meta
        assert page.evaluate("window.stillTheSamePage") is True
        assessment = GoalAssessment.objects.get(goal__key=f"{PLAN}-g01", round__isnull=False)
        assert assessment.status == "partly_met"
        keep_picture(page, "cycle-round-after-save")
        # When they finish the round
        page.locator("form.vp-round-finish button[type=submit]").click()
        # ... which first names the goals not followed up, and they confirm
        page.locator(".vp-round-missing").wait_for()
        assert_accessible(page, "cycle-round-finish-confirm")
        page.locator("form.vp-round-finish-confirm button[type=submit]").click()
        page.wait_for_load_state()
        # Then the round is closed, and the page offers to start a new one
        round = FollowUpRound.objects.get(plan__key=PLAN)
        assert not round.is_open
        assert page.locator("form.vp-round-start").count() == 1
        assert page.locator(".vp-cycle-messages .alert-success").count() == 1
    finally:
        pages.close(page)


def test_the_follow_up_round_works_without_javascript(pages, site: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="redaktoer"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = pages.open(javascript=False)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
    )
    try:
        FollowUpRound.objects.create(
            plan=Plan.objects.get(key=PLAN), date=datetime.date(2026, 1, 15)
        )
        page.goto(site + f"/plan/{PLAN}/opfoelgning/")
        goal = page.locator(f"#goal-{PLAN}-g03")
        goal.locator("form.vp-round-form select").select_option("postponed")
        goal.locator("textarea").fill("Udskudt til 2015.")
        goal.locator("form.vp-round-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/plan/{PLAN}/opfoelgning/#goal-{PLAN}-g03")
        assert "Udskudt til 2015." in page.locator(f"#goal-{PLAN}-g03").inner_text()
        assert FollowUp.objects.filter(goal__key=f"{PLAN}-g03", status="postponed").exists()
    finally:
        pages.close(page)


def test_an_editor_submits_a_draft_and_an_approver_approves_it(pages, site: str) -> None:
    draft = _draft_plan()
    # Given the editor on the draft plan's page
    page = signed_in_page(pages, site, "redaktoer")
    try:
        page.goto(site + f"/plan/{draft.key}/")
        # The editor is offered one step: submitting
        assert page.locator("#workflow button[name=to_status]").count() == 1
        # When they submit it
        with page.expect_navigation():
            page.locator("#workflow button[value=submitted]").click()
        page.locator("#workflow").wait_for()
        # Then the plan is submitted, and the editor is offered no step
        draft.refresh_from_db()
        assert draft.status == PlanStatus.SUBMITTED
        assert page.locator("#workflow button[name=to_status]").count() == 0
    finally:
        pages.close(page)
    page = signed_in_page(pages, site, "godkender")
    try:
        # Given the approver on the submitted plan
        page.goto(site + f"/plan/{draft.key}/")
        # When they try to return it without a comment
        page.locator("#workflow button[value=draft]").click()
        # Then the panel shows the error beside the comment field, and the plan stays submitted
        error = page.locator("#workflow .form-error-message")
        error.wait_for()
        textarea = page.locator("#workflow textarea[name=comment]")
        assert error.get_attribute("id") in (textarea.get_attribute("aria-describedby") or "")
        draft.refresh_from_db()
        assert draft.status == PlanStatus.SUBMITTED
        # When they approve it
        with page.expect_navigation():
            page.locator("#workflow button[value=approved]").click()
        page.locator("#workflow").wait_for()
        # Then it is approved, with both steps recorded
        draft.refresh_from_db()
        assert draft.status == PlanStatus.APPROVED
        assert list(PlanEvent.objects.filter(plan=draft).values_list("to_status", flat=True)) == [
            PlanStatus.APPROVED,
            PlanStatus.SUBMITTED,
        ]
        assert page.locator("#workflow button[value=published]").count() == 1
        keep_picture(page, "cycle-plan-approved")
    finally:
        pages.close(page)


def test_my_tasks_pages_on_a_phone_are_axe_clean(pages, site: str) -> None:
    # Given more draft plans with a goal waiting for documentation than a page of tasks shows
    unit = Plan.objects.get(key="mt-2014").unit
    for n in range(PLANS_PER_PAGE + 1):
        plan = PlanFactory(unit=unit, status=PlanStatus.DRAFT, key=f"kladde-{n}")
        GoalFactory(plan_focus_area=PlanFocusAreaFactory(plan=plan))
    # When the editor opens the second page on a phone, 375 CSS pixels wide
    page = signed_in_page(pages, site, "redaktoer")
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        page.goto(site + "/mine-opgaver/?dokumentation=2")
        # Then the arrow back, whose words the design system hides on a phone, keeps its name
        previous = page.locator("nav.pagination a[rel=prev]")
        assert previous.is_visible()
        assert previous.get_attribute("aria-label") == "Forrige planer"
        assert_accessible(page, "cycle-my-tasks-pages-375px")
    finally:
        pages.close(page)
