"""Editing a plan through the pages: who may, what a form says, and that nothing is half-saved.

Every view is tried without JavaScript (a page, POST, redirect back to the
editing page) and as htmx asks (fragments swapped in place). What a user
relies on is checked in the database (what changed, what did not) and in
the HTML (the form in place, the message beside its field, both texts of a
conflict).
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import resolve_url
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import (
    CriterionFactory,
    EditingWorld,
    FocusAreaFactory,
    PlanFactory,
    PlanFocusAreaFactory,
    UnitFactory,
)
from virkplan.core.display import number
from virkplan.core.errors import NotAllowed
from virkplan.organisation.models import Role, RoleGrant, UnitKind
from virkplan.plans import rules, services
from virkplan.plans.models import (
    Criterion,
    FocusArea,
    FollowUp,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
    Section,
)
from virkplan.web import fields
from virkplan.web.forms import editing as forms

from .conftest import page_text

HTMX = {"HX-Request": "true"}


@pytest.fixture
def world(editing: EditingWorld) -> EditingWorld:
    world = editing
    world.users["no_role"] = User.objects.create_user(username="no_role", password="x")
    CriterionFactory(goal=world.forsyning_goal, position=1, text="Forbruget falder.")
    return world


def snapshot() -> dict[str, list]:
    """Every row of the plans' tables, as stored."""
    models = [Plan, Section, FocusArea, PlanFocusArea, Goal, Criterion, FollowUp]
    return {
        model.__name__: sorted(map(repr, model.objects.order_by("pk").values())) for model in models
    }


def signed_in(client, world: EditingWorld, who: str):
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


def danish(message: str) -> str:
    with translation.override("da"):
        return translation.gettext(message)


def field_error(html: str, field_id: str) -> str:
    """The text of the message beside the field with this id, linked from the field."""
    field = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
    assert field is not None, f"no field {field_id}"
    assert f"{field_id}_error" in field.group(0), "the field does not point at its message"
    assert 'aria-invalid="true"' in field.group(0)
    error = re.search(
        rf'<span class="form-error-message" id="{field_id}_error">(.*?)</span>\s*<', html, re.S
    )
    assert error is not None
    return page_text(error.group(1))


# --- who may do what -----------------------------------------------------------------------------

LOGIN, NO, GONE, OK, DONE, REFUSED = "login", 403, 404, 200, 302, "refused"
WHO = [
    "anonymous",
    "no_role",
    "reader",
    "forsyning",
    "by_miljoe",
    "editor",
    "approver",
    "administrator",
]
# anonymous, no role, reader, forsyning, by_miljoe (sibling), plan editor, approver, administrator
PLAN_EDITORS = (LOGIN, GONE, NO, NO, NO, DONE, DONE, DONE)
PLAN_EDITORS_GET = (LOGIN, GONE, NO, NO, NO, OK, OK, OK)
# Changes to the goal Forsyning is responsible for: its editors and the plan's.
GOAL_EDITORS = (LOGIN, GONE, NO, DONE, NO, DONE, DONE, DONE)
GOAL_EDITORS_GET = (LOGIN, GONE, NO, OK, NO, OK, OK, OK)


