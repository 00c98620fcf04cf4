"""The history pages of a plan and a goal, and restoring an earlier version, per role.

Against the demo organisation: a draft revision of "Virksomhedsplan 2014"
(Miljø & Teknik) whose first goal "Forsyning" is responsible for, edited
once so it has an earlier version to restore.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from virkplan.organisation.models import Role, RoleGrant, Unit
from virkplan.plans import history, services
from virkplan.plans.models import Criterion, FollowUp, Goal, Plan, PlanFocusArea, Section
from virkplan.plans.selectors import SYSTEM_ACTOR

from ..conftest import added_each_test
from .conftest import SCALE, page_text

FIRST = "Vi vil plante 100 træer i bydelen."
SECOND = "Vi vil plante 200 nye træer i hele bydelen."
ROLES = {
    # who: (role, unit key)
    "reader": (Role.READER, "albertslund"),
    "unit editor": (Role.EDITOR, "forsyning"),
    "sibling editor": (Role.EDITOR, "by-miljoe"),
    "plan editor": (Role.EDITOR, "miljo-teknik"),
    "approver": (Role.APPROVER, "miljo-teknik"),
    "administrator": (Role.ADMINISTRATOR, "albertslund"),
}
WHO = ["anonymous", "no role", *ROLES]
CAN_VIEW = {"reader", "unit editor", "sibling editor", "plan editor", "approver", "administrator"}
CAN_RESTORE_GOAL = {"unit editor", "plan editor", "approver", "administrator"}
CAN_RESTORE_SECTION = {"plan editor", "approver", "administrator"}


def make_user(who: str) -> User | None:
    if who == "anonymous":
        return None
    user = User.objects.create_user(username=who.replace(" ", "-"), password="x")
    if who in ROLES:
        role, unit_key = ROLES[who]
        RoleGrant.objects.create(user=user, unit=Unit.objects.get(key=unit_key), role=role)
    return user


def sign_in(client, who: str) -> User | None:
    user = make_user(who)
    if user is not None:
        client.force_login(user)
    return user


@dataclass
class Draft:
    plan: Plan
    goal: Goal
    section: Section


def _draft_build() -> Draft:
    """A draft revision of the 2014 plan; its first goal is Forsyning's, and was edited once."""
    admin = make_user("system-admin")
    RoleGrant.objects.create(
        user=admin, unit=Unit.objects.get(key="albertslund"), role=Role.ADMINISTRATOR
    )
    plan = services.plan_start_revision(user=admin, plan=Plan.objects.get(key="mt-2014"))
    goal = Goal.objects.filter(plan_focus_area__plan=plan).order_by("plan_focus_area", "position")[
        0
    ]
    for statement in (FIRST, SECOND):
        goal = services.goal_update(
            user=admin,
            goal=goal,
            expected_version=goal.version,
            statement=statement,
            responsible_unit=Unit.objects.get(key="forsyning"),
        )
    section = plan.sections.first()
    assert section is not None
    services.section_update(
        user=admin, section=section, expected_version=1, title=section.title, body="Ny indledning."
    )
    return Draft(plan, goal, section)


# Written through the services once per session and copied into each test that asks for it.
draft_added_snapshot, draft_added = added_each_test("draft_added", "demo", _draft_build)


@pytest.fixture
def draft(draft_added) -> Draft:
    """A draft revision of the 2014 plan; its first goal is Forsyning's, and was edited once."""
    return draft_added()


def first_version(goal: Goal):
    return Goal.history.filter(id=goal.pk, statement=FIRST).order_by("history_id").first()


def restore_url(record) -> str:
    return reverse("web:history-restore", args=[history.kind_of(record).slug, record.history_id])


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# --- who sees the history ------------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", ["plan-history", "goal-history"])
def test_history_pages_per_role(client, draft, who: str, page: str) -> None:
    # Given a signed-in user with a role (or none), on the draft plan's pages
    sign_in(client, who)
    key = draft.plan.key if page == "plan-history" else draft.goal.key
    response = client.get(reverse(f"web:{page}", args=[key]))
    # Then only roles that show the plan see its history
    if who == "anonymous":
        assert_login_redirect(response)
    elif who in CAN_VIEW:
        assert response.status_code == 200
    else:
        # a draft they may not even see does not exist for them
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["no role", "reader"])
def test_published_plan_history_takes_a_role(client, demo, who: str) -> None:
    # Given a published plan everyone may read
    sign_in(client, who)
    response = client.get(reverse("web:plan-history", args=["mt-2014"]))
    # Then its history still takes a role: it shows drafts' texts
    assert response.status_code == (200 if who == "reader" else 403)


