"""Every page and action of the staff site × every kind of user, as one table.

Each row is a page or an action (read pages, editing, the plan cycle,
history, downloads) with what each kind of user gets:

- OK (200) or DONE (a redirect after the change was made): allowed, and for
  a POST something changed;
- LOGIN: an anonymous visitor is sent to the login page;
- NO (403) or GONE (404, for a plan the user may not even see): refused.

Whatever is refused changes nothing: every table's row count, and the row
the action touches, are the same after as before. The organisation is the
demo's shape: Albertslund Kommune > By, Miljø og Beskæftigelse > Miljø &
Teknik with the units Forsyning and By & Miljø under it. A draft plan of
Miljø & Teknik has a goal Forsyning is responsible for; a published plan
of Miljø & Teknik has a goal of Forsyning's with a follow-up.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms.models import model_to_dict
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse

from virkplan.comments import services as comment_services
from virkplan.comments.models import Comment
from virkplan.interchange.legacy.blocks import Block, blocks_to_data
from virkplan.interchange.models import ImportDraft, ImportUpload, UploadState
from virkplan.notifications.models import Notification, NotificationKind
from virkplan.organisation.models import Role, RoleGrant, Unit, UnitKind
from virkplan.plans import services
from virkplan.plans.models import (
    Criterion,
    FocusArea,
    FollowUp,
    FollowUpStatus,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
    Section,
)

# The kinds of user, the matrix's columns.
WHO = (
    "anonymous",
    "no role",
    "reader",
    "unit editor",
    "sibling editor",
    "plan editor",
    "approver",
    "administrator",
)
GRANTS = {
    # who: (role, unit key): roles hold on the unit and every unit under it
    "reader": (Role.READER, "albertslund"),
    "unit editor": (Role.EDITOR, "forsyning"),
    "sibling editor": (Role.EDITOR, "by-miljoe"),
    "plan editor": (Role.EDITOR, "miljo-teknik"),
    "approver": (Role.APPROVER, "miljo-teknik"),
    "administrator": (Role.ADMINISTRATOR, "albertslund"),
}

# FORM: the form is shown again (200 or 400) because the user may not choose what they chose,
# and nothing changes.
OK, DONE, LOGIN, NO, GONE, FORM = "ok", "done", "login", "no", "gone", "form"
ALLOWED = {OK, DONE}


@dataclass
class World:
    """The rows the matrix acts on, the same for every test (tests/conftest.py, matrix_world)."""

    users: dict[str, User | None]
    sessions: dict[str, str]  # who: the key of a session they are signed in with
    units: dict[str, Unit]
    draft: Plan
    section: Section
    area: PlanFocusArea
    goal: Goal
    criterion: Criterion
    published: Plan
    published_goal: Goal
    follow_up: FollowUp
    extra: dict[str, Any] = field(default_factory=dict)

    def first_version(self, row: Any) -> Any:
        """The row's first historical record."""
        return type(row).history.filter(id=row.pk).order_by("history_id").first()


def _unit(key: str, kind: str, parent: Unit | None, position: int = 0) -> Unit:
    return Unit.objects.create(
        key=key, name=key.replace("-", " ").title(), kind=kind, parent=parent, position=position
    )


def build_world() -> World:
    top = _unit("albertslund", UnitKind.MUNICIPALITY, None)
    directorate = _unit("by-miljoe-og-beskaeftigelse", UnitKind.DIRECTORATE, top)
    department = _unit("miljo-teknik", UnitKind.DEPARTMENT, directorate)
    units = {
        unit.key: unit
        for unit in (
            top,
            directorate,
            department,
            _unit("forsyning", UnitKind.UNIT, department, 1),
            _unit("by-miljoe", UnitKind.UNIT, department, 2),
        )
    }
    users: dict[str, User | None] = {"anonymous": None}
    for who in WHO[1:]:
        users[who] = User.objects.create_user(username=who.replace(" ", "-"), password="x")
        if who in GRANTS:
            role, key = GRANTS[who]
            RoleGrant.objects.create(user=users[who], unit=units[key], role=role)
    admin = User.objects.create_user(username="setup", password="x", is_superuser=True)
    forsyning = units["forsyning"]

    # A published plan, followed up, whose goal is Forsyning's.
    published = services.plan_create(
        user=admin, unit=department, title="Virksomhedsplan 2025", start_year=2025, end_year=2025
    )
    shared = FocusArea.objects.create(title="Bo i Albertslund", start_year=2025, end_year=2026)
    published_area = services.plan_focus_area_add(
        user=admin, plan=published, title="", focus_area=shared, unit_text="For os betyder det."
    )
    published_goal = services.goal_create(
        user=admin, area=published_area, statement="Vi vil spare.", responsible_unit=forsyning
    )
    services.criterion_create(user=admin, goal=published_goal, text="Forbruget falder 5 %.")
    # Four eyes: the approver approves what the set-up user submitted.
    services.plan_transition(user=admin, plan=published, to_status=PlanStatus.SUBMITTED)
    for status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        services.plan_transition(user=users["approver"], plan=published, to_status=status)
    follow_up = services.follow_up_create(
        user=admin, goal=published_goal, status=FollowUpStatus.IN_PROGRESS, text="I gang."
    )
    follow_up = services.follow_up_update(
        user=admin,
        follow_up=follow_up,
        expected_version=follow_up.version,
        status=FollowUpStatus.MET,
        text="Forbruget faldt 6 %.",
    )
    # The goal's status, set and changed in a finished round.
    status_round = services.follow_up_round_start(user=admin, plan=published)
    assessment = services.goal_assess(
        user=admin, goal=published_goal, round=status_round, status=FollowUpStatus.IN_PROGRESS
    )
    assessment = services.goal_assess(
        user=admin,
        goal=published_goal,
        round=status_round,
        status=FollowUpStatus.MET,
        expected_version=assessment.version,
    )
    services.follow_up_round_finish(user=admin, round=status_round)

    # A draft plan with a section, a focus area and a goal of Forsyning's, each changed once.
    draft = services.plan_create(
        user=admin, unit=department, title="Virksomhedsplan 2026", start_year=2026, end_year=2026
    )
    section = services.section_create(user=admin, plan=draft, title="Indledning", body="Første.")
    section = services.section_update(
        user=admin, section=section, expected_version=1, title="Indledning", body="Anden."
    )
    area = services.plan_focus_area_add(
        user=admin, plan=draft, title="", focus_area=shared, unit_text="Vores del."
    )
    goal = services.goal_create(
        user=admin, area=area, statement="Vi vil plante træer.", responsible_unit=forsyning
    )
    goal = services.goal_update(
        user=admin,
        goal=goal,
        expected_version=1,
        statement="Vi vil plante mange træer.",
        responsible_unit=forsyning,
    )
    criterion = services.criterion_create(user=admin, goal=goal, text="100 træer er plantet.")
    # Second rows of each kind, so that moving a row changes something.
    services.section_create(user=admin, plan=draft, title="Hvem er vi?", body="Os.")
    services.plan_focus_area_add(user=admin, plan=draft, title="Klima", unit_text="Vores.")
    services.goal_create(user=admin, area=area, statement="Vi vil rense søer.")
    services.criterion_create(user=admin, goal=goal, text="Borgerne er hørt.")
    # A plan waiting for approval.
    submitted = services.plan_create(
        user=admin, unit=department, title="Virksomhedsplan 2027", start_year=2027, end_year=2027
    )
    services.plan_transition(user=admin, plan=submitted, to_status=PlanStatus.SUBMITTED)
    # A plan the approver submitted: under four eyes someone else must approve it.
    own = services.plan_create(
        user=admin, unit=department, title="Virksomhedsplan 2028", start_year=2028, end_year=2028
    )
    services.plan_transition(user=users["approver"], plan=own, to_status=PlanStatus.SUBMITTED)
    published.refresh_from_db()
    draft.refresh_from_db()
    goal.refresh_from_db()
    # Each kind of user signed in once, a session every cell reuses (a sign-in for every cell
    # cost a seventh of the matrix's time).
    sessions = {}
    for who, user in users.items():
        if user is not None:
            signed_in = Client()
            signed_in.force_login(user)
            sessions[who] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    return World(
        users=users,
        sessions=sessions,
        units=units,
        draft=draft,
        section=section,
        area=area,
        goal=goal,
        criterion=criterion,
        published=published,
        published_goal=published_goal,
        follow_up=follow_up,
        extra={"submitted": submitted, "own": own, "admin": admin, "assessment": assessment},
    )