def _matrix() -> list[tuple[str, str, object, object, tuple]]:
    """(name, method, url(world), data(world), expected per WHO)."""
    plan = lambda w: w.plan.key  # noqa: E731
    goal = lambda w: w.forsyning_goal  # noqa: E731
    section = lambda w: w.plan.sections.first()  # noqa: E731
    criterion = lambda w: w.forsyning_goal.criteria.first()  # noqa: E731
    return [
        (
            "editing page",
            "get",
            lambda w: reverse("web:plan-edit", args=[plan(w)]),
            None,
            (LOGIN, GONE, NO, OK, OK, OK, OK, OK),
        ),
        (
            "plan details form",
            "get",
            lambda w: reverse("web:plan-details-edit", args=[plan(w)]),
            None,
            PLAN_EDITORS_GET,
        ),
        (
            "plan details",
            "post",
            lambda w: reverse("web:plan-details-edit", args=[plan(w)]),
            lambda w: {
                "title": "Ny titel",
                "kind": "department_plan",
                "start_year": "2026",
                "end_year": "2026",
                "version": "1",
            },
            PLAN_EDITORS,
        ),
        (
            "new section",
            "post",
            lambda w: reverse("web:section-create", args=[plan(w)]),
            lambda w: {"title": "Nyt afsnit", "body": "Tekst"},
            PLAN_EDITORS,
        ),
        (
            "section",
            "post",
            lambda w: reverse("web:section-edit", args=[plan(w), section(w).pk]),
            lambda w: {"title": "Ændret", "body": "", "version": "1"},
            PLAN_EDITORS,
        ),
        (
            "section move",
            "post",
            lambda w: reverse("web:section-move", args=[plan(w), section(w).pk]),
            lambda w: {"direction": "ned"},
            PLAN_EDITORS,
        ),
        (
            "section delete",
            "post",
            lambda w: reverse("web:section-delete", args=[plan(w), section(w).pk]),
            lambda w: {"version": "1"},
            PLAN_EDITORS,
        ),
        (
            "new focus area",
            "post",
            lambda w: reverse("web:focus-area-create", args=[plan(w)]),
            lambda w: {"title": "Nyt indsatsområde"},
            PLAN_EDITORS,
        ),
        (
            "focus area",
            "post",
            lambda w: reverse("web:focus-area-edit", args=[plan(w), w.shared_area.pk]),
            lambda w: {"unit_text": "Ændret", "version": "1"},
            PLAN_EDITORS,
        ),
        (
            "focus area move",
            "post",
            lambda w: reverse("web:focus-area-move", args=[plan(w), w.shared_area.pk]),
            lambda w: {"direction": "ned"},
            PLAN_EDITORS,
        ),
        (
            "focus area delete",
            "post",
            lambda w: reverse("web:focus-area-delete", args=[plan(w), w.own_area.pk]),
            lambda w: {"version": "1"},
            PLAN_EDITORS,
        ),
        (
            "new goal for Forsyning",
            "post",
            lambda w: reverse("web:goal-create", args=[plan(w), w.shared_area.pk]),
            lambda w: {"statement": "Vi vil lægge rør.", "responsible_unit": w.forsyning.pk},
            # The sibling unit's editor may add goals, but not for Forsyning: the form refuses.
            (LOGIN, GONE, NO, DONE, REFUSED, DONE, DONE, DONE),
        ),
        (
            "new sub-goal for Forsyning",
            "post",
            lambda w: reverse("web:subgoal-create", args=[goal(w).key]),
            lambda w: {"statement": "Vi vil lægge rør.", "responsible_unit": w.forsyning.pk},
            (LOGIN, GONE, NO, DONE, REFUSED, DONE, DONE, DONE),
        ),
        (
            "goal form",
            "get",
            lambda w: reverse("web:goal-edit", args=[goal(w).key]),
            None,
            GOAL_EDITORS_GET,
        ),
        (
            "goal",
            "post",
            lambda w: reverse("web:goal-edit", args=[goal(w).key]),
            lambda w: {
                "statement": "Vi vil spare mere.",
                "ref": "2",
                "responsible_unit": w.forsyning.pk,
                "version": "1",
            },
            GOAL_EDITORS,
        ),
        (
            "goal move",
            "post",
            lambda w: reverse("web:goal-move", args=[goal(w).key]),
            lambda w: {"direction": "op"},
            GOAL_EDITORS,
        ),
        (
            "goal delete question",
            "get",
            lambda w: reverse("web:goal-delete", args=[goal(w).key]),
            None,
            GOAL_EDITORS_GET,
        ),
        (
            "goal delete",
            "post",
            lambda w: reverse("web:goal-delete", args=[goal(w).key]),
            lambda w: {"version": "1"},
            GOAL_EDITORS,
        ),
        (
            "new criterion",
            "post",
            lambda w: reverse("web:criterion-create", args=[goal(w).key]),
            lambda w: {"text": "Ny dokumentation"},
            GOAL_EDITORS,
        ),
        (
            "criterion",
            "post",
            lambda w: reverse("web:criterion-edit", args=[goal(w).key, criterion(w).pk]),
            lambda w: {"text": "Ændret", "version": "1"},
            GOAL_EDITORS,
        ),
        (
            "criterion move",
            "post",
            lambda w: reverse("web:criterion-move", args=[goal(w).key, criterion(w).pk]),
            lambda w: {"direction": "ned"},
            GOAL_EDITORS,
        ),
        (
            "criterion delete",
            "post",
            lambda w: reverse("web:criterion-delete", args=[goal(w).key, criterion(w).pk]),
            lambda w: {"version": "1"},
            GOAL_EDITORS,
        ),
        (
            "new plan form",
            "get",
            lambda w: reverse("web:plan-create"),
            None,
            (LOGIN, NO, NO, OK, OK, OK, OK, OK),
        ),
        (
            "new plan for Forsyning",
            "post",
            lambda w: reverse("web:plan-create"),
            lambda w: {
                "unit": w.forsyning.pk,
                "title": "Årsplan 2027",
                "kind": "unit_plan",
                "start_year": "2027",
                "end_year": "2027",
            },
            (LOGIN, NO, NO, DONE, REFUSED, DONE, DONE, DONE),
        ),
    ]


MATRIX = _matrix()


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("row", MATRIX, ids=[row[0] for row in MATRIX])
def test_who_may_edit_what(client, world, row, who) -> None:
    name, method, url_of, data_of, expected = row
    expect = expected[WHO.index(who)]
    signed_in(client, world, who)
    url = url_of(world)
    data = data_of(world) if data_of else {}
    before = snapshot()
    # When the user opens the form or posts it
    response = getattr(client, method)(url, data)
    status = response.status_code
    where = f"{name} as {who}: {method.upper()} {url} gave {status}"
    # Then they get what the matrix says ...
    if expect == LOGIN:
        assert status == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)), (
            where
        )
    elif expect == DONE:
        assert status == 302 and "/rediger/" in response["Location"], where
    elif expect == REFUSED:
        assert status == 200 and "form-error" in response.content.decode(), where
    else:
        assert status == expect, where
    # ... and only an allowed POST changes anything
    if method == "post" and expect == DONE:
        assert snapshot() != before, f"{where}, but nothing changed"
    else:
        assert snapshot() == before, f"{where}, and something changed"