def test_unknown_plan_or_goal_is_404(client, demo) -> None:
    sign_in(client, "administrator")
    assert client.get(reverse("web:plan-history", args=["findes-ikke"])).status_code == 404
    assert client.get(reverse("web:goal-history", args=["findes-ikke"])).status_code == 404
    assert client.get("/historik/maal/999999/gendan/").status_code == 404
    assert client.get("/historik/noget/1/gendan/").status_code == 404


# --- what the history shows ----------------------------------------------------------------


def test_a_diff_marks_removed_and_added_words_and_escapes_every_word() -> None:
    # Given a change that adds words looking like HTML
    parts = history.word_diff("Vi vil plante 100 træer.", "Vi vil plante <b>200</b> træer.")
    # When the history shows it
    with translation.override("da"):
        html = render_to_string("web/history/_diff.html", {"diff": parts})
    # Then removed words are struck, added ones marked, each named for screen readers, and the
    # user's text is text
    assert html == (
        "Vi vil plante "
        '<del><span class="sr-only">fjernet: </span>100 </del>'
        '<ins><span class="sr-only">tilføjet: </span>&lt;b&gt;200&lt;/b&gt; </ins>'
        "træer."
    )


def test_goal_history_shows_old_and_new_text_as_a_diff(client, draft) -> None:
    # Given the goal's statement changed from FIRST to SECOND
    sign_in(client, "reader")
    html = client.get(reverse("web:goal-history", args=[draft.goal.key])).content.decode()
    # Then the change shows the removed words struck and the added ones marked
    removed = [part.split("</del>")[0] for part in html.split("<del>")[1:]]
    added = [part.split("</ins>")[0] for part in html.split("<ins>")[1:]]
    assert any("100" in part for part in removed)
    assert any("200 nye" in part for part in added)
    text = page_text(html)
    assert "Vi vil plante" in text
    # And the field is named by its translated name
    assert str(Goal._meta.get_field("statement").verbose_name).capitalize() in text


def test_history_escapes_what_users_typed(client, draft) -> None:
    admin = User.objects.get(username="system-admin")
    goal = Goal.objects.get(pk=draft.goal.pk)
    services.goal_update(
        user=admin,
        goal=goal,
        expected_version=goal.version,
        statement="Vi vil <script>alert(1)</script>.",
        responsible_unit=goal.responsible_unit,
    )
    sign_in(client, "reader")
    html = client.get(reverse("web:goal-history", args=[draft.goal.key])).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_plan_history_lists_goal_and_section_changes_with_links_to_the_goal(client, draft) -> None:
    sign_in(client, "reader")
    html = client.get(reverse("web:plan-history", args=[draft.plan.key])).content.decode()
    text = page_text(html)
    assert "Ny indledning." in text
    assert SECOND in text
    assert reverse("web:plan", args=[draft.plan.key]) in html


def test_readers_get_no_restore_links_and_editors_do(client, draft) -> None:
    url = reverse("web:goal-history", args=[draft.goal.key])
    link = restore_url(first_version(draft.goal))
    sign_in(client, "reader")
    assert link not in client.get(url).content.decode()
    client.logout()
    sign_in(client, "unit editor")
    assert link in client.get(url).content.decode()


def test_the_goal_page_links_to_the_goal_history_for_users_with_a_role(client, draft) -> None:
    url = reverse("web:goal", args=[draft.goal.key])
    history_url = reverse("web:goal-history", args=[draft.goal.key])
    published_goal = reverse("web:goal", args=["mt-2014-g02"])
    assert history_url not in client.get(published_goal).content.decode()
    sign_in(client, "reader")
    assert history_url in client.get(url).content.decode()
    assert (
        reverse("web:goal-history", args=["mt-2014-g02"])
        in client.get(published_goal).content.decode()
    )


def test_history_is_paginated(client, draft) -> None:
    sign_in(client, "administrator")
    url = reverse("web:plan-history", args=[draft.plan.key])
    html = client.get(url).content.decode()
    assert "?side=2" in html
    second = client.get(url + "?side=2")
    assert second.status_code == 200
    assert "?side=1" in second.content.decode()
    # A page past the end shows the last page, not an error
    assert client.get(url + "?side=999").status_code == 200