@dataclass(frozen=True)
class Row:
    """One page or action, and what each kind of user gets (in the order of WHO)."""

    name: str
    method: str
    url: Callable[[World], str]
    expect: tuple[str, ...]
    data: Callable[[World], dict[str, Any]] = lambda world: {}
    # The row the action changes: it must be unchanged when the action is refused.
    touched: Callable[[World], Any] | None = None
    # The row the action changes for the user who acts (their own notification, say).
    touched_for: Callable[[World, User | None], Any] | None = None
    # What must be so before the request (such as an open follow-up round).
    setup: Callable[[World], Any] | None = None

    def __post_init__(self) -> None:
        assert len(self.expect) == len(WHO), self.name


def _restore(record: Any) -> str:
    from virkplan.plans.history import kind_of

    return reverse("web:history-restore", args=[kind_of(record).slug, record.history_id])


GET, POST = "get", "post"
#          anonymous, no role, reader, unit editor, sibling editor, plan editor, approver, admin
EVERYONE = (OK, OK, OK, OK, OK, OK, OK, OK)
WITH_A_ROLE = (GONE, GONE, OK, OK, OK, OK, OK, OK)
HISTORY = (LOGIN, GONE, OK, OK, OK, OK, OK, OK)
HISTORY_OF_PUBLIC = (LOGIN, NO, OK, OK, OK, OK, OK, OK)
GOAL_EDITORS = (LOGIN, GONE, NO, DONE, NO, DONE, DONE, DONE)
PLAN_EDITORS = (LOGIN, GONE, NO, NO, NO, DONE, DONE, DONE)

READ_ROWS = [
    Row("front page", GET, lambda w: reverse("web:front"), EVERYONE),
    # What each sees there (only what is published) is tested in tests/web/test_citizens.py.
    Row("citizens' start page", GET, lambda w: reverse("web:citizens"), EVERYONE),
    Row(
        "citizens' start page, filtered",
        GET,
        lambda w: reverse("web:citizens") + f"?afdeling={w.published.unit.key}",
        EVERYONE,
    ),
    Row("unit page", GET, lambda w: reverse("web:unit", args=[w.draft.unit.key]), EVERYONE),
    Row("published plan", GET, lambda w: reverse("web:plan", args=[w.published.key]), EVERYONE),
    Row(
        "published plan's status",
        GET,
        lambda w: reverse("web:plan-status", args=[w.published.key]),
        EVERYONE,
    ),
    Row(
        "published goal", GET, lambda w: reverse("web:goal", args=[w.published_goal.key]), EVERYONE
    ),
    Row("draft plan", GET, lambda w: reverse("web:plan", args=[w.draft.key]), WITH_A_ROLE),
    Row(
        "draft plan's status",
        GET,
        lambda w: reverse("web:plan-status", args=[w.draft.key]),
        WITH_A_ROLE,
    ),
    Row("draft goal", GET, lambda w: reverse("web:goal", args=[w.goal.key]), WITH_A_ROLE),
    # The red thread: what each sees of it is tested in tests/web/test_focus_area_thread.py.
    Row("focus areas", GET, lambda w: reverse("web:focus-areas"), EVERYONE),
    Row(
        "focus area in a published plan",
        GET,
        lambda w: reverse("web:focus-area", args=[w.area.focus_area.key]),
        EVERYONE,
    ),
    Row(
        "focus area only a draft includes",
        GET,
        lambda w: reverse(
            "web:focus-area", args=[FocusArea.objects.get(title="Klima", start_year=2026).key]
        ),
        WITH_A_ROLE,
    ),
    # The accessibility statement is for everyone, signed in or not (tests/web/test_identity.py).
    Row("accessibility statement", GET, lambda w: reverse("web:accessibility"), EVERYONE),
    # The municipality's logo is everyone's once set (tests/web/test_identity.py); here none is.
    Row("municipality's logo, none set", GET, lambda w: reverse("web:authority-logo"), (GONE,) * 8),
    # Everyone may search; what each finds is tested in tests/plans/test_search.py.
    Row("search", GET, lambda w: reverse("web:search") + "?q=tr%C3%A6er", EVERYONE),
    # Everyone may see the overview; which plans each sees is tested in tests/web/test_overview.py.
    Row("overview", GET, lambda w: reverse("web:overview") + "?enhed=miljo-teknik", EVERYONE),
    Row("overview as Excel", GET, lambda w: reverse("web:overview-xlsx"), EVERYONE),
    Row("overview as CSV", GET, lambda w: reverse("web:overview-csv") + "?aar=2025", EVERYONE),
    # The goals behind the overview's counts: those of the plans each may see (a plan one may
    # not see is refused as a bad filter, 400); tested in tests/web/test_overview_goals.py.
    Row(
        "overview's goals of a published plan",
        GET,
        lambda w: reverse("web:overview-goals") + f"?plan={w.published.key}&status=met",
        EVERYONE,
    ),
    # The yearly cycle says when, not what: for everyone (tests/cycle/test_wheel.py).
    Row("yearly cycle", GET, lambda w: reverse("web:cycle") + "?enhed=forsyning", EVERYONE),
    Row(
        "yearly cycle as a calendar",
        GET,
        lambda w: reverse("web:cycle-calendar", args=["forsyning"]),
        EVERYONE,
    ),
    Row(
        "yearly cycle as a timeline",
        GET,
        lambda w: reverse("web:cycle-timeline") + "?enhed=forsyning",
        EVERYONE,
    ),
    # A user's deadlines at their secret address: the address is the key, whoever asks
    # (a calendar program signs in as nobody); a wrong one is not found
    # (tests/cycle/test_calendar.py).
    Row(
        "the approver's deadlines at their calendar address",
        GET,
        lambda w: _calendar_address(w.users["approver"]),
        EVERYONE,
    ),
    Row(
        "deadlines at a wrong calendar address",
        GET,
        lambda w: reverse("web:my-calendar", args=["x" * 43]),
        (GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    ),
    # Open data holds the published plans only, for everyone (tests/web/test_open_data.py).
    Row("open data", GET, lambda w: reverse("web:open-data"), EVERYONE),
    Row(
        "open data of the draft's unit",
        GET,
        lambda w: reverse("web:open-data-file", args=[w.draft.unit.key, "alt.json"]),
        EVERYONE,
    ),
    Row(
        "overview's goals of a draft",
        GET,
        lambda w: reverse("web:overview-goals") + f"?plan={w.draft.key}",
        (FORM, FORM, OK, OK, OK, OK, OK, OK),
    ),
]

HISTORY_ROWS = [
    Row(
        "draft plan's history",
        GET,
        lambda w: reverse("web:plan-history", args=[w.draft.key]),
        HISTORY,
    ),
    Row(
        "published plan's history",
        GET,
        lambda w: reverse("web:plan-history", args=[w.published.key]),
        HISTORY_OF_PUBLIC,
    ),
    Row(
        "draft goal's history",
        GET,
        lambda w: reverse("web:goal-history", args=[w.goal.key]),
        HISTORY,
    ),
    Row(
        "published goal's history",
        GET,
        lambda w: reverse("web:goal-history", args=[w.published_goal.key]),
        HISTORY_OF_PUBLIC,
    ),
    Row(
        "restore a goal: confirmation",
        GET,
        lambda w: _restore(w.first_version(w.goal)),
        (LOGIN, GONE, NO, OK, NO, OK, OK, OK),
    ),
    Row(
        "restore a goal",
        POST,
        lambda w: _restore(w.first_version(w.goal)),
        GOAL_EDITORS,
        data=lambda w: {"version": w.goal.version},
        touched=lambda w: w.goal,
    ),
    Row(
        "restore a criterion",
        POST,
        lambda w: _restore(w.first_version(w.criterion)),
        (LOGIN, GONE, NO, DONE, NO, DONE, DONE, DONE),
        data=lambda w: {"version": w.criterion.version},
        touched=lambda w: w.criterion,
    ),
    Row(
        "restore a section",
        POST,
        lambda w: _restore(w.first_version(w.section)),
        PLAN_EDITORS,
        data=lambda w: {"version": w.section.version},
        touched=lambda w: w.section,
    ),
    Row(
        "restore a focus area's text",
        POST,
        lambda w: _restore(w.first_version(w.area)),
        PLAN_EDITORS,
        data=lambda w: {"version": w.area.version},
        touched=lambda w: w.area,
    ),
    Row(
        "restore the plan's title",
        POST,
        lambda w: _restore(w.first_version(w.draft)),
        PLAN_EDITORS,
        data=lambda w: {"version": w.draft.version},
        touched=lambda w: w.draft,
    ),
    Row(
        "restore a follow-up of a published plan",
        POST,
        lambda w: _restore(w.first_version(w.follow_up)),
        (LOGIN, NO, NO, DONE, NO, DONE, DONE, DONE),
        data=lambda w: {"version": w.follow_up.version},
        touched=lambda w: w.follow_up,
    ),
    Row(
        "restore a goal's status of a published plan",
        POST,
        lambda w: _restore(w.first_version(w.extra["assessment"])),
        (LOGIN, NO, NO, DONE, NO, DONE, DONE, DONE),
        data=lambda w: {"version": w.extra["assessment"].version},
        touched=lambda w: w.extra["assessment"],
    ),
    Row(
        "restore a goal of a published plan (locked)",
        POST,
        lambda w: _restore(w.first_version(w.published_goal)),
        (LOGIN, NO, NO, NO, NO, NO, NO, NO),
        data=lambda w: {"version": w.published_goal.version},
        touched=lambda w: w.published_goal,
    ),
]


def _section_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.draft.key, w.section.pk])