def test_an_editor_of_a_sibling_unit_cannot_edit_another_units_plan(client, world) -> None:
    # Given Forsyning's draft, which By & Miljø's editor does not even see
    client.force_login(world.users["by_miljoe"])
    url = reverse("web:plan-edit", args=[world.unit_plan.key])
    assert client.get(url).status_code == 404
    # And when it is published, they see it but may not edit it
    Plan.objects.filter(pk=world.unit_plan.pk).update(status=PlanStatus.PUBLISHED)
    assert client.get(url).status_code == 403
    before = snapshot()
    response = client.post(reverse("web:plan-start-revision", args=[world.unit_plan.key]))
    assert response.status_code == 403
    assert snapshot() == before


def test_an_htmx_request_of_an_anonymous_user_is_sent_to_the_login_page(client, world) -> None:
    response = client.get(reverse("web:goal-edit", args=[world.goal.key]), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(resolve_url(settings.LOGIN_URL))


# --- the editing page ----------------------------------------------------------------------------


def _edit_links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]*/rediger/[^"]*|[^"]*/dokumentation/\d+/)"', html))


def test_the_editing_page_offers_each_user_what_they_may_change(client, world) -> None:
    url = reverse("web:plan-edit", args=[world.plan.key])
    # The plan's editor: every item
    html = signed_in(client, world, "editor").get(url).content.decode()
    for goal in (world.goal, world.subgoal, world.forsyning_goal, world.by_miljoe_goal):
        assert reverse("web:goal-edit", args=[goal.key]) in html
    for section in world.plan.sections.all():
        assert reverse("web:section-edit", args=[world.plan.key, section.pk]) in html
    assert reverse("web:plan-details-edit", args=[world.plan.key]) in html
    assert reverse("web:section-create", args=[world.plan.key]) in html
    assert reverse("web:focus-area-create", args=[world.plan.key]) in html
    # Forsyning's editor: their goal and its documentation, and adding goals; nothing else
    client.logout()
    html = signed_in(client, world, "forsyning").get(url).content.decode()
    assert reverse("web:goal-edit", args=[world.forsyning_goal.key]) in html
    criterion = world.forsyning_goal.criteria.first()
    assert reverse("web:criterion-edit", args=[world.forsyning_goal.key, criterion.pk]) in html
    assert reverse("web:goal-create", args=[world.plan.key, world.shared_area.pk]) in html
    for goal in (world.goal, world.subgoal, world.by_miljoe_goal):
        assert reverse("web:goal-edit", args=[goal.key]) not in html
    assert reverse("web:plan-details-edit", args=[world.plan.key]) not in html
    assert reverse("web:section-create", args=[world.plan.key]) not in html
    # Everyone sees the whole plan's text
    for text in ("Indledning", "Vi vil bo godt.", "Vi vil plante træer.", "60 udlån"):
        assert text in html


def test_a_plan_that_is_not_a_draft_offers_a_new_revision_and_keeps_the_approved(
    client, world
) -> None:
    # Given the plan published
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.PUBLISHED)
    client.force_login(world.users["editor"])
    url = reverse("web:plan-edit", args=[world.plan.key])
    # Then its editing page has no edit controls, but the button for a new revision
    html = client.get(url).content.decode()
    assert 'class="vp-edit-actions"' not in html
    assert "vp-add-slot" not in html
    start = reverse("web:plan-start-revision", args=[world.plan.key])
    assert f'action="{start}"' in html
    # And its forms are closed
    assert client.get(reverse("web:goal-edit", args=[world.goal.key])).status_code == 403
    # When the editor starts a new revision
    before = snapshot()
    response = client.post(start)
    # Then they are on the new draft's editing page, and the published plan is as it was
    revision = Plan.objects.get(revision_of=world.plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:plan-edit", args=[revision.key])
    assert revision.status == PlanStatus.DRAFT
    assert Plan.objects.get(pk=world.plan.pk).status == PlanStatus.PUBLISHED
    assert set(before["Goal"]) <= set(snapshot()["Goal"])
    # And the published plan's editing page now leads to the revision instead
    html = client.get(url).content.decode()
    assert f'action="{start}"' not in html
    assert reverse("web:plan-edit", args=[revision.key]) in html
    # A second start is refused (a revision is open), says why, and changes nothing
    before = snapshot()
    response = client.post(start)
    assert response.status_code == 409
    assert 'class="alert alert-error"' in response.content.decode()
    assert snapshot() == before


def test_unit_editors_see_no_revision_button(client, world) -> None:
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.APPROVED)
    client.force_login(world.users["forsyning"])
    html = client.get(reverse("web:plan-edit", args=[world.plan.key])).content.decode()
    assert reverse("web:plan-start-revision", args=[world.plan.key]) not in html


