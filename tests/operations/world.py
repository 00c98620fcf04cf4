"""A site that has been used, and what it shows: run in a `virkplan` process of its own.

`python -m tests.operations.world build` migrates an empty database, loads
the demo and then does what
a year of use leaves behind: users and a group, roles, a revision of a
published plan edited, returned with a comment, approved and published
(which archives the original), a follow-up round, and an uploaded file.
`... snapshot` prints, as JSON, the rows of every table and model, the files
in MEDIA_ROOT and the HTML of the pages people read (`build` prints it too).
A backup restored into an empty database must give the same snapshot.
"""

import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

PAGES = [
    "/plan/mt-2014/",
    "/plan/mtf-2012-2013/",
    "/plan/mtf-2012-2013/status/",
    "/maal/mt-2014-g02/",
    "/maal/mtf-2012-2013-g01/",
    "/plan/mt-2014/historik/",
    "/plan/mtf-2012-2013/historik/",
    "/maal/mt-2014-g02/historik/",
    "/noegletal/",
]
UPLOADED = Path("uploads") / "2026" / "plan-2014.pdf"


def populate() -> None:
    from django.conf import settings
    from django.contrib.auth.models import Group, Permission, User

    from virkplan.demo.services import demo_load
    from virkplan.organisation.models import Role, Unit
    from virkplan.organisation.services import role_grant
    from virkplan.plans import services
    from virkplan.plans.models import FollowUpStatus, Goal, Plan, PlanStatus

    demo_load()
    admin = User.objects.create_superuser("admin-backup", "admin@example.org", "x" * 16)
    editor = User.objects.create_user("anne-redaktoer", "anne@example.org", "y" * 16)
    approver = User.objects.create_user("bo-godkender", "bo@example.org", "z" * 16)
    group = Group.objects.create(name="Planlæggere")
    group.permissions.add(Permission.objects.get(codename="view_plan"))
    editor.groups.add(group)
    unit = Unit.objects.get(key="miljo-teknik")
    role_grant(actor=admin, username=editor.username, role=Role.EDITOR, unit=unit)
    role_grant(actor=admin, username=approver.username, role=Role.APPROVER, unit=unit)
    role_grant(
        actor=admin,
        username=editor.username,
        role=Role.EDITOR,
        unit=Unit.objects.get(key="miljo-teknikforvaltningen"),
    )

    # A revision of the published 2014 plan: edited, returned with a comment, then approved.
    published = Plan.objects.get(key="mt-2014")
    revision = services.plan_start_revision(user=editor, plan=published)
    goal = Goal.objects.filter(plan_focus_area__plan=revision).order_by("id").first()
    services.goal_update(
        user=editor,
        goal=goal,
        expected_version=goal.version,
        statement=goal.statement + " Også i 2015.",
        ref=goal.ref,
        responsible_unit=goal.responsible_unit,
    )
    steps = [
        (editor, PlanStatus.SUBMITTED, ""),
        (approver, PlanStatus.DRAFT, "Målet for 2015 mangler et måltal."),
        (editor, PlanStatus.SUBMITTED, ""),
        (approver, PlanStatus.APPROVED, ""),
        (approver, PlanStatus.PUBLISHED, ""),
    ]
    for user, status, comment in steps:
        revision = services.plan_transition(
            user=user, plan=revision, to_status=status, comment=comment
        )

    # A follow-up round on the 2012–2013 plan with one new follow-up.
    followed = Plan.objects.get(key="mtf-2012-2013")
    round_ = services.follow_up_round_start(user=editor, plan=followed)
    goal = Goal.objects.get(key="mtf-2012-2013-g01")
    services.follow_up_create(
        user=editor,
        goal=goal,
        status=FollowUpStatus.PARTLY_MET,
        text="Halvdelen af **målet** er nået; resten følger i 2015.",
        criteria=list(goal.criteria.all()[:1]),
    )
    services.follow_up_round_finish(user=editor, round=round_)

    # An indicator's measurement corrected by hand, and a new one pushed by another system.
    from decimal import Decimal

    from virkplan.indicators import services as indicator_services
    from virkplan.indicators.models import Indicator, Source
    from virkplan.indicators.services import MeasurementRow

    bikes = Indicator.objects.get(name="Udlån af testelcykler")
    latest = bikes.measurements.order_by("period_end").last()
    indicator_services.measurement_correct(
        user=editor,
        measurement=latest,
        expected_version=latest.version,
        value=latest.value + 1,
        note="Rettet efter optælling.",
    )
    pushed = MeasurementRow(
        latest.period_end.replace(year=2015), latest.period_end.replace(year=2015), Decimal(12)
    )
    indicator_services.measurements_record(
        user=editor, indicator=bikes, rows=[pushed], source=Source.PUSHED
    )

    _leave_traces(admin=admin, editor=editor, unit=unit, approver_name=approver.username)
    uploaded = Path(settings.MEDIA_ROOT) / UPLOADED
    uploaded.parent.mkdir(parents=True, exist_ok=True)
    uploaded.write_bytes(b"%PDF-1.7\n% en plan i PDF\n" + bytes(range(256)))


