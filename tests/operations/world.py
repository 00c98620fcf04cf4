"""A site that has been used, and what it shows: run in a `virkplan` process of its own.

`python -m tests.operations.world build` migrates an empty database, loads
the demo and then does what
a year of use leaves behind: users and a group, roles, a revision of a
published plan edited, returned with a comment, approved and published
(which archives the original), a follow-up round, a goal's discussion with a
mention, and an uploaded file.
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
    "/projekter/",
    "/projekter/vand-i-byer/",
    "/noegletal/",
]
UPLOADED = Path("uploads") / "2026" / "plan-2014.pdf"


def populate() -> None:
    from django.conf import settings
    from django.contrib.auth.models import Group, Permission, User

    from virkplan.comments.services import comment_delete, comment_edit, comment_post
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

    # A goal's discussion: a mention, edited; a comment on the plan, deleted by an administrator.
    discussed = Goal.objects.get(key="mt-2014-g02")
    asked = comment_post(
        user=editor,
        plan=discussed.plan_focus_area.plan,
        goal=discussed,
        text="Hvornår kommer tallene, @bo-godkender?",
    )
    comment_edit(user=editor, comment=asked, text=asked.text + "\nGerne inden juni.")
    withdrawn = comment_post(user=approver, plan=discussed.plan_focus_area.plan, text="Fejl.")
    comment_delete(user=admin, comment=withdrawn)

    _project_traces(editor=editor, approver=approver)

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
    _name_the_municipality(admin=admin)
    uploaded = Path(settings.MEDIA_ROOT) / UPLOADED
    uploaded.parent.mkdir(parents=True, exist_ok=True)
    uploaded.write_bytes(b"%PDF-1.7\n% en plan i PDF\n" + bytes(range(256)))


def _project_traces(*, editor: Any, approver: Any) -> None:
    """The demo's projects (demo_load) worked on: one approved and started, its first rain bed
    met, a milestone added and removed, its budget raised, and a goal linked and unlinked."""
    from datetime import date
    from decimal import Decimal

    from virkplan.plans.models import Goal
    from virkplan.projects import services
    from virkplan.projects.models import Project, ProjectStatus

    project = Project.objects.get(key="vand-i-byer")
    project = services.project_set_status(
        user=editor, project=project, status=ProjectStatus.IN_PROGRESS
    )
    project = services.project_update(
        user=editor, project=project, expected_version=project.version, budget=Decimal("1400000")
    )
    bed = project.milestones.get(title="Første regnbed anlagt")
    services.milestone_update(
        user=editor,
        milestone=bed,
        expected_version=bed.version,
        title=bed.title,
        due_date=bed.due_date,
        met=True,
        met_date=date(2014, 9, 12),
    )
    extra = services.milestone_create(
        user=editor, project=project, title="Borgermøde", due_date=date(2014, 5, 1)
    )
    services.milestone_delete(user=editor, milestone=extra, expected_version=extra.version)
    goal = Goal.objects.get(key="mt-2014-g06")
    services.project_goal_link(user=editor, project=project, goal=goal)
    services.project_goal_unlink(user=editor, project=project, goal=goal)
    idea = services.project_create(
        user=editor, unit=project.unit, title="Grønne tage på rådhuset", budget=Decimal(0)
    )
    services.project_set_status(user=approver, project=idea, status=ProjectStatus.APPROVED)


def _name_the_municipality(*, admin: Any) -> None:
    """The municipality's details and accessibility statement, as its settings page saves them,
    and a department's formal name."""
    from datetime import date

    from virkplan.organisation.models import Unit
    from virkplan.organisation.services import (
        StatementData,
        UnitDetails,
        accessibility_statement_update,
        unit_details_update,
        unit_names_update,
    )

    top = Unit.objects.get(key="albertslund")
    unit_details_update(
        actor=admin,
        unit=top,
        expected_version=top.version,
        details=UnitDetails(formal_name="Albertslund Kommune, Rådhuset", phone="43 68 68 00"),
    )
    accessibility_statement_update(
        actor=admin,
        unit=top,
        expected_version=0,
        data=StatementData(
            compliance="partial",
            compliance_text="",
            non_accessible="Vi kender én fejl:\n\n- Kortene er billeder.",
            prepared_on=date(2026, 12, 5),
            reviewed_on=date(2027, 3, 1),
            feedback_email="web@albertslund.dk",
            feedback_phone="",
            complaints_url="https://digst.dk/digital-inklusion/webtilgaengelighed/",
        ),
    )
    department = Unit.objects.get(key="miljo-teknik")
    unit_names_update(
        actor=admin,
        unit=department,
        expected_version=department.version,
        short_name=department.short_name,
        formal_name="Miljø- og Teknikafdelingen",
    )


def _leave_traces(*, admin: Any, editor: Any, unit: Any, approver_name: str) -> None:
    """What else a site holds: a session, a change in the admin, a document being imported
    (and one read by the task queue), a plan's Word document built by the queue, API tokens
    (one revoked), calendar addresses (one stopped by a new one), a single sign-on identity,
    a user's choice of e-mailed notices, and sign-in attempts (one failed)."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Permission
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client
    from django.urls import reverse

    from virkplan.api.services import token_create, token_revoke
    from virkplan.cycle.services import calendar_address_renew
    from virkplan.interchange.legacy.drafts import draft_create
    from virkplan.interchange.legacy.services import reading_from_file
    from virkplan.interchange.legacy.uploads import upload_create
    from virkplan.notifications.services import notification_preference_update
    from virkplan.organisation.services import sign_in_account_create
    from virkplan.reports.documents import document_order, document_version
    from virkplan.reports.services import document_request

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
    # An upload read by the task queue (here in this process) into a draft of its own.
    upload_create(user=editor, unit=unit, data=text.encode(), filename="plan-2015-igen.txt")
    # A Word document of a plan, built by the task queue into MEDIA_ROOT.
    order = document_order(
        user=editor, key="mt-2014", format="docx", with_follow_up=False, statuses=True
    )
    document_request(order=order, version=document_version(order))

    token_create(actor=editor, owner=editor, name="Målerdata")
    old = token_create(actor=editor, owner=editor, name="Gammel integration")
    token_revoke(actor=editor, token=old.token)
    calendar_address_renew(user=editor)
    calendar_address_renew(user=editor)

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