def test_long_texts_are_markdown_and_sanitised(client, world) -> None:
    Section.objects.filter(plan=world.plan, position=0).update(
        body="**Vigtigt** <script>alert(1)</script> [link](javascript:alert(2))"
    )
    client.force_login(world.users["editor"])
    html = client.get(reverse("web:plan-edit", args=[world.plan.key])).content.decode()
    assert "<strong>Vigtigt</strong>" in html
    assert "<script>alert(1)" not in html
    assert 'href="javascript' not in html


def test_the_editing_page_issues_as_many_queries_for_a_plan_ten_times_larger(
    client, scaled_demo, django_assert_num_queries
) -> None:
    # Given the demo ten times over, the 2012–2013 plan a draft, and its editor
    plan = Plan.objects.get(key="mtf-2012-2013")
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    editor = User.objects.create_user(username="redaktoer", password="x")
    RoleGrant.objects.create(user=editor, unit=plan.unit, role=Role.EDITOR)
    client.force_login(editor)
    url = reverse("web:plan-edit", args=[plan.key])
    client.get(url)
    # Then the page costs a fixed number of queries (session, user, roles, the plan)
    with django_assert_num_queries(EDITING_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("/rediger/") > 190


def test_the_editing_page_issues_the_same_queries_on_the_demo(
    client, demo, django_assert_num_queries
) -> None:
    plan = Plan.objects.get(key="mtf-2012-2013")
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    editor = User.objects.create_user(username="redaktoer", password="x")
    RoleGrant.objects.create(user=editor, unit=plan.unit, role=Role.EDITOR)
    client.force_login(editor)
    url = reverse("web:plan-edit", args=[plan.key])
    with django_assert_num_queries(EDITING_PAGE_QUERIES):
        assert client.get(url).status_code == 200


# session, user, unit parents, role grants, plan, sections, focus areas, goals, criteria,
# follow-ups, the goals' statuses, their criteria, open revisions (none for a draft: no query),
# the header's count of unread notifications
EDITING_PAGE_QUERIES = 13


def test_the_front_page_offers_a_new_plan_where_the_user_may_write_one(client, world) -> None:
    create = reverse("web:plan-create")
    client.force_login(world.users["forsyning"])
    html = client.get(reverse("web:front")).content.decode()
    assert f"{create}?enhed=forsyning" in html
    assert f"{create}?enhed=afdeling" not in html
    client.force_login(world.users["reader"])
    assert create not in client.get(reverse("web:front")).content.decode()
    client.logout()
    assert create not in client.get(reverse("web:front")).content.decode()


@pytest.mark.parametrize(
    ("who", "status", "shown"),
    [
        ("editor", PlanStatus.DRAFT, True),
        ("forsyning", PlanStatus.DRAFT, True),
        ("editor", PlanStatus.PUBLISHED, True),
        ("forsyning", PlanStatus.PUBLISHED, False),
        ("reader", PlanStatus.DRAFT, False),
        ("anonymous", PlanStatus.PUBLISHED, False),
    ],
)
def test_the_edit_link_for_the_plan_page(world, who, status, shown) -> None:
    from django.contrib.auth.models import AnonymousUser

    Plan.objects.filter(pk=world.plan.pk).update(status=status)
    world.plan.refresh_from_db()
    request = RequestFactory().get("/")
    request.user = AnonymousUser() if who == "anonymous" else world.users[who]
    html = Template('{% include "web/edit/_edit_link.html" %}').render(
        Context({"request": request, "plan": world.plan})
    )
    assert (reverse("web:plan-edit", args=[world.plan.key]) in html) == shown


# --- a form in place, and without JavaScript -----------------------------------------------------


def test_a_goal_edited_without_javascript(client, world) -> None:
    client.force_login(world.users["editor"])
    url = reverse("web:goal-edit", args=[world.goal.key])
    # The Edit button is a link to a page with the form
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html and "<h1>" in html
    assert 'name="version" value="1"' in html
    assert "Vi vil bo godt." in html
    # Saving returns to the editing page at the goal
    response = client.post(
        url, {"statement": "Vi vil bo bedre.", "ref": "1", "responsible_unit": "", "version": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:plan-edit", args=[world.plan.key]) + (
        f"#goal-{world.goal.key}"
    )
    goal = Goal.objects.get(pk=world.goal.pk)
    assert (goal.statement, goal.version) == ("Vi vil bo bedre.", 2)
    # Cancel goes back too
    cancel = client.get(url + "?vis=1")
    assert cancel.status_code == 302 and cancel["Location"].endswith(f"#goal-{world.goal.key}")


def test_a_goal_edited_in_place_with_htmx(client, world) -> None:
    client.force_login(world.users["editor"])
    url = reverse("web:goal-edit", args=[world.goal.key])
    slot = f"goal-{world.goal.key}-head"
    # The form is a fragment with the id of the item it replaces, posting to itself in place
    form = client.get(url, headers=HTMX)
    html = form.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith(f'<div id="{slot}"')
    assert f'hx-post="{url}"' in html and f'hx-target="#{slot}"' in html
    assert "autofocus" in html
    assert "HX-Request" in form["Vary"]
    # Saving answers with the goal as it is now, in the same place, its Edit button focused
    response = client.post(
        url,
        {"statement": "Vi vil bo bedre.", "ref": "1", "responsible_unit": "", "version": "1"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div class="vp-edit-item vp-goal-head" id="{slot}"')
    assert "Vi vil bo bedre." in html
    assert re.search(r'<a [^>]*autofocus[^>]*>.*?</svg>[^<]*<span class="sr-only">', html, re.S)
    # Cancel gives the goal back without a change
    cancel = client.get(url + "?vis=1", headers=HTMX)
    assert cancel.content.decode().lstrip().startswith('<div class="vp-edit-item vp-goal-head"')


def test_plan_details_saved_in_place_update_the_page_heading_too(client, world) -> None:
    client.force_login(world.users["editor"])
    response = client.post(
        reverse("web:plan-details-edit", args=[world.plan.key]),
        {
            "title": "Virksomhedsplan 2026–2027",
            "kind": "department_plan",
            "start_year": "2026",
            "end_year": "2027",
            "focus_area_intro": "Ny indledning.",
            "follow_up_intro": "",
            "version": "1",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert '<span id="plan-title" hx-swap-oob="true"' in html
    plan = Plan.objects.get(pk=world.plan.pk)
    assert (plan.title, plan.end_year, plan.focus_area_intro) == (
        "Virksomhedsplan 2026–2027",
        2027,
        "Ny indledning.",
    )


def test_adding_moving_and_deleting_answer_with_the_changed_part(client, world) -> None:
    client.force_login(world.users["editor"])
    goals = f"area-{world.shared_area.pk}-goals"
    # Adding a goal: the form sits in the Add slot; the answer replaces the focus area's goals
    url = reverse("web:goal-create", args=[world.plan.key, world.shared_area.pk])
    form = client.get(url, headers=HTMX).content.decode()
    assert form.lstrip().startswith(f'<div id="{goals}-add"')
    response = client.post(url, {"statement": "Vi vil mere.", "ref": "4"}, headers=HTMX)
    assert response["HX-Retarget"] == f"#{goals}"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="vp-edit-goals" id="{goals}"')
    new = Goal.objects.get(statement="Vi vil mere.")
    assert new.position == 3 and f'id="goal-{new.key}"' in html
    # Moving it up: the same list, in the new order, the keyboard on its Move up button
    move = reverse("web:goal-move", args=[new.key])
    html = client.post(move, {"direction": "op"}, headers=HTMX).content.decode()
    order = re.findall(r'<article class="vp-goal vp-edit-goal" id="goal-([^"]+)"', html)
    order.remove(world.subgoal.key)
    assert order == [world.goal.key, world.forsyning_goal.key, new.key, world.by_miljoe_goal.key]
    assert re.search(r'value="op"[^>]*autofocus', html)
    # Deleting: the question in place, then the list without it
    delete = reverse("web:goal-delete", args=[new.key])
    question = client.get(delete, headers=HTMX).content.decode()
    assert question.lstrip().startswith(
        f'<div id="goal-{new.key}-head" class="vp-edit-item vp-confirm"'
    )
    assert f'hx-target="#{goals}"' in question
    html = client.post(delete, {"version": "1"}, headers=HTMX).content.decode()
    assert f'id="goal-{new.key}"' not in html and f'id="{goals}"' in html
    assert not Goal.objects.filter(pk=new.pk).exists()


def test_a_new_criterion_and_section_without_javascript(client, world) -> None:
    client.force_login(world.users["editor"])
    editor = reverse("web:plan-edit", args=[world.plan.key])
    response = client.post(
        reverse("web:criterion-create", args=[world.goal.key]),
        {
            "text": "Varmebesparelse",
            "comparison": "at_least",
            "value": "9.187",
            "unit_of_measure": "MWh",
        },
    )
    criterion = Criterion.objects.get(text="Varmebesparelse")
    assert response["Location"] == f"{editor}#criterion-{criterion.pk}"
    assert (criterion.value, criterion.position) == (Decimal("9187"), 2)
    response = client.post(
        reverse("web:section-create", args=[world.plan.key]),
        {"title": "Hvorfor er vi her?", "body": "Fordi.", "highlights": "63 ansatte\n\n 4 ledere "},
    )
    section = Section.objects.get(title="Hvorfor er vi her?")
    assert response["Location"] == f"{editor}#section-{section.pk}"
    assert section.highlights == ["63 ansatte", "4 ledere"]


def test_moving_and_deleting_without_javascript(client, world) -> None:
    client.force_login(world.users["editor"])
    editor = reverse("web:plan-edit", args=[world.plan.key])
    second = world.plan.sections.last()
    response = client.post(
        reverse("web:section-move", args=[world.plan.key, second.pk]), {"direction": "op"}
    )
    assert response["Location"] == f"{editor}#section-{second.pk}"
    assert world.plan.sections.first() == second
    # Delete asks on a page of its own first
    url = reverse("web:focus-area-delete", args=[world.plan.key, world.shared_area.pk])
    question = client.get(url)
    html = question.content.decode()
    assert question.status_code == 200 and "<h1>" in html
    assert "Bo i Albertslund" in html and 'name="version" value="1"' in html
    assert re.search(r"\b4\b", page_text(html))  # its four goals go with it
    response = client.post(url, {"version": "1"})
    assert response["Location"] == f"{editor}#focus-areas"
    assert not PlanFocusArea.objects.filter(pk=world.shared_area.pk).exists()


def test_a_delete_of_something_changed_meanwhile_is_refused(client, world) -> None:
    client.force_login(world.users["editor"])
    url = reverse("web:criterion-delete", args=[world.goal.key, world.criterion.pk])
    services.criterion_update(
        user=world.users["approver"], criterion=world.criterion, expected_version=1, text="Nyt"
    )
    before = snapshot()
    response = client.post(url, {"version": "1"})
    assert response.status_code == 409
    assert "Nyt" in response.content.decode()
    assert 'name="version" value="2"' in response.content.decode()
    assert snapshot() == before
    # In place with htmx: the question again, where the item was
    response = client.post(url, {"version": "1"}, headers=HTMX)
    assert response["HX-Retarget"] == f"#criterion-{world.criterion.pk}"
    assert snapshot() == before


def test_a_form_posted_to_a_plan_locked_meanwhile_keeps_the_text(client, world) -> None:
    client.force_login(world.users["editor"])
    url = reverse("web:goal-edit", args=[world.goal.key])
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.SUBMITTED)
    before = snapshot()
    response = client.post(url, {"statement": "Min tekst, ikke tabt.", "ref": "1", "version": "1"})
    assert response.status_code == 403
    assert "Min tekst, ikke tabt." in response.content.decode()
    assert snapshot() == before


# --- validation: messages beside the fields, nothing half-saved ---------------------------------


def test_an_empty_goal_is_refused_beside_the_field(client, world) -> None:
    client.force_login(world.users["editor"])
    url = reverse("web:goal-edit", args=[world.goal.key])
    before = snapshot()
    for headers in ({}, HTMX):
        response = client.post(
            url, {"statement": "  ", "ref": "1", "version": "1"}, headers=headers
        )
        html = response.content.decode()
        assert response.status_code == 200
        slot = f"goal-{world.goal.key}-head"
        assert danish("This field is required.") in field_error(html, f"{slot}-statement")
    assert snapshot() == before


def _criterion_post(client, world, **fields):
    data = {"text": "60 udlån", "version": "1", **fields}
    return client.post(
        reverse("web:criterion-edit", args=[world.goal.key, world.criterion.pk]), data
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("9.187", Decimal("9187")),
        ("3,79", Decimal("3.79")),
        ("9.187,5", Decimal("9187.5")),
        ("1 000 000", Decimal("1000000")),
        ("3.79", Decimal("3.79")),
        ("-2,5", Decimal("-2.5")),
    ],
)
def test_numbers_are_typed_the_danish_way(client, world, typed, stored) -> None:
    client.force_login(world.users["editor"])
    response = _criterion_post(client, world, comparison="exact", value=typed)
    assert response.status_code == 302
    assert Criterion.objects.get(pk=world.criterion.pk).value == stored


def test_a_stored_number_is_shown_the_danish_way_in_the_form(client, world) -> None:
    Criterion.objects.filter(pk=world.criterion.pk).update(value=Decimal("3.7900"))
    client.force_login(world.users["editor"])
    html = client.get(
        reverse("web:criterion-edit", args=[world.goal.key, world.criterion.pk])
    ).content.decode()
    assert 'value="3,79"' in html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"comparison": "at_least", "value": "tres"}, "value", fields.MSG_NOT_A_NUMBER),
        ({"comparison": "at_least", "value": "1.2.3,4,5"}, "value", fields.MSG_NOT_A_NUMBER),
        ({"comparison": "at_least"}, "value", rules.MSG_VALUE_NEEDED),
        ({"value": "60"}, "comparison", rules.MSG_COMPARISON_NEEDED),
        ({"comparison": "range", "value": "10"}, "value_max", rules.MSG_UPPER_NEEDED),
        (
            {"comparison": "range", "value": "10", "value_max": "5"},
            "value_max",
            rules.MSG_UPPER_TOO_SMALL,
        ),
        (
            {"comparison": "at_most", "value": "10", "value_max": "12"},
            "value_max",
            rules.MSG_UPPER_ONLY_FOR_RANGE,
        ),
        ({"baseline_year": "2013"}, "baseline_value", rules.MSG_BASELINE_VALUE_NEEDED),
        (
            {"target_year": "2014", "target_date": "2014-12-31"},
            "target_date",
            rules.MSG_YEAR_OR_DATE,
        ),
        ({"target_year": "1850"}, "target_year", None),
        ({"target_year": "tyve"}, "target_year", None),
        ({"target_date": "31.12"}, "target_date", None),
        (
            {"comparison": "exact", "value": "1234567890123456,5"},
            "value",
            None,
        ),
    ],
)
def test_a_target_that_does_not_add_up_is_refused_beside_its_field(
    client, world, fields, field, message
) -> None:
    client.force_login(world.users["editor"])
    before = snapshot()
    response = _criterion_post(client, world, text="Ændret tekst", **fields)
    html = response.content.decode()
    assert response.status_code == 200
    error = field_error(html, f"criterion-{world.criterion.pk}-{field}")
    if message is not None:
        assert error.endswith(str(message))
    # The text typed is still in the form, and nothing is saved, not even the text
    assert "Ændret tekst" in html
    assert snapshot() == before