def _area_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.draft.key, w.area.pk])


def _goal_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.goal.key])


def _criterion_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.goal.key, w.criterion.pk])


def _goal_data(w: World) -> dict[str, Any]:
    return {
        "statement": "Vi vil plante endnu flere træer.",
        "ref": "1",
        "responsible_unit": w.units["forsyning"].pk,
    }


#              anonymous, no role, reader, unit editor, sibling editor, plan editor, approver, admin
OPEN_EDITOR = (LOGIN, GONE, NO, OK, OK, OK, OK, OK)
PLAN_EDITOR_PAGE = (LOGIN, GONE, NO, NO, NO, OK, OK, OK)
GOAL_EDITOR_PAGE = (LOGIN, GONE, NO, OK, NO, OK, OK, OK)
ADD_GOALS = (LOGIN, GONE, NO, DONE, FORM, DONE, DONE, DONE)
DELETE_PAGE = PLAN_EDITOR_PAGE

EDITING_ROWS = [
    Row("editing page", GET, lambda w: reverse("web:plan-edit", args=[w.draft.key]), OPEN_EDITOR),
    Row(
        "editing page of a published plan",
        GET,
        lambda w: reverse("web:plan-edit", args=[w.published.key]),
        (LOGIN, NO, NO, OK, OK, OK, OK, OK),
    ),
    Row(
        "new plan: form",
        GET,
        lambda w: reverse("web:plan-create"),
        (LOGIN, NO, NO, OK, OK, OK, OK, OK),
    ),
    Row(
        "new plan for Forsyning",
        POST,
        lambda w: reverse("web:plan-create"),
        (LOGIN, NO, NO, DONE, FORM, DONE, DONE, DONE),
        data=lambda w: {
            "unit": w.units["forsyning"].pk,
            "title": "Årsplan 2026",
            "start_year": 2026,
            "end_year": 2026,
            "kind": "unit_plan",
        },
    ),
    Row(
        "start a new revision of a published plan",
        POST,
        lambda w: reverse("web:plan-start-revision", args=[w.published.key]),
        (LOGIN, NO, NO, NO, NO, DONE, DONE, DONE),
    ),
    Row(
        "plan details: form",
        GET,
        lambda w: reverse("web:plan-details-edit", args=[w.draft.key]),
        PLAN_EDITOR_PAGE,
    ),
    Row(
        "plan details",
        POST,
        lambda w: reverse("web:plan-details-edit", args=[w.draft.key]),
        PLAN_EDITORS,
        data=lambda w: {
            "version": w.draft.version,
            "title": "Ny titel",
            "kind": w.draft.kind,
            "start_year": 2026,
            "end_year": 2026,
            "focus_area_intro": "",
            "follow_up_intro": "",
        },
        touched=lambda w: w.draft,
    ),
    Row(
        "new section: form",
        GET,
        lambda w: reverse("web:section-create", args=[w.draft.key]),
        PLAN_EDITOR_PAGE,
    ),
    Row(
        "new section",
        POST,
        lambda w: reverse("web:section-create", args=[w.draft.key]),
        PLAN_EDITORS,
        data=lambda w: {"title": "Hvorfor er vi her?", "body": "Derfor.", "highlights": ""},
    ),
    Row("section: form", GET, _section_url("web:section-edit"), PLAN_EDITOR_PAGE),
    Row(
        "section",
        POST,
        _section_url("web:section-edit"),
        PLAN_EDITORS,
        data=lambda w: {
            "version": w.section.version,
            "title": "Indledning",
            "body": "Tredje.",
            "highlights": "",
        },
        touched=lambda w: w.section,
    ),
    Row(
        "move a section",
        POST,
        _section_url("web:section-move"),
        PLAN_EDITORS,
        data=lambda w: {"direction": "ned"},
        touched=lambda w: w.section,
    ),
    Row("delete a section: question", GET, _section_url("web:section-delete"), DELETE_PAGE),
    Row(
        "delete a section",
        POST,
        _section_url("web:section-delete"),
        PLAN_EDITORS,
        data=lambda w: {"version": w.section.version},
        touched=lambda w: w.section,
    ),
    Row(
        "new focus area: form",
        GET,
        lambda w: reverse("web:focus-area-create", args=[w.draft.key]),
        PLAN_EDITOR_PAGE,
    ),
    Row(
        "new focus area",
        POST,
        lambda w: reverse("web:focus-area-create", args=[w.draft.key]),
        PLAN_EDITORS,
        data=lambda w: {"title": "Læring", "tagline": "", "body": "", "unit_text": "Vores."},
    ),
    Row("focus area: form", GET, _area_url("web:focus-area-edit"), PLAN_EDITOR_PAGE),
    Row(
        "focus area",
        POST,
        _area_url("web:focus-area-edit"),
        PLAN_EDITORS,
        data=lambda w: {"version": w.area.version, "unit_text": "Vores nye del."},
        touched=lambda w: w.area,
    ),
    Row(
        "move a focus area",
        POST,
        _area_url("web:focus-area-move"),
        PLAN_EDITORS,
        data=lambda w: {"direction": "ned"},
        touched=lambda w: w.area,
    ),
    Row("delete a focus area: question", GET, _area_url("web:focus-area-delete"), DELETE_PAGE),
    Row(
        "delete a focus area",
        POST,
        _area_url("web:focus-area-delete"),
        PLAN_EDITORS,
        data=lambda w: {"version": w.area.version},
        touched=lambda w: w.area,
    ),
    Row(
        "new goal: form",
        GET,
        _area_url("web:goal-create"),
        (LOGIN, GONE, NO, OK, OK, OK, OK, OK),
    ),
    Row("new goal of Forsyning", POST, _area_url("web:goal-create"), ADD_GOALS, data=_goal_data),
    Row(
        "new sub-goal: form",
        GET,
        _goal_url("web:subgoal-create"),
        (LOGIN, GONE, NO, OK, OK, OK, OK, OK),
    ),
    Row("new sub-goal", POST, _goal_url("web:subgoal-create"), ADD_GOALS, data=_goal_data),
    Row("goal: form", GET, _goal_url("web:goal-edit"), GOAL_EDITOR_PAGE),
    Row(
        "goal",
        POST,
        _goal_url("web:goal-edit"),
        GOAL_EDITORS,
        data=lambda w: {**_goal_data(w), "version": w.goal.version},
        touched=lambda w: w.goal,
    ),
    Row(
        "move a goal",
        POST,
        _goal_url("web:goal-move"),
        GOAL_EDITORS,
        data=lambda w: {"direction": "ned"},
        touched=lambda w: w.goal,
    ),
    Row("delete a goal: question", GET, _goal_url("web:goal-delete"), GOAL_EDITOR_PAGE),
    Row(
        "delete a goal",
        POST,
        _goal_url("web:goal-delete"),
        GOAL_EDITORS,
        data=lambda w: {"version": w.goal.version},
        touched=lambda w: w.goal,
    ),
    Row("new criterion: form", GET, _goal_url("web:criterion-create"), GOAL_EDITOR_PAGE),
    Row(
        "new criterion",
        POST,
        _goal_url("web:criterion-create"),
        GOAL_EDITORS,
        data=lambda w: {"text": "Søerne er rene.", "comparison": ""},
    ),
    Row("criterion: form", GET, _criterion_url("web:criterion-edit"), GOAL_EDITOR_PAGE),
    Row(
        "criterion",
        POST,
        _criterion_url("web:criterion-edit"),
        GOAL_EDITORS,
        data=lambda w: {
            "version": w.criterion.version,
            "text": "200 træer er plantet.",
            "comparison": "",
        },
        touched=lambda w: w.criterion,
    ),
    Row(
        "move a criterion",
        POST,
        _criterion_url("web:criterion-move"),
        GOAL_EDITORS,
        data=lambda w: {"direction": "ned"},
        touched=lambda w: w.criterion,
    ),
    Row(
        "delete a criterion: question",
        GET,
        _criterion_url("web:criterion-delete"),
        GOAL_EDITOR_PAGE,
    ),
    Row(
        "delete a criterion",
        POST,
        _criterion_url("web:criterion-delete"),
        GOAL_EDITORS,
        data=lambda w: {"version": w.criterion.version},
        touched=lambda w: w.criterion,
    ),
]


