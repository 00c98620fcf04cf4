"""The year runs itself, on the demo as a municipality would meet it: the unit leader is
reminded before the follow-up deadline with a link into the round and sees it in "Mine
opgaver"; the approver hears when a plan is submitted. Real mails, through an SMTP server
in the test process."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from virkplan.demo.services import demo_users_create
from virkplan.notifications.models import Notification, NotificationKind
from virkplan.plans import services
from virkplan.plans.models import Plan

ROUND_DAY = date(2014, 6, 20)
A_WEEK_BEFORE = date(2014, 6, 23)


@pytest.fixture
def demo_people(demo, settings) -> dict[str, User]:
    settings.VIRKPLAN_DEMO_USERS = True
    demo_users_create()
    return {user.username: user for user in User.objects.all()}


def _send(day: date, commit) -> str:
    out = StringIO()
    with commit(execute=True):
        call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def test_the_unit_leader_is_reminded_with_a_link_into_the_round_and_sees_it_in_my_tasks(
    client, demo_people, smtp, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    # Given the demo's 2014 plan with its half-year follow-up round opened by the editor
    plan = Plan.objects.get(key="mt-2014")
    services.follow_up_round_start(user=demo_people["redaktoer"], plan=plan, on=ROUND_DAY)
    round_path = reverse("web:follow-up-round", args=[plan.key])

    # When the reminders run a week before the department's deadline (30 June)
    _send(A_WEEK_BEFORE, django_capture_on_commit_callbacks)

    # Then Forsyning's leader, whose goals are in the department's plan, has a mail in
    # Danish, plain text and HTML, with a link straight into the round
    mails = {
        str(mail["Subject"]).strip(): mail
        for mail in smtp.to("redaktoer-forsyning@albertslund.example")
    }
    reminder = mails.pop("virkplan: Frist 30. juni 2014: Opfølgning ved halvår")
    assert reminder.get_body(("plain",)).get_content().count(round_path) == 1
    assert f'{round_path}"' in reminder.get_body(("html",)).get_content()
    # (and, as it is a Monday, the weekly digest listing it)
    digest = mails.pop("virkplan: Det venter på dig i denne uge").get_body(("plain",))
    assert "Dine frister:\r\n30.06.2014 · Opfølgning ved halvår (Forsyning)" in digest.get_content()
    assert not mails
    # And the same notice is in their list of notifications, linked to the round
    client.force_login(demo_people["redaktoer-forsyning"])
    listed = client.get(reverse("web:notifications")).content.decode()
    assert "Frist 30. juni 2014: Opfølgning ved halvår" in listed
    assert f'href="{round_path}"' in listed

    # And "Mine opgaver" shows the deadline as due soon, linked to the round
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: A_WEEK_BEFORE)
    html = client.get(reverse("web:my-tasks")).content.decode()
    deadlines = html.split('id="tasks-deadlines"', 1)[1].split("</section>", 1)[0]
    assert "Opfølgning ved halvår" in deadlines
    assert "Snart" in deadlines
    assert f'href="{round_path}"' in deadlines

    # And running the reminders again the same day sends nothing twice
    _send(A_WEEK_BEFORE, django_capture_on_commit_callbacks)
    assert len(smtp.to("redaktoer-forsyning@albertslund.example")) == 2


def test_the_approver_is_told_when_the_editor_submits_a_plan(
    demo_people, smtp, django_capture_on_commit_callbacks
) -> None:
    # Given next year's plan, drafted by the department's editor
    editor, approver = demo_people["redaktoer"], demo_people["godkender"]
    plan = Plan.objects.get(key="mt-2014")
    draft = services.plan_create(
        user=editor, unit=plan.unit, title="Virksomhedsplan 2015", start_year=2015, end_year=2015
    )
    # When the editor submits it
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_transition(user=editor, plan=draft, to_status="submitted")
    # Then the approver is told, in the list and by mail with a link to the plan
    assert Notification.objects.filter(
        recipient=approver, kind=NotificationKind.PLAN_SUBMITTED, plan=draft
    ).exists()
    mails = smtp.to("godkender@albertslund.example")
    assert len(mails) == 1
    assert reverse("web:plan", args=[draft.key]) in mails[0].get_body(("plain",)).get_content()
    # And the editor who submitted it is not
    assert not smtp.to("redaktoer@albertslund.example")