def test_a_new_plan_with_a_wrong_period_is_refused_beside_the_field(client, world) -> None:
    client.force_login(world.users["editor"])
    before = snapshot()
    response = client.post(
        reverse("web:plan-create"),
        {
            "unit": world.department.pk,
            "title": "Plan",
            "kind": "",
            "start_year": "2027",
            "end_year": "2026",
        },
    )
    assert response.status_code == 200
    assert field_error(response.content.decode(), "id_end_year").endswith(
        str(rules.MSG_PERIOD_ORDER)
    )
    assert snapshot() == before


def test_a_new_plan_for_a_unit_chosen_on_the_front_page(client, world) -> None:
    client.force_login(world.users["editor"])
    html = client.get(reverse("web:plan-create") + "?enhed=forsyning").content.decode()
    assert re.search(rf'<option value="{world.forsyning.pk}" selected>', html)
    # The units offered: those the user writes plans for, and no others
    offered = set(map(int, re.findall(r'<option value="(\d+)"', html)))
    assert offered == {world.department.pk, world.forsyning.pk, world.by_miljoe.pk}
    response = client.post(
        reverse("web:plan-create"),
        {
            "unit": world.forsyning.pk,
            "title": "Årsplan 2027",
            "kind": "unit_plan",
            "start_year": "2027",
            "end_year": "2027",
        },
    )
    plan = Plan.objects.get(title="Årsplan 2027")
    assert response["Location"] == reverse("web:plan-edit", args=[plan.key])
    assert (plan.unit, plan.status, plan.kind) == (world.forsyning, PlanStatus.DRAFT, "unit_plan")