def _open_round(w: World) -> None:
    w.extra["round"] = services.follow_up_round_start(user=w.extra["admin"], plan=w.published)


def _follow_up_data(w: World) -> dict[str, Any]:
    prefix = f"goal-{w.published_goal.pk}"
    return {
        f"{prefix}-follow_up": "",
        f"{prefix}-version": "",
        f"{prefix}-status": FollowUpStatus.PARTLY_MET,
        f"{prefix}-text": "Halvvejs.",
    }


PUBLISHED_PLAN_EDITORS = (LOGIN, NO, NO, NO, NO, DONE, DONE, DONE)
TAKE_PART = (LOGIN, NO, NO, OK, OK, OK, OK, OK)

CYCLE_ROWS = [
    Row(
        "submit a draft",
        POST,
        lambda w: reverse("web:plan-transition", args=[w.draft.key]),
        PLAN_EDITORS,
        data=lambda w: {"to_status": PlanStatus.SUBMITTED, "comment": ""},
        touched=lambda w: w.draft,
    ),
    Row(
        "approve a submitted plan",
        POST,
        lambda w: reverse("web:plan-transition", args=[w.extra["submitted"].key]),
        (LOGIN, GONE, NO, NO, NO, NO, DONE, DONE),
        data=lambda w: {"to_status": PlanStatus.APPROVED, "comment": ""},
        touched=lambda w: w.extra["submitted"],
    ),
    Row(
        "approve a plan one submitted oneself",
        POST,
        lambda w: reverse("web:plan-transition", args=[w.extra["own"].key]),
        (LOGIN, GONE, NO, NO, NO, NO, FORM, DONE),
        data=lambda w: {"to_status": PlanStatus.APPROVED, "comment": ""},
        touched=lambda w: w.extra["own"],
    ),
    Row(
        "archive a published plan",
        POST,
        lambda w: reverse("web:plan-transition", args=[w.published.key]),
        (LOGIN, NO, NO, NO, NO, NO, DONE, DONE),
        data=lambda w: {"to_status": PlanStatus.ARCHIVED, "comment": ""},
        touched=lambda w: w.published,
    ),
    Row(
        "next period: form",
        GET,
        lambda w: reverse("web:plan-next-period", args=[w.published.key]),
        (LOGIN, NO, NO, NO, NO, OK, OK, OK),
    ),
    Row(
        "next period",
        POST,
        lambda w: reverse("web:plan-next-period", args=[w.published.key]),
        PUBLISHED_PLAN_EDITORS,
        data=lambda w: {
            "title": "Virksomhedsplan 2026",
            "start_year": 2026,
            "end_year": 2026,
            "goals": [w.published_goal.key],
        },
    ),
    Row(
        "follow-up round page",
        GET,
        lambda w: reverse("web:follow-up-round", args=[w.published.key]),
        TAKE_PART,
    ),
    Row(
        "start a follow-up round",
        POST,
        lambda w: reverse("web:follow-up-round-start", args=[w.published.key]),
        PUBLISHED_PLAN_EDITORS,
        data=lambda w: {"date": "2026-01-15"},
    ),
    Row(
        "finish a follow-up round",
        POST,
        lambda w: reverse("web:follow-up-round-finish", args=[w.published.key]),
        PUBLISHED_PLAN_EDITORS,
        data=lambda w: {"confirm": "1"},
        setup=_open_round,
        touched=lambda w: w.extra["round"],
    ),
    Row(
        "follow up a goal of Forsyning's",
        POST,
        lambda w: reverse("web:follow-up-goal", args=[w.published.key, w.published_goal.key]),
        (LOGIN, NO, NO, DONE, NO, DONE, DONE, DONE),
        data=_follow_up_data,
        setup=_open_round,
    ),
    Row(
        "set the status as a whole of a goal of Forsyning's",
        POST,
        lambda w: reverse(
            "web:follow-up-goal-status", args=[w.published.key, w.published_goal.key]
        ),
        (LOGIN, NO, NO, DONE, NO, DONE, DONE, DONE),
        data=lambda w: {
            f"status-{w.published_goal.pk}-version": "0",
            f"status-{w.published_goal.pk}-status": FollowUpStatus.MET,
        },
        setup=_open_round,
    ),
    Row(
        "follow up a goal: the form (sends to the round page)",
        GET,
        lambda w: reverse("web:follow-up-goal", args=[w.published.key, w.published_goal.key]),
        (LOGIN, NO, NO, DONE, NO, DONE, DONE, DONE),
        setup=_open_round,
    ),
    Row("my tasks", GET, lambda w: reverse("web:my-tasks"), (LOGIN, OK, OK, OK, OK, OK, OK, OK)),
    Row(
        "reorganisation: form",
        GET,
        lambda w: reverse("web:unit-reorganisation", args=["forsyning"]),
        (LOGIN, NO, NO, NO, NO, NO, NO, OK),
    ),
    Row(
        "move Forsyning's goals to By & Miljø",
        POST,
        lambda w: reverse("web:unit-reorganisation", args=["forsyning"]),
        (LOGIN, NO, NO, NO, NO, NO, NO, DONE),
        data=lambda w: {
            "target": w.units["by-miljoe"].pk,
            "goals": [w.goal.key, w.published_goal.key],
        },
        touched=lambda w: w.goal,
    ),
]