def _leave_traces(*, admin: Any, editor: Any, unit: Any, approver_name: str) -> None:
    """What else a site holds: a session, a change in the admin, a document being imported,
    API tokens (one revoked), a single sign-on identity, a user's choice of e-mailed notices,
    and sign-in attempts (one failed)."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Permission
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client
    from django.urls import reverse

    from virkplan.api.services import token_create, token_revoke
    from virkplan.interchange.legacy.drafts import draft_create
    from virkplan.interchange.legacy.services import reading_from_file
    from virkplan.notifications.services import notification_preference_update
    from virkplan.organisation.services import sign_in_account_create

    session = SessionStore()
    session["_auth_user_id"] = str(editor.pk)
    session.create()
    editor.user_permissions.add(Permission.objects.get(codename="change_goal"))
    LogEntry.objects.log_actions(
        user_id=admin.pk,
        queryset=[unit],
        action_flag=CHANGE,
        change_message="Ændrede kontaktoplysninger.",
        single_object=True,
    )
    text = "Virksomhedsplan 2015\n\nMål: Vi vil spare på vandet.\n\nDokumentation: 5 % mindre.\n"
    reading = reading_from_file(text.encode(), "plan-2015.txt", unit=unit.key)
    draft_create(user=editor, unit=unit, reading=reading, filename="plan-2015.txt")

    token_create(actor=editor, owner=editor, name="Målerdata")
    old = token_create(actor=editor, owner=editor, name="Gammel integration")
    token_revoke(actor=editor, token=old.token)

    notification_preference_update(user=editor, emailed_kinds=["plan_returned"], language="en")
    sign_in_account_create(subject="8f2b6c1e-aa41-4c1e-9d3a-2b7f0e5c9a11", username="cecilie")
    visitor = Client()
    visitor.post(reverse("login"), {"username": editor.username, "password": "y" * 16})
    visitor.post(reverse("login"), {"username": approver_name, "password": "forkert"})


def snapshot() -> dict[str, Any]:
    from django.apps import apps
    from django.conf import settings
    from django.db import connection

    from virkplan.operations.databases import table_counts

    models = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }
    root = Path(settings.MEDIA_ROOT)
    media = {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
    return {
        "models": models,
        "tables": table_counts(connection),
        "media": media,
        "pages": _pages(),
    }


def _pages() -> dict[str, str]:
    """The pages as a signed-in administrator sees them; the sign-in is rolled back."""
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.test import Client

    pages = {}
    with transaction.atomic():
        client = Client()
        client.force_login(User.objects.get(username="admin-backup"))
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            pages[url] = _without_tokens(response.content.decode())
        transaction.set_rollback(True)
    return pages


def _without_tokens(html: str) -> str:
    """The page without what differs on every request: CSRF tokens and script nonces."""
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*', r"\1…", html)
    html = re.sub(r'(<meta name="csrf[^"]*" content=")[^"]*', r"\1…", html)
    return re.sub(r'(nonce=")[^"]*', r"\1…", html)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")
    import django

    django.setup()
    if sys.argv[1] == "build":
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        populate()
    json.dump(snapshot(), sys.stdout)