# --- restoring -------------------------------------------------------------------------------


def _goal_state(goal: Goal) -> tuple:
    return (
        Goal.objects.filter(pk=goal.pk).values_list("statement", "version").first(),
        Goal.history.count(),
        Criterion.objects.count(),
    )


@pytest.mark.parametrize("who", WHO)
def test_restoring_a_goal_per_role(client, draft, who: str) -> None:
    # Given the goal's first version, and the user on its confirmation page
    record = first_version(draft.goal)
    url = restore_url(record)
    sign_in(client, who)
    before = _goal_state(draft.goal)
    confirm = client.get(url)
    version = Goal.objects.get(pk=draft.goal.pk).version
    response = client.post(url, {"version": version})
    if who == "anonymous":
        assert_login_redirect(confirm)
        assert_login_redirect(response)
    elif who in CAN_RESTORE_GOAL:
        # Then the goal's editors see the confirmation, and restoring takes them back
        assert confirm.status_code == 200
        assert FIRST in page_text(confirm.content.decode())
        assert response.status_code == 302
        assert response["Location"] == reverse("web:goal-history", args=[draft.goal.key])
        assert Goal.objects.get(pk=draft.goal.pk).statement == FIRST
        return
    elif who in CAN_VIEW:
        assert confirm.status_code == 403
        assert response.status_code == 403
    else:
        assert confirm.status_code == 404
        assert response.status_code == 404
    # Else nothing changed
    assert _goal_state(draft.goal) == before


@pytest.mark.parametrize("who", WHO)
def test_restoring_a_section_per_role(client, draft, who: str) -> None:
    record = Section.history.filter(id=draft.section.pk, history_type="+").first()
    sign_in(client, who)
    response = client.post(restore_url(record), {"version": 2})
    body = Section.objects.get(pk=draft.section.pk).body
    if who in CAN_RESTORE_SECTION:
        assert response.status_code == 302
        assert response["Location"] == reverse("web:plan-history", args=[draft.plan.key])
        assert body != "Ny indledning."
    else:
        assert response.status_code in (302, 403, 404)
        if who == "anonymous":
            assert_login_redirect(response)
        assert body == "Ny indledning."


def test_restore_then_history_shows_the_restore_and_a_message(client, draft) -> None:
    # Given an editor who restores the first version
    user = sign_in(client, "unit editor")
    record = first_version(draft.goal)
    response = client.post(restore_url(record), {"version": 3}, follow=True)
    # Then they are back on the goal's history, told it worked
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="vp-messages"' in html
    # And the newest entry is the restore, by them
    newest = history.goal_history(user=SYSTEM_ACTOR, plan=draft.plan, goal_id=draft.goal.pk)
    change = newest.changes[0]
    assert (change.action, change.user) == ("restored", user.username)
    assert str(change.action_label) in page_text(html)


def test_restoring_a_version_that_changed_meanwhile_shows_a_conflict(client, draft) -> None:
    # Given the confirmation page was opened at version 3, and someone changed the goal since
    sign_in(client, "plan editor")
    record = first_version(draft.goal)
    admin = User.objects.get(username="system-admin")
    goal = Goal.objects.get(pk=draft.goal.pk)
    services.goal_update(
        user=admin,
        goal=goal,
        expected_version=3,
        statement="En tredje tekst.",
        responsible_unit=goal.responsible_unit,
    )
    # When the user confirms
    response = client.post(restore_url(record), {"version": 3})
    # Then nothing is restored, the page shows the text as it is now, with the new version
    assert response.status_code == 200
    assert Goal.objects.get(pk=draft.goal.pk).statement == "En tredje tekst."
    html = response.content.decode()
    assert "En tredje tekst." in page_text(html)
    assert 'name="version" value="4"' in html
    assert str(services.MSG_CONFLICT) in page_text(html)
    # And confirming again restores it
    assert client.post(restore_url(record), {"version": 4}).status_code == 302
    assert Goal.objects.get(pk=draft.goal.pk).statement == FIRST


def test_restoring_on_a_locked_plan_is_refused_with_the_reason(client, draft) -> None:
    sign_in(client, "plan editor")
    admin = User.objects.get(username="system-admin")
    services.plan_transition(user=admin, plan=draft.plan, to_status="submitted")
    record = first_version(draft.goal)
    response = client.get(restore_url(record))
    assert response.status_code == 403
    assert "Start" in page_text(response.content.decode())
    assert client.post(restore_url(record), {"version": 3}).status_code == 403
    assert Goal.objects.get(pk=draft.goal.pk).statement == SECOND


