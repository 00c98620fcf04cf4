"""The demo data set: Albertslund Kommune's Miljø & Teknik plans 2012–2013 and 2014."""

import json
from importlib import resources
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from virkplan.comments.models import Comment
from virkplan.comments.services import comment_post
from virkplan.core.errors import DomainError
from virkplan.cycle.models import Activity, ActivityKind
from virkplan.interchange.services import (
    ImportResult,
    document_import,
    parse_json,
)
from virkplan.interchange.validation import walk_goals
from virkplan.organisation.models import RoleGrant, Unit
from virkplan.plans.models import Goal, Plan
from virkplan.plans.selectors import SYSTEM_ACTOR

from .indicators import demo_indicators_create
from .projects import demo_projects_create

DEMO_FILE = "albertslund-miljo-teknik-2014.json"


def demo_document() -> Any:
    """The demo plans as an interchange document."""
    return parse_json(resources.files("virkplan.demo").joinpath(DEMO_FILE).read_bytes())


def demo_load() -> ImportResult | None:
    """Load the demo plans into an empty database; do nothing if plans exist.

    The demo is imported as the server itself (through the same services as
    every import), so its plans keep the statuses the reference gives them.
    """
    if Plan.objects.exists():
        return None
    result = document_import(user=SYSTEM_ACTOR, document=demo_document())
    demo_cycle_create()
    demo_projects_create()
    demo_indicators_create()
    return result


# The reference department's yearly cycle: (kind, title, role, (month, day), start, plan year).
DEMO_CYCLE_UNIT = "miljo-teknik"
DEMO_CYCLE: tuple[tuple[str, str, str, tuple[int, int], tuple[int, int] | None, int], ...] = (
    (ActivityKind.DRAFT_PLAN, "Udkast til næste års plan", "editor", (11, 15), (9, 1), 1),
    (ActivityKind.SUBMIT, "Planen indsendes til godkendelse", "editor", (11, 30), None, 1),
    (ActivityKind.APPROVE, "Godkendelse af næste års plan", "approver", (12, 15), None, 1),
    (ActivityKind.PUBLISH, "Offentliggørelse af årets plan", "approver", (1, 31), (1, 1), 0),
    (ActivityKind.FOLLOW_UP, "Opfølgning ved halvår", "editor", (6, 30), (6, 1), 0),
    (ActivityKind.FOLLOW_UP, "Opfølgning ved årsafslutning", "editor", (12, 31), (12, 1), 0),
)


@transaction.atomic
def demo_cycle_create() -> int:
    """Give the reference department its yearly cycle, unless it has one; how many were made."""
    unit = Unit.objects.filter(key=DEMO_CYCLE_UNIT).first()
    if unit is None or Activity.objects.filter(unit=unit).exists():
        return 0
    for kind, title, role, (month, day), start, offset in DEMO_CYCLE:
        activity = Activity(
            unit=unit,
            kind=kind,
            title=title,
            role=role,
            month=month,
            day=day,
            start_month=start[0] if start else None,
            start_day=start[1] if start else None,
            plan_year_offset=offset,
        )
        activity.full_clean()
        activity.save()
    return len(DEMO_CYCLE)


def scaled_demo_document(*, factor: int) -> dict[str, Any]:
    """The demo document with every plan's focus areas repeated `factor` times.

    Keys get a suffix per copy so the result imports beside nothing else;
    used to show that pages and exports do not slow down with plan size.
    """
    document = demo_document()
    for plan in document["plans"]:
        copies = []
        for copy in range(factor):
            for focus_area in plan["focus_areas"]:
                clone = json.loads(json.dumps(focus_area))
                if copy:
                    clone["key"] = f"{focus_area['key']}-x{copy}"
                    clone["title"] = f"{focus_area['title']} ({copy + 1})"
                    for goal, _path in walk_goals(clone["goals"]):
                        goal["key"] = f"{goal['key']}-x{copy}"
                        if goal.get("continues"):
                            goal["continues"] = f"{goal['continues']}-x{copy}"
                copies.append(clone)
        plan["focus_areas"] = copies
    return document


# User name, role, unit keys, whether the user is a Django superuser (for /admin/).
DEMO_USERS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("laeser", "reader", ("albertslund",), False),
    ("redaktoer", "editor", ("miljo-teknik", "miljo-teknikforvaltningen"), False),
    ("redaktoer-forsyning", "editor", ("forsyning",), False),
    ("godkender", "approver", ("miljo-teknik", "miljo-teknikforvaltningen"), False),
    ("admin", "administrator", ("albertslund",), True),
)
DEMO_PASSWORD = "virkplan-demo"  # noqa: S105 - documented demo password, demo users only
# The demo users' e-mail addresses are in a domain reserved for examples (RFC 2606): `make
# run` shows their mails on the console, and no mail server would deliver them.
DEMO_MAIL_DOMAIN = "albertslund.example"


@transaction.atomic
def demo_users_create() -> list[str]:
    """Create the demo users, one per role, with the documented password.

    Refuses unless settings.VIRKPLAN_DEMO_USERS is on, so production never gets them.
    Returns the names of the users created now (existing ones are left as they are).
    """
    if not settings.VIRKPLAN_DEMO_USERS:
        raise DomainError(_("Demo users are switched off (VIRKPLAN_DEMO_USERS)."))
    user_model = get_user_model()
    created = []
    for username, role, unit_keys, superuser in DEMO_USERS:
        if user_model.objects.filter(username=username).exists():
            continue
        user = user_model.objects.create_user(
            username=username,
            email=f"{username}@{DEMO_MAIL_DOMAIN}",
            password=DEMO_PASSWORD,
            is_staff=superuser,
            is_superuser=superuser,
        )
        for unit in Unit.objects.filter(key__in=unit_keys):
            RoleGrant.objects.create(user=user, unit=unit, role=role)
        created.append(username)
    demo_comments_create()
    return created


# A short discussion of a goal of the 2014 plan: (goal key, author, text).
DEMO_COMMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "mt-2014-g02",
        "redaktoer",
        "Vi mangler tal for første halvår, før vi kan skrive opfølgningen.\n"
        "@redaktoer-forsyning kan I sende dem inden udgangen af juni?",
    ),
    (
        "mt-2014-g02",
        "redaktoer-forsyning",
        "Ja, vi har dem fra måleraflæsningen i maj. De kommer i næste uge.",
    ),
    (
        "mt-2014-g02",
        "godkender",
        "Godt. Husk at skrive, hvis målet ikke kan nås i år, så vi kan tage det op i chefgruppen.",
    ),
)


def demo_comments_create() -> int:
    """A short discussion on a goal of the demo, posted by the demo users through the same
    service as on the pages; nothing when the goal or a user is missing, or comments exist."""
    if Comment.objects.exists():
        return 0
    users = {user.username: user for user in get_user_model().objects.all()}
    posted = 0
    for goal_key, username, text in DEMO_COMMENTS:
        goal = Goal.objects.select_related("plan_focus_area__plan").filter(key=goal_key).first()
        if goal is None or username not in users:
            continue
        comment_post(user=users[username], plan=goal.plan_focus_area.plan, goal=goal, text=text)
        posted += 1
    return posted