DOWNLOAD_ROWS = [
    *(
        Row(
            f"download a draft as {format}",
            GET,
            lambda w, format=format: reverse("reports:plan-download", args=[w.draft.key, format]),
            WITH_A_ROLE,
        )
        for format in ("pdf", "docx", "xlsx", "csv", "json")
    ),
    Row(
        "download a published plan",
        GET,
        lambda w: reverse("reports:plan-download", args=[w.published.key, "json"]),
        EVERYONE,
    ),
    # The page that follows a PDF or Word document being made by the task queue: here made
    # already (no broker in the tests), so it offers the link.
    *(
        Row(
            f"a draft's {format} document being made",
            GET,
            lambda w, format=format: reverse(
                "reports:plan-document-status", args=[w.draft.key, format]
            ),
            WITH_A_ROLE,
        )
        for format in ("pdf", "docx")
    ),
    Row(
        "a published plan's PDF being made",
        GET,
        lambda w: reverse("reports:plan-document-status", args=[w.published.key, "pdf"]),
        EVERYONE,
    ),
]

ACCOUNT_ROWS = [
    Row("sign-in page", GET, lambda w: reverse("login"), EVERYONE),
    Row(
        "change password: form",
        GET,
        lambda w: reverse("password_change"),
        (LOGIN, OK, OK, OK, OK, OK, OK, OK),
    ),
]


def _import_draft(w: World) -> ImportDraft:
    """A document read for Miljø & Teknik, being checked by the plan editor (its owner)."""
    if "import_draft" in w.extra:
        return w.extra["import_draft"]
    blocks = [
        Block("plan", "Virksomhedsplan 2030", line=1, end_line=1, period_start=2030),
        Block("focus_area", "Klima", line=2, end_line=2),
        Block("goal", "Vi vil plante træer.", line=3, end_line=3, ref="1"),
        Block("criterion", "100 træer er plantet.", line=4, end_line=4, confidence=0.5),
    ]
    w.extra["import_draft"] = ImportDraft.objects.create(
        owner=w.users["plan editor"],
        unit=w.units["miljo-teknik"],
        filename="plan-2030.txt",
        kind="text",
        source_lines=[[1, b.line, b.text] for b in blocks],
        blocks=blocks_to_data(blocks),
    )
    return w.extra["import_draft"]


def _import_upload(w: World) -> ImportUpload:
    """A document the plan editor uploaded for Miljø & Teknik, which the reader refused."""
    if "import_upload" not in w.extra:
        w.extra["import_upload"] = ImportUpload.objects.create(
            owner=w.users["plan editor"],
            unit=w.units["miljo-teknik"],
            filename="plan-2030.pdf",
            language="da",
            state=UploadState.REFUSED,
            message="PDF-filen kan ikke læses.",
        )
    return w.extra["import_upload"]


def _draft_url(name: str, *args: Any) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_import_draft(w).pk, *args])


def _plan_text_file(w: World) -> dict[str, Any]:
    text = "Virksomhedsplan 2031\n\nKlima\n\nMål 1: Vi vil plante træer.\n"
    return {
        "document": SimpleUploadedFile("plan-2031.txt", text.encode("utf-8")),
        "unit": w.units["forsyning"].pk,
    }


# Only the owner of a document being imported (here the plan editor) sees it; others get 404.
#                  anonymous, no role, reader, unit editor, sibling, plan editor, approver, admin
DRAFT_OWNER_PAGE = (LOGIN, GONE, GONE, GONE, GONE, OK, GONE, GONE)
DRAFT_OWNER = (LOGIN, GONE, GONE, GONE, GONE, DONE, GONE, GONE)

IMPORT_ROWS = [
    Row(
        "import a document: form",
        GET,
        lambda w: reverse("web:import-upload"),
        (LOGIN, NO, NO, OK, OK, OK, OK, OK),
    ),
    Row(
        "import a document for Forsyning: read it",
        POST,
        lambda w: reverse("web:import-upload"),
        (LOGIN, NO, NO, DONE, FORM, DONE, DONE, DONE),
        data=_plan_text_file,
    ),
    Row(
        "import a document: being read (here refused)",
        GET,
        lambda w: reverse("web:import-reading", args=[_import_upload(w).pk]),
        DRAFT_OWNER_PAGE,
        setup=_import_upload,
    ),
    Row(
        "import a document: review",
        GET,
        _draft_url("web:import-review"),
        DRAFT_OWNER_PAGE,
        setup=_import_draft,
    ),
    Row(
        "import a document: correct a block",
        POST,
        _draft_url("web:import-block", 4),
        DRAFT_OWNER,
        data=lambda w: {"version": 1, "action": "accept"},
        setup=_import_draft,
        touched=lambda w: w.extra["import_draft"],
    ),
    Row(
        "import a document: import the plans",
        POST,
        _draft_url("web:import-confirm"),
        DRAFT_OWNER,
        data=lambda w: {"version": 1},
        setup=_import_draft,
        touched=lambda w: w.extra["import_draft"],
    ),
    Row(
        "import a document: cancel",
        POST,
        _draft_url("web:import-cancel"),
        DRAFT_OWNER,
        setup=_import_draft,
        touched=lambda w: w.extra["import_draft"],
    ),
]