def test_a_unit_editor_adds_goals_only_for_their_unit(client, world) -> None:
    client.force_login(world.users["forsyning"])
    url = reverse("web:goal-create", args=[world.plan.key, world.shared_area.pk])
    html = client.get(url).content.decode()
    offered = set(map(int, re.findall(r'<option value="(\d+)"', html)))
    assert offered == {world.forsyning.pk}
    response = client.post(url, {"statement": "Vi vil.", "responsible_unit": ""})
    assert response.status_code == 200
    assert field_error(
        response.content.decode(), f"area-{world.shared_area.pk}-goals-add-responsible_unit"
    )


def test_a_focus_area_is_chosen_or_written_not_both(client, world) -> None:
    shared = FocusArea.objects.create(title="Digitale kompetencer", start_year=2026, end_year=2026)
    client.force_login(world.users["editor"])
    url = reverse("web:focus-area-create", args=[world.plan.key])
    before = snapshot()
    response = client.post(url, {"existing": shared.pk, "title": "Også en ny"})
    assert field_error(response.content.decode(), "focus-areas-add-title").endswith(
        str(forms.MSG_FOCUS_AREA_BOTH)
    )
    response = client.post(url, {"unit_text": "Kun tekst"})
    assert field_error(response.content.decode(), "focus-areas-add-title").endswith(
        str(forms.MSG_FOCUS_AREA_CHOICE)
    )
    assert snapshot() == before
    client.post(url, {"existing": shared.pk, "unit_text": "For os ..."})
    assert world.plan.plan_focus_areas.filter(focus_area=shared, unit_text="For os ...").exists()


