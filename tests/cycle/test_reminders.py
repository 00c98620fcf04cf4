"""`virkplan send_reminders`: before a deadline and after it, a Monday digest, never twice,
mailed to those who chose e-mail, with a link to where the work is done."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from virkplan.cycle.models import Activity, ActivityKind
from virkplan.notifications import services as notification_services
from virkplan.notifications.models import Notification, NotificationKind
from virkplan.organisation.models import Role
from virkplan.plans import services

from .conftest import Town

pytestmark = pytest.mark.django_db


def _send(day: str, commit) -> str:
    out = StringIO()
    with commit(execute=True):
        call_command("send_reminders", "--date", day, stdout=out)
    return out.getvalue()


def _published(town: Town) -> None:
    for step, who in (("submitted", "editor"), ("approved", "approver"), ("published", "approver")):
        services.plan_transition(user=town.people[who], plan=town.plan, to_status=step)
        town.plan.refresh_from_db()


def _half_year(town: Town) -> Activity:
    return Activity.objects.create(
        unit=town.units["albertslund"],
        kind=ActivityKind.FOLLOW_UP,
        title="Opfølgning ved halvår",
        role=Role.EDITOR,
        month=6,
        day=30,
    )


def _subject(message) -> str:
    return str(message["Subject"]).strip()


def test_a_reminder_before_the_deadline_links_into_the_round_once(
    town: Town, smtp, settings, django_capture_on_commit_callbacks
) -> None:
    settings.VIRKPLAN_REMINDER_DAYS_BEFORE = 7
    _published(town)
    _half_year(town)
    services.follow_up_round_start(user=town.people["editor"], plan=town.plan, on=date(2026, 6, 25))
    assert _send("2026-06-22", django_capture_on_commit_callbacks).startswith("2026-06-22: 0 ")
    assert not smtp.messages
    _send("2026-06-23", django_capture_on_commit_callbacks)
    # The department's editor: the department's round, and Forsyning's deadline, as their
    # role on the department holds for the units under it
    mails = smtp.to("skriver@albertslund.dk")
    assert len(mails) == 2
    assert {_subject(m) for m in mails} == {"virkplan: Frist 30. juni 2026: Opfølgning ved halvår"}
    bodies = sorted(m.get_body(("plain",)).get_content() for m in mails)
    assert any(f"/plan/{town.plan.key}/opfoelgning/" in body for body in bodies)
    assert any("/enhed/forsyning/" in body for body in bodies)
    # Forsyning's editor has the same deadline on Forsyning, which has no plan: its page
    forsyning = smtp.to("forsyning@albertslund.dk")
    assert len(forsyning) == 1
    assert "/enhed/forsyning/" in forsyning[0].get_body(("plain",)).get_content()
    # Readers, approvers and the other department's approver hear nothing
    assert {recipients[0] for recipients, _m in smtp.messages} == {
        "skriver@albertslund.dk",
        "forsyning@albertslund.dk",
        "kultur@albertslund.dk",
    }
    # The same day again, and the next days: nothing twice
    _send("2026-06-23", django_capture_on_commit_callbacks)
    _send("2026-06-24", django_capture_on_commit_callbacks)
    assert len(smtp.to("skriver@albertslund.dk")) == 2
    assert Notification.objects.filter(kind=NotificationKind.DEADLINE_SOON).count() == 4


def test_an_overdue_reminder_comes_once_and_not_when_it_is_done(
    town: Town, smtp, settings, django_capture_on_commit_callbacks
) -> None:
    settings.VIRKPLAN_REMINDER_DAYS_OVERDUE = 2
    _published(town)
    _half_year(town)
    round = services.follow_up_round_start(
        user=town.people["editor"], plan=town.plan, on=date(2026, 6, 25)
    )
    _send("2026-07-01", django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(kind=NotificationKind.DEADLINE_OVERDUE).exists()
    services.follow_up_round_finish(user=town.people["editor"], round=round)
    _send("2026-07-02", django_capture_on_commit_callbacks)
    overdue = Notification.objects.filter(kind=NotificationKind.DEADLINE_OVERDUE)
    # Miljø & Teknik finished its round; Forsyning and Kultur did not.
    assert set(overdue.values_list("unit__key", flat=True)) == {"forsyning", "kultur"}
    # Forsyning's to its editor and the department's, Kultur's to its editor
    _send("2026-07-03", django_capture_on_commit_callbacks)
    assert overdue.count() == 3
    mails = smtp.to("kultur@albertslund.dk")
    assert [_subject(m) for m in mails] == [
        "virkplan: Fristen 30. juni 2026 er overskredet: Opfølgning ved halvår"
    ]


def test_a_user_who_turned_reminders_off_gets_the_notice_but_no_mail(
    town: Town, smtp, django_capture_on_commit_callbacks
) -> None:
    _half_year(town)
    notification_services.notification_preference_update(
        user=town.people["editor"],
        emailed_kinds=[NotificationKind.PLAN_SUBMITTED],
        language="da",
    )
    _send("2026-06-25", django_capture_on_commit_callbacks)
    # the department's deadline and Forsyning's under it
    assert Notification.objects.filter(recipient=town.people["editor"]).count() == 2
    assert not smtp.to("skriver@albertslund.dk")
    assert smtp.to("forsyning@albertslund.dk")


def test_the_monday_digest_lists_what_waits_once_a_week(
    town: Town, smtp, django_capture_on_commit_callbacks
) -> None:
    _half_year(town)
    Activity.objects.create(
        unit=town.units["miljo-teknik"],
        kind=ActivityKind.FREE,
        title="Personaleseminar",
        role=Role.EDITOR,
        month=6,
        day=20,
    )
    # 2026-06-29 is a Monday: the half-year deadline is due, the seminar past
    _send("2026-06-29", django_capture_on_commit_callbacks)
    digests = Notification.objects.filter(kind=NotificationKind.WEEKLY_DIGEST)
    assert set(digests.values_list("recipient__username", flat=True)) == {
        "editor",
        "unit-editor",
        "culture-editor",
    }
    mail = [m for m in smtp.to("skriver@albertslund.dk") if "uge" in _subject(m)]
    assert len(mail) == 1
    body = mail[0].get_body(("plain",)).get_content()
    assert "Opfølgning ved halvår (Miljø & Teknik)" in body
    assert "Personaleseminar (Miljø & Teknik)" in body
    assert re.search(r"/mine-opgaver/", body)
    _send("2026-06-29", django_capture_on_commit_callbacks)
    _send("2026-06-30", django_capture_on_commit_callbacks)  # not a Monday
    assert digests.count() == 3
    _send("2026-07-06", django_capture_on_commit_callbacks)  # the next Monday
    assert digests.count() == 6


def test_a_date_that_is_no_day_is_refused_naming_the_option(town: Town) -> None:
    with pytest.raises(CommandError, match="--date"):
        call_command("send_reminders", "--date", "2026-13-01")


def test_a_reminder_comes_in_english_by_choice_and_shows_in_the_list(
    client, town: Town, smtp, django_capture_on_commit_callbacks
) -> None:
    _half_year(town)
    notification_services.notification_preference_update(
        user=town.people["editor"],
        emailed_kinds=[NotificationKind.DEADLINE_SOON],
        language="en",
    )
    _send("2026-06-25", django_capture_on_commit_callbacks)
    mails = smtp.to("skriver@albertslund.dk")  # the department's, and Forsyning's under it
    assert len(mails) == 2
    mail = mails[0]
    assert {_subject(m) for m in mails} == {
        "virkplan: Deadline June 30, 2026: Opfølgning ved halvår"
    }
    assert mail.get_body(("html",)).get_content().count("<a href=") >= 1
    client.force_login(town.people["editor"])
    html = client.get(reverse("web:notifications")).content.decode()
    assert "Frist 30. juni 2026: Opfølgning ved halvår" in html
    assert f'href="{reverse("web:plan", args=[town.plan.key])}"' not in html  # not a round yet
    assert f'href="{reverse("web:follow-up-round", args=[town.plan.key])}"' in html