def _approvers_notice(w: World) -> Notification:
    """The approver's notice that the 2027 plan waits for approval."""
    return Notification.objects.get(recipient=w.users["approver"], plan=w.extra["submitted"])


def _a_notice_for_everyone(w: World) -> None:
    """An unread notice for every user, so that marking all read changes something."""
    for user in w.users.values():
        if user is not None:
            Notification.objects.get_or_create(
                recipient=user,
                key="matrix",
                defaults={"kind": NotificationKind.PLAN_PUBLISHED, "plan": w.published},
            )


def _calendar_address(user: User) -> str:
    """A new secret address of the user's deadlines (the path)."""
    from virkplan.cycle.services import calendar_address_renew

    return reverse("web:my-calendar", args=[calendar_address_renew(user=user).secret])


def _an_address_of(w: World, user: User | None) -> Any:
    """The user's calendar address, made for them if they have none (it is what stopping
    changes)."""
    from virkplan.cycle.models import CalendarFeedToken

    if user is None:
        return None
    _calendar_address(user)
    return CalendarFeedToken.objects.get(user=user, revoked_at__isnull=True)


SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN_DONE = (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, DONE)

# Each user sees and marks only their own notifications: another's is not found (404).
NOTIFICATION_ROWS = [
    Row("notifications", GET, lambda w: reverse("web:notifications"), SIGNED_IN),
    Row(
        "notifications by e-mail: form",
        GET,
        lambda w: reverse("web:notification-preferences"),
        SIGNED_IN,
    ),
    Row(
        "notifications by e-mail: choose",
        POST,
        lambda w: reverse("web:notification-preferences"),
        SIGNED_IN_DONE,
        data=lambda w: {"emailed_kinds": [NotificationKind.PLAN_SUBMITTED], "language": "en"},
    ),
    Row(
        "mark the approver's notification read",
        POST,
        lambda w: reverse("web:notification-read", args=[_approvers_notice(w).pk]),
        (LOGIN, GONE, GONE, GONE, GONE, GONE, DONE, GONE),
        touched=_approvers_notice,
    ),
    Row(
        "mark all one's notifications read",
        POST,
        lambda w: reverse("web:notifications-read-all"),
        SIGNED_IN_DONE,
        setup=_a_notice_for_everyone,
        touched_for=lambda w, user: Notification.objects.filter(recipient=user).first(),
    ),
    # Each user makes and stops only their own calendar address (tests/cycle/test_calendar.py).
    Row(
        "make a new calendar address",
        POST,
        lambda w: reverse("web:calendar-address-renew"),
        SIGNED_IN_DONE,
    ),
    Row(
        "stop one's calendar address",
        POST,
        lambda w: reverse("web:calendar-address-stop"),
        SIGNED_IN_DONE,
        touched_for=_an_address_of,
    ),
]


def _plan_editors_comment(w: World, on_draft: bool = False) -> Comment:
    """A comment the plan editor wrote on the published goal (or on the draft's goal)."""
    goal = w.goal if on_draft else w.published_goal
    found = Comment.objects.filter(goal=goal, author=w.users["plan editor"]).first()
    if found is not None:
        return found
    return comment_services.comment_post(
        user=w.users["plan editor"],
        plan=goal.plan_focus_area.plan,
        goal=goal,
        text="Planredaktørens kommentar.",
    )


# Comments: posted by everyone with a role that shows the plan's drafts (on its unit, above
# it, or below it), never by a signed-in user without one, even on a published plan; edited
# by their author only; deleted by their author or an administrator (tests/web/test_comments.py).
COMMENT_POSTERS = (LOGIN, NO, DONE, DONE, DONE, DONE, DONE, DONE)
COMMENT_ROWS = [
    Row(
        "comment on the published plan",
        POST,
        lambda w: reverse("web:plan-comment-post", args=[w.published.key]),
        COMMENT_POSTERS,
        data=lambda w: {"text": "Et spørgsmål til planen."},
    ),
    Row(
        "comment on the draft's goal",
        POST,
        lambda w: reverse("web:goal-comment-post", args=[w.goal.key]),
        (LOGIN, GONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda w: {"text": "Et spørgsmål til målet."},
    ),
    Row(
        "edit a comment: form",
        GET,
        lambda w: reverse("web:comment-edit", args=[_plan_editors_comment(w).pk]),
        (LOGIN, NO, NO, NO, NO, OK, NO, NO),
    ),
    Row(
        "edit a comment on the draft: form",
        GET,
        lambda w: reverse("web:comment-edit", args=[_plan_editors_comment(w, True).pk]),
        (LOGIN, GONE, NO, NO, NO, OK, NO, NO),
    ),
    Row(
        "edit a comment",
        POST,
        lambda w: reverse("web:comment-edit", args=[_plan_editors_comment(w).pk]),
        (LOGIN, NO, NO, NO, NO, DONE, NO, NO),
        data=lambda w: {"text": "Rettet kommentar."},
        touched=_plan_editors_comment,
    ),
    Row(
        "delete a comment: confirm",
        GET,
        lambda w: reverse("web:comment-delete", args=[_plan_editors_comment(w).pk]),
        (LOGIN, NO, NO, NO, NO, OK, NO, OK),
    ),
    Row(
        "delete a comment",
        POST,
        lambda w: reverse("web:comment-delete", args=[_plan_editors_comment(w).pk]),
        (LOGIN, NO, NO, NO, NO, DONE, NO, DONE),
        touched=_plan_editors_comment,
    ),
]


# The municipality's details and accessibility statement, and a unit's names, are changed by
# an administrator of the municipality (or of the unit) only; what they change is tested in
# tests/web/test_settings_pages.py and tests/organisation/test_identity_services.py.
ADMINISTRATORS_PAGE = (LOGIN, NO, NO, NO, NO, NO, NO, OK)
ADMINISTRATORS_DONE = (LOGIN, NO, NO, NO, NO, NO, NO, DONE)


def _identity_data(w: World) -> dict[str, Any]:
    return {
        "form": "identity",
        "version": w.units["albertslund"].version,
        "name": "Albertslund Kommune",
        "formal_name": "Albertslund Kommune, Rådhuset",
        "email": "albertslund@albertslund.dk",
        "phone": "43 68 68 68",
    }


def _statement_data(w: World) -> dict[str, Any]:
    return {
        "form": "statement",
        "version": 0,
        "compliance": "full",
        "compliance_text": "",
        "non_accessible": "- Kortene er billeder.",
        "prepared_on": "05-12-2026",
        "reviewed_on": "01-03-2027",
        "complaints_url": "https://digst.dk/digital-inklusion/webtilgaengelighed/",
    }


SETTINGS_ROWS = [
    Row(
        "municipality's details: form",
        GET,
        lambda w: reverse("web:municipality-settings"),
        ADMINISTRATORS_PAGE,
    ),
    Row(
        "municipality's details: save",
        POST,
        lambda w: reverse("web:municipality-settings"),
        ADMINISTRATORS_DONE,
        data=_identity_data,
        touched=lambda w: w.units["albertslund"],
    ),
    Row(
        "accessibility statement: save",
        POST,
        lambda w: reverse("web:municipality-settings"),
        ADMINISTRATORS_DONE,
        data=_statement_data,
    ),
    Row(
        "unit's names: form",
        GET,
        lambda w: reverse("web:unit-names", args=["forsyning"]),
        ADMINISTRATORS_PAGE,
    ),
    Row(
        "unit's names: save",
        POST,
        lambda w: reverse("web:unit-names", args=["forsyning"]),
        ADMINISTRATORS_DONE,
        data=lambda w: {
            "version": w.units["forsyning"].version,
            "short_name": "Forsyning",
            "formal_name": "Forsyningsafdelingen",
        },
        touched=lambda w: w.units["forsyning"],
    ),
]


def _project(w: World) -> Any:
    """A project of Miljø & Teknik with a milestone, serving the draft's goal (an idea)."""
    if "project" not in w.extra:
        from virkplan.projects import services as project_services

        admin = w.extra["admin"]
        project = project_services.project_create(
            user=admin, unit=w.units["miljo-teknik"], title="Energirenovering", key="energi"
        )
        w.extra["milestone"] = project_services.milestone_create(
            user=admin, project=project, title="Udbud", due_date=date(2026, 3, 1)
        )
        w.extra["project_goal"] = project_services.project_goal_link(
            user=admin, project=project, goal=w.goal
        )
        w.extra["project"] = project
    return w.extra["project"]


def _project_url(name: str, *args: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_project(w).key, *(arg(w) for arg in args)])