def test_only_focus_areas_of_the_unit_above_it_and_visible_plans_are_offered(client, world) -> None:
    # Given another department's draft with a confidential focus area of its own, and a focus
    # area the municipality set in a plan the editor may read
    other = UnitFactory(key="anden", parent=world.municipality, kind=UnitKind.DEPARTMENT)
    secret = FocusAreaFactory(
        title="Fortroligt", body="Ikke for andre.", set_by=other, start_year=2026, end_year=2026
    )
    PlanFocusAreaFactory(plan=PlanFactory(unit=other, status=PlanStatus.DRAFT), focus_area=secret)
    common = FocusAreaFactory(
        title="Fælles", set_by=world.municipality, start_year=2026, end_year=2026
    )
    PlanFocusAreaFactory(
        plan=PlanFactory(unit=world.department, status=PlanStatus.PUBLISHED), focus_area=common
    )
    client.force_login(world.users["editor"])
    url = reverse("web:focus-area-create", args=[world.plan.key])
    # When the editor opens the form to add a focus area
    html = client.get(url).content.decode()
    # Then the municipality's focus area is offered, the other department's is not
    assert "Fælles" in html
    assert "Fortroligt" not in html and "Ikke for andre." not in html
    # And posting it anyway attaches nothing
    before = snapshot()
    response = client.post(url, {"existing": secret.pk, "unit_text": "Vores tekst"})
    assert field_error(response.content.decode(), "focus-areas-add-existing")
    assert snapshot() == before
    # And the service refuses it too
    with pytest.raises(NotAllowed):
        services.plan_focus_area_add(
            user=world.users["editor"], plan=world.plan, title="", focus_area=secret
        )
    assert snapshot() == before