def test_a_deleted_goal_keeps_its_history_page_and_can_be_restored(client, draft) -> None:
    # Given the goal was deleted with its criteria
    criteria = Criterion.objects.filter(goal=draft.goal).count()
    admin = User.objects.get(username="system-admin")
    services.goal_delete(user=admin, goal=Goal.objects.get(pk=draft.goal.pk))
    sign_in(client, "plan editor")
    # When the editor opens its history
    response = client.get(reverse("web:goal-history", args=[draft.goal.key]))
    assert response.status_code == 200
    deletion = Goal.history.filter(id=draft.goal.pk, history_type="-").get()
    assert restore_url(deletion) in response.content.decode()
    # And restores it
    assert client.get(restore_url(deletion)).status_code == 200
    response = client.post(restore_url(deletion), {"version": 0})
    # Then it is back with its key and criteria
    assert response.status_code == 302
    goal = Goal.objects.get(key=draft.goal.key)
    assert goal.criteria.count() == criteria


def test_a_bad_form_is_refused(client, draft) -> None:
    sign_in(client, "plan editor")
    response = client.post(restore_url(first_version(draft.goal)), {"version": "x"})
    assert response.status_code == 400
    assert Goal.objects.get(pk=draft.goal.pk).statement == SECOND


# --- queries -----------------------------------------------------------------------------------


def _edit_every_kind(plan_key: str) -> str:
    """Change one row of each kind in the plan (as an import or script would); the goal's key."""
    plan = Plan.objects.get(key=plan_key)
    plan.title += " (rettet)"
    plan.save()
    # (the 2012–2013 plan has no sections of its own)
    area = PlanFocusArea.objects.filter(plan=plan).first()
    goal = Goal.objects.filter(plan_focus_area__plan=plan, follow_ups__isnull=False).first()
    assert area and goal
    criterion = Criterion.objects.filter(goal=goal).first()
    follow_up = FollowUp.objects.filter(goal=goal).first()
    assert criterion and follow_up
    for row, name in (
        (area, "unit_text"),
        (goal, "statement"),
        (criterion, "text"),
        (follow_up, "text"),
    ):
        setattr(row, name, getattr(row, name) + " Rettet.")
        row.save()
    return goal.key


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Session, user, the plan (and for a goal: the goal), the user's roles (two); then two to list
# the page, and per kind of row on it one for its records and one for the rows as they are
# now (plan, focus area, goal, criterion, follow-up, the goal's status: six kinds; for a goal
# four), and the focus areas' titles; and the header's count of unread notifications. Pinned
# on the demo and on ten times the demo.
PLAN_HISTORY_QUERIES = 5 + 2 + 2 * 6 + 1 + 1
GOAL_HISTORY_QUERIES = 6 + 2 + 2 * 4 + 1


@pytest.fixture
def counted(client) -> None:
    user = User.objects.create_user(username="admin-count", password="x")
    RoleGrant.objects.create(
        user=user, unit=Unit.objects.get(key="albertslund"), role=Role.ADMINISTRATOR
    )
    client.force_login(user)


def _history_counts(client) -> tuple[int, int]:
    goal_key = _edit_every_kind("mtf-2012-2013")
    plan_count = _count(client, reverse("web:plan-history", args=["mtf-2012-2013"]))
    goal_count = _count(client, reverse("web:goal-history", args=[goal_key]))
    return plan_count, goal_count


def test_history_query_counts_on_the_demo(client, demo, counted) -> None:
    # Given the demo with one row of every kind edited
    # Then the history pages issue the pinned number of queries
    assert _history_counts(client) == (PLAN_HISTORY_QUERIES, GOAL_HISTORY_QUERIES)


def test_history_query_counts_on_a_plan_ten_times_the_demo(client, scaled_demo, counted) -> None:
    # Given the demo ten times over, imported into an empty database, edited the same way
    goals = Goal.objects.filter(plan_focus_area__plan__key="mtf-2012-2013").count()
    assert goals == 19 * SCALE
    # Then the history pages issue as many queries as on the demo
    assert _history_counts(client) == (PLAN_HISTORY_QUERIES, GOAL_HISTORY_QUERIES)