def _project_data(w: World) -> dict[str, Any]:
    return {
        "title": "Energirenovering af skolerne",
        "unit": w.units["miljo-teknik"].pk,
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "budget": "1.000.000",
        "version": _project(w).version,
    }


def _milestone_pk(w: World) -> int:
    _project(w)
    return w.extra["milestone"].pk


# Projects are internal: signed-in users with a role on the unit or a unit under it see them;
# the unit's editors change them; approving an idea takes an approver.
#                    anonymous, no role, reader, unit editor, sibling, plan editor, approver, admin
PROJECT_PAGE = (LOGIN, GONE, OK, OK, OK, OK, OK, OK)
PROJECT_EDITOR_PAGE = (LOGIN, GONE, NO, NO, NO, OK, OK, OK)
PROJECT_EDITORS = (LOGIN, GONE, NO, NO, NO, DONE, DONE, DONE)

PROJECT_ROWS = [
    Row("project list", GET, lambda w: reverse("web:projects"), SIGNED_IN, setup=_project),
    Row(
        "project list as Excel",
        GET,
        lambda w: reverse("web:projects-xlsx") + "?status=idea",
        SIGNED_IN,
        setup=_project,
    ),
    Row(
        "new project: form",
        GET,
        lambda w: reverse("web:project-create"),
        (LOGIN, NO, NO, OK, OK, OK, OK, OK),
    ),
    Row(
        "new project for Forsyning",
        POST,
        lambda w: reverse("web:project-create"),
        (LOGIN, NO, NO, DONE, FORM, DONE, DONE, DONE),
        data=lambda w: {**_project_data(w), "unit": w.units["forsyning"].pk},
    ),
    Row("project", GET, _project_url("web:project"), PROJECT_PAGE),
    Row("project: form", GET, _project_url("web:project-edit"), PROJECT_EDITOR_PAGE),
    Row(
        "project",
        POST,
        _project_url("web:project-edit"),
        PROJECT_EDITORS,
        data=_project_data,
        touched=_project,
    ),
    Row(
        "approve a project",
        POST,
        _project_url("web:project-status"),
        (LOGIN, GONE, NO, NO, NO, NO, DONE, DONE),
        data=lambda w: {"status": "approved", "version": _project(w).version},
        touched=_project,
    ),
    Row("new milestone: form", GET, _project_url("web:milestone-create"), PROJECT_EDITOR_PAGE),
    Row(
        "new milestone",
        POST,
        _project_url("web:milestone-create"),
        PROJECT_EDITORS,
        data=lambda w: {"title": "Kontrakt", "due_date": "2026-06-01"},
    ),
    Row(
        "milestone: form",
        GET,
        _project_url("web:milestone-edit", _milestone_pk),
        PROJECT_EDITOR_PAGE,
    ),
    Row(
        "milestone",
        POST,
        _project_url("web:milestone-edit", _milestone_pk),
        PROJECT_EDITORS,
        data=lambda w: {"title": "Udbud", "due_date": "2026-03-01", "met": "on", "version": 1},
        touched=lambda w: w.extra["milestone"],
    ),
    Row(
        "delete a milestone",
        POST,
        _project_url("web:milestone-delete", _milestone_pk),
        PROJECT_EDITORS,
        data=lambda w: {"version": 1},
        touched=lambda w: w.extra["milestone"],
    ),
    Row(
        "link a project to a goal",
        POST,
        _project_url("web:project-goal-link"),
        PROJECT_EDITORS,
        data=lambda w: {"goal": w.published_goal.key},
    ),
    Row(
        "unlink a project from a goal",
        POST,
        _project_url("web:project-goal-unlink", lambda w: w.goal.key),
        PROJECT_EDITORS,
        touched=lambda w: w.extra["project_goal"],
    ),
]


# Indicators (nøgletal): Miljø & Teknik's, with one measurement; its editors change it, and
# every signed-in user reads it (tests/web/test_indicators.py tests the pages themselves).
def _indicator(w: World) -> Any:
    if "indicator" not in w.extra:
        import datetime
        from decimal import Decimal

        from virkplan.indicators import services as indicator_services

        admin = w.extra["admin"]
        indicator = indicator_services.indicator_create(
            user=admin,
            unit=w.units["miljo-teknik"],
            name="Vandforbrug",
            unit_of_measure="m³",
            direction="lower",
            frequency="yearly",
        )
        w.extra["indicator"] = indicator
        w.extra["measurement"], _new = indicator_services.measurement_record(
            user=admin,
            indicator=indicator,
            period_start=datetime.date(2025, 12, 31),
            value=Decimal(100),
        )
        # A target, so that the criterion can be measured by the indicator.
        Criterion.objects.filter(pk=w.criterion.pk).update(comparison="at_most", value=90)
    return w.extra["indicator"]


def _indicator_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_indicator(w).key])


def _upload_payload(w: World) -> dict[str, Any]:
    import datetime
    from decimal import Decimal

    from virkplan.indicators.services import MeasurementRow
    from virkplan.web.views.indicators import signed_rows

    day = datetime.date(2026, 12, 31)
    return {"payload": signed_rows(_indicator(w), [MeasurementRow(day, day, Decimal(95))])}


SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK, OK, OK)
INDICATOR_EDITORS = (LOGIN, NO, NO, NO, NO, DONE, DONE, DONE)