def test_only_the_plans_own_focus_area_offers_its_title(client, world) -> None:
    client.force_login(world.users["editor"])
    own = client.get(reverse("web:focus-area-edit", args=[world.plan.key, world.own_area.pk]))
    shared = client.get(reverse("web:focus-area-edit", args=[world.plan.key, world.shared_area.pk]))
    assert 'name="title"' in own.content.decode()
    assert 'name="title"' not in shared.content.decode()
    assert 'name="unit_text"' in shared.content.decode()


# --- concurrent edits: a conflict shows both texts, and nothing is lost ---------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["without JavaScript", "htmx"])
def test_editing_a_goal_someone_changed_shows_both_texts(client, world, headers) -> None:
    from django.test import Client

    url = reverse("web:goal-edit", args=[world.goal.key])
    anne, bo = client, Client()
    anne.force_login(world.users["editor"])
    bo.force_login(world.users["approver"])
    # Given both opened the goal at version 1
    for person in (anne, bo):
        assert 'name="version" value="1"' in person.get(url, headers=headers).content.decode()
    # When Anne saves, then Bo saves
    anne.post(url, {"statement": "Annes tekst.", "ref": "1", "version": "1"}, headers=headers)
    response = bo.post(
        url, {"statement": "Bos tekst.", "ref": "1", "version": "1"}, headers=headers
    )
    html = response.content.decode()
    # Then Bo sees the conflict with both texts, his in the form, ready to save again
    assert response.status_code == (200 if headers else 409)
    conflict = re.search(r'<div class="alert alert-warning vp-conflict".*?</table>', html, re.S)
    assert conflict is not None
    rows = page_text(conflict.group(0))
    assert "Annes tekst." in rows and "Bos tekst." in rows
    textarea = re.search(r"<textarea[^>]*name=\"statement\"[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea is not None and textarea.group(1).strip() == "Bos tekst."
    assert 'name="version" value="2"' in html
    # And nothing of Anne's is lost
    assert Goal.objects.get(pk=world.goal.pk).statement == "Annes tekst."
    # When Bo saves again, knowingly
    again = bo.post(url, {"statement": "Bos tekst.", "ref": "1", "version": "2"}, headers=headers)
    assert again.status_code == (200 if headers else 302)
    assert Goal.objects.get(pk=world.goal.pk).statement == "Bos tekst."


def test_a_criterion_conflict_shows_the_targets_in_danish(client, world) -> None:
    client.force_login(world.users["editor"])
    services.criterion_update(
        user=world.users["approver"],
        criterion=world.criterion,
        expected_version=1,
        text="60 udlån",
        comparison="at_least",
        value=Decimal("62.5"),
    )
    response = _criterion_post(client, world, comparison="at_least", value="70")
    html = response.content.decode()
    assert response.status_code == 409
    conflict = page_text(
        re.search(r"<table class=\"table vp-conflict-table\">.*?</table>", html, re.S).group(0)
    )
    assert "62,5" in conflict and "70" in conflict
    assert Criterion.objects.get(pk=world.criterion.pk).value == Decimal("62.5")


def test_a_section_edited_meanwhile_keeps_both_texts(client, world) -> None:
    section = world.plan.sections.first()
    client.force_login(world.users["editor"])
    url = reverse("web:section-edit", args=[world.plan.key, section.pk])
    services.section_update(
        user=world.users["approver"],
        section=section,
        expected_version=1,
        title="Indledning",
        body="Deres.",
    )
    response = client.post(
        url, {"title": "Indledning", "body": "Mine.", "version": "1"}, headers=HTMX
    )
    html = response.content.decode()
    assert "Deres." in html and "Mine." in html
    assert Section.objects.get(pk=section.pk).body == "Deres."


# --- the decimal parser -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        ("da", "9.187", "9187"),
        ("da", "9.187.000,25", "9187000.25"),
        ("da", "0,5", "0.5"),
        ("da", "12", "12"),
        ("en", "9,187.5", "9187.5"),
        ("en", "3.79", "3.79"),
        ("en", "3,79", "3.79"),
    ],
)
def test_parse_decimal(language, typed, value) -> None:
    with translation.override(language):
        assert fields.parse_decimal(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "9.18.7", "1e5", "--1", ",5,"])
def test_parse_decimal_refuses_what_is_not_a_number(typed) -> None:
    with translation.override("da"), pytest.raises(ValueError):
        fields.parse_decimal(typed)


# Every value a criterion can hold: 18 digits, 4 of them decimals.
_STORED = st.decimals(
    min_value=Decimal("-99999999999999.9999"),
    max_value=Decimal("99999999999999.9999"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


@given(value=_STORED, language=st.sampled_from(["da", "en"]), grouping=st.booleans())
def test_a_shown_number_is_read_back_as_the_same_number(value, language, grouping) -> None:
    # Given a stored number as a page shows it (grouped) or a form shows it for editing
    with translation.override(language):
        shown = number(value, grouping=grouping)
        # When the reader types it back, then it is the same number
        assert fields.parse_decimal(shown) == value