INDICATOR_ROWS = [
    Row("indicators", GET, lambda w: reverse("web:indicators"), SIGNED_IN, setup=_indicator),
    Row("indicator page", GET, _indicator_url("web:indicator"), SIGNED_IN),
    Row(
        "new indicator form",
        GET,
        lambda w: reverse("web:indicator-create"),
        (LOGIN, NO, NO, OK, OK, OK, OK, OK),
    ),
    Row(
        "create an indicator of Forsyning",
        POST,
        lambda w: reverse("web:indicator-create"),
        (LOGIN, NO, NO, DONE, FORM, DONE, DONE, DONE),
        data=lambda w: {
            "name": "Sagsbehandlingstid",
            "unit_of_measure": "dage",
            "direction": "lower",
            "frequency": "quarterly",
            "source": "entered",
            "unit": w.units["forsyning"].pk,
        },
    ),
    Row(
        "edit an indicator: form",
        GET,
        _indicator_url("web:indicator-edit"),
        (LOGIN, NO, NO, NO, NO, OK, OK, OK),
    ),
    Row(
        "edit an indicator",
        POST,
        _indicator_url("web:indicator-edit"),
        INDICATOR_EDITORS,
        data=lambda w: {
            "name": "Vandforbrug i alt",
            "unit_of_measure": "m³",
            "direction": "lower",
            "frequency": "yearly",
            "source": "entered",
            "unit": w.units["miljo-teknik"].pk,
            "version": _indicator(w).version,
        },
        touched=_indicator,
    ),
    Row(
        "record a measurement",
        POST,
        _indicator_url("web:measurement-add"),
        INDICATOR_EDITORS,
        data=lambda w: {"period_start": "2026-12-31", "value": "95"},
    ),
    Row(
        "a measurement and its history",
        GET,
        lambda w: reverse(
            "web:measurement-correct", args=[_indicator(w).key, w.extra["measurement"].pk]
        ),
        SIGNED_IN,
    ),
    Row(
        "correct a measurement",
        POST,
        lambda w: reverse(
            "web:measurement-correct", args=[_indicator(w).key, w.extra["measurement"].pk]
        ),
        INDICATOR_EDITORS,
        data=lambda w: {"value": "101", "note": "Rettet", "version": 1},
        touched=lambda w: w.extra["measurement"],
        setup=_indicator,
    ),
    # The preview stores nothing: allowed users see it (FORM: 200, nothing changes).
    Row(
        "upload measurements: preview",
        POST,
        _indicator_url("web:measurement-upload"),
        (LOGIN, NO, NO, NO, NO, FORM, FORM, FORM),
        data=lambda w: {
            "file": SimpleUploadedFile("maalinger.csv", "dato;værdi\n31-12-2026;95\n".encode())
        },
    ),
    Row(
        "upload measurements: confirm",
        POST,
        _indicator_url("web:measurement-upload-confirm"),
        INDICATOR_EDITORS,
        data=_upload_payload,
    ),
    Row(
        "measure a criterion by the indicator",
        POST,
        _indicator_url("web:indicator-criterion"),
        INDICATOR_EDITORS,
        data=lambda w: {"criterion": w.criterion.pk},
        setup=_indicator,
    ),
]

ROWS = (
    READ_ROWS
    + HISTORY_ROWS
    + EDITING_ROWS
    + CYCLE_ROWS
    + DOWNLOAD_ROWS
    + ACCOUNT_ROWS
    + IMPORT_ROWS
    + NOTIFICATION_ROWS
    + COMMENT_ROWS
    + SETTINGS_ROWS
    + PROJECT_ROWS
    + INDICATOR_ROWS
)


# --- checking one cell -------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    """Rows in every table of ours (historical tables included), as each model's default
    manager counts them; asked in one query, since every cell asks twice."""
    labels, sql, params = _count_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(zip(labels, cursor.fetchone(), strict=True))


@functools.cache
def _count_query() -> tuple[tuple[str, ...], str, tuple[Any, ...]]:
    """`SELECT (SELECT COUNT(*) FROM (<the manager's query>)), …` for every model of ours."""
    labels = {
        "plans",
        "organisation",
        "auth",
        "interchange",
        "notifications",
        "comments",
        "cycle",
        "projects",
        "indicators",
    }
    models = [model for model in apps.get_models() if model._meta.app_label in labels]
    selects, params = [], []
    for model in models:
        query, query_params = model._default_manager.order_by().query.sql_with_params()
        selects.append(f"(SELECT COUNT(*) FROM ({query}) AS counted)")  # noqa: S608 - Django's SQL
        params.extend(query_params)
    sql = "SELECT " + ", ".join(selects)
    return tuple(model._meta.label for model in models), sql, tuple(params)


def _state(row: Any) -> dict[str, Any] | None:
    if row is None:
        return None
    fresh = type(row)._default_manager.filter(pk=row.pk).first()
    return model_to_dict(fresh) if fresh is not None else None


def _url(row: Row, world: World) -> str:
    try:
        return row.url(world)
    except NoReverseMatch as exc:  # pragma: no cover - a row for a page that went away
        pytest.fail(f"{row.name}: {exc}")


def _check(client, world: World, row: Row, who: str) -> None:
    expected = row.expect[WHO.index(who)]
    user = world.users[who]
    if user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[who]
    if row.setup is not None:
        row.setup(world)
    url = _url(row, world)
    data = row.data(world)
    touched = row.touched(world) if row.touched else None
    if row.touched_for is not None:
        touched = row.touched_for(world, user)
    counts, state = _counts(), _state(touched)

    response = getattr(client, row.method)(url, data)

    status = response.status_code
    where = f"{row.name} as {who}: {row.method.upper()} {url} gave {status}"
    if expected == OK:
        assert status == 200, where
    elif expected == DONE:
        assert status == 302, where
        assert not response["Location"].startswith(resolve_url(settings.LOGIN_URL)), where
    elif expected == LOGIN:
        assert status == 302, where
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), where
    elif expected == FORM:
        assert status in (200, 400), where
    else:
        assert status == {NO: 403, GONE: 404}[expected], where
    changed = _counts() != counts or _state(touched) != state
    if row.method == POST and expected in ALLOWED:
        assert changed, f"{where}, but nothing changed"
    elif expected not in ALLOWED or row.method == GET:
        assert not changed, f"{where}, and something changed"


@pytest.fixture(autouse=True)
def _four_eyes(settings):
    """The matrix holds for the production default: whoever submitted a plan cannot approve it."""
    settings.VIRKPLAN_FOUR_EYES = True


@pytest.fixture(autouse=True)
def _sessions_kept(settings):
    """The world's sessions were signed in when it was built, maybe longer ago than a session
    may stand idle; here they stand as long as a session may last."""
    settings.VIRKPLAN_SESSION_IDLE_SECONDS = settings.SESSION_COOKIE_AGE


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(client, matrix_world: World, row: Row, who: str) -> None:
    # Given the world, and a user of the kind
    world = matrix_world
    # When they open the page or take the action
    # Then they get what the matrix says, and nothing changes unless they may change it
    _check(client, world, row, who)


def test_every_page_and_action_of_the_site_is_in_the_matrix(db) -> None:
    """A new page or action must get a row here (or be listed as outside the matrix, with why)."""
    from virkplan.web import urls

    world = build_world()
    covered = {resolve(urlsplit(_url(row, world)).path).url_name for row in ROWS}
    names = {pattern.name for pattern in urls.urlpatterns if pattern.name}
    missing = names - covered - set(NOT_IN_THE_MATRIX)
    assert not missing, f"pages or actions not in the permission matrix: {sorted(missing)}"


# URL names of the staff site that are not in the matrix, and why.
NOT_IN_THE_MATRIX: dict[str, str] = {}
