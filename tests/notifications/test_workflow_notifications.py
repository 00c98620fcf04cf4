"""The plan workflow notifies the right people, once, and mails those who chose e-mail."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from virkplan.notifications import services as notification_services
from virkplan.notifications.models import Notification, NotificationKind
from virkplan.plans import services
from virkplan.plans.models import PlanEvent, PlanStatus
from virkplan.plans.signals import plan_moved

from .conftest import Town

pytestmark = pytest.mark.django_db


def _move(town: Town, who: str, to_status: str, comment: str = "", *, commit) -> None:
    """`who` moves the town's plan, and the transaction's after-commit work (the mails) runs."""
    with commit(execute=True):
        services.plan_transition(
            user=town.people[who], plan=town.plan, to_status=to_status, comment=comment
        )
    town.plan.refresh_from_db()


def _notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _subject(message) -> str:
    # Django folds a long encoded subject onto the header's next line; mail programs
    # read it without the fold's leading space.
    return str(message["Subject"]).strip()


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def test_each_step_notifies_exactly_the_people_whose_work_it_is(
    town, smtp, django_capture_on_commit_callbacks
):
    # Given a draft plan of Miljø & Teknik
    commit = django_capture_on_commit_callbacks
    # When its editor submits it, its approver returns it, the editor submits it again, and
    # the approver approves and publishes it
    _move(town, "editor", PlanStatus.SUBMITTED, commit=commit)
    _move(town, "approver", PlanStatus.DRAFT, "Mål 2 mangler et måltal.", commit=commit)
    _move(town, "editor", PlanStatus.SUBMITTED, commit=commit)
    _move(town, "approver", PlanStatus.APPROVED, commit=commit)
    _move(town, "approver", PlanStatus.PUBLISHED, commit=commit)

    # Then the approver heard of each submission; the editor of the return, the approval and
    # the publication; nobody else heard anything (not the unit below, not the department
    # beside, not the municipality's administrator or reader)
    assert Notification.objects.filter(kind=NotificationKind.PLAN_SUBMITTED).count() == 2
    assert _notified(NotificationKind.PLAN_SUBMITTED) == {"approver"}
    assert _notified(NotificationKind.PLAN_RETURNED) == {"editor"}
    assert _notified(NotificationKind.PLAN_APPROVED) == {"editor"}
    assert _notified(NotificationKind.PLAN_PUBLISHED) == {"editor"}
    assert Notification.objects.count() == 5
    # And each of them got one e-mail for each notice, nobody else any
    assert len(smtp.to("leder@albertslund.dk")) == 2
    assert len(smtp.to("skriver@albertslund.dk")) == 3
    assert len(smtp.messages) == 5
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_returned_plans_mail_is_danish_with_the_comment_and_links_to_the_page_of_the_work(
    town, smtp, django_capture_on_commit_callbacks
):
    # Given a submitted plan
    commit = django_capture_on_commit_callbacks
    _move(town, "editor", PlanStatus.SUBMITTED, commit=commit)
    smtp.messages.clear()
    # When the approver returns it with a comment
    _move(town, "approver", PlanStatus.DRAFT, "Mål 2 mangler et måltal.", commit=commit)

    # Then the editor gets one mail, in Danish, as plain text and as HTML
    (message,) = smtp.to("skriver@albertslund.dk")
    assert (
        _subject(message) == "virkplan: Planen »Virksomhedsplan 2026« er sendt tilbage til kladde"
    )
    assert message["To"] == "skriver@albertslund.dk"
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert message.get_content_type() == "multipart/alternative"
    for body in (plain, html):
        assert "Kære Editor" in body
        assert "Mål 2 mangler et måltal." in body
        assert "Af Approver" in body
    assert "(Miljø & Teknik)" in plain
    assert "(Miljø &amp; Teknik)" in html
    assert '<html lang="da">' in html
    # And its links lead, on the site's own address, to the page where the plan is changed,
    # to the list of notifications, and to the choice of e-mails
    edit = f"https://plan.example.dk/plan/{town.plan.key}/rediger/"
    for body in (plain, html):
        assert _links(body) == [
            edit,
            "https://plan.example.dk/notifikationer/",
            "https://plan.example.dk/notifikationer/indstillinger/",
        ]
    assert f'<a href="{edit}">Ret planen, og send den igen</a>' in html


def test_a_user_who_chose_english_gets_english_mails(
    town, smtp, django_capture_on_commit_callbacks
):
    # Given an approver who chose e-mails in English
    notification_services.notification_preference_update(
        user=town.people["approver"], emailed_kinds=NotificationKind.values, language="en"
    )
    # When the editor submits the plan
    _move(town, "editor", PlanStatus.SUBMITTED, commit=django_capture_on_commit_callbacks)

    # Then the approver's mail is in English, and links to the plan's workflow
    (message,) = smtp.to("leder@albertslund.dk")
    assert _subject(message) == (
        "virkplan: The plan “Virksomhedsplan 2026” is submitted for your approval"
    )
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Dear Approver" in plain and "By Editor" in plain
    assert '<html lang="en">' in html
    plan_url = f"https://plan.example.dk/plan/{town.plan.key}/#workflow"
    assert _links(plain)[0] == plan_url
    assert f'<a href="{plan_url}">Approve the plan or return it</a>' in html


def test_a_user_who_turned_a_kind_off_sees_it_in_the_list_but_gets_no_mail(
    town, smtp, django_capture_on_commit_callbacks
):
    # Given an approver who wants no e-mail of submitted plans, and an editor who wants only those
    notification_services.notification_preference_update(
        user=town.people["approver"],
        emailed_kinds=[NotificationKind.PLAN_APPROVED],
        language="da",
    )
    commit = django_capture_on_commit_callbacks
    # When the plan is submitted and approved
    _move(town, "editor", PlanStatus.SUBMITTED, commit=commit)
    _move(town, "approver", PlanStatus.APPROVED, commit=commit)

    # Then both have their notice in the list
    assert _notified(NotificationKind.PLAN_SUBMITTED) == {"approver"}
    assert _notified(NotificationKind.PLAN_APPROVED) == {"editor"}
    # And only the editor (who never chose) got a mail
    assert smtp.to("leder@albertslund.dk") == []
    assert len(smtp.to("skriver@albertslund.dk")) == 1
    assert not Notification.objects.get(kind=NotificationKind.PLAN_SUBMITTED).email_due


def test_a_step_announced_twice_makes_no_second_notice_and_no_second_mail(
    town, smtp, django_capture_on_commit_callbacks
):
    # Given a plan the editor submitted (the approver notified and mailed)
    commit = django_capture_on_commit_callbacks
    _move(town, "editor", PlanStatus.SUBMITTED, commit=commit)
    event = PlanEvent.objects.get(plan=town.plan, to_status=PlanStatus.SUBMITTED)
    notice = Notification.objects.get()
    # When the same step is announced again, and its mail is sent again
    with commit(execute=True):
        plan_moved.send(sender=type(town.plan), event=event)
    sent_again = notification_services.notification_mail_send(notification_id=notice.pk)

    # Then there is still one notice and one mail
    assert Notification.objects.count() == 1
    assert sent_again is False
    assert len(smtp.messages) == 1


def test_a_user_without_an_e_mail_address_is_notified_in_the_list_only(
    town, smtp, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=town.people["approver"].pk).update(email="")
    _move(town, "editor", PlanStatus.SUBMITTED, commit=django_capture_on_commit_callbacks)
    assert _notified(NotificationKind.PLAN_SUBMITTED) == {"approver"}
    assert smtp.messages == []


def test_the_only_approver_submitting_tells_the_administrators(
    town, smtp, django_capture_on_commit_callbacks
):
    # Given the approver writes and submits the plan themselves
    _move(town, "approver", PlanStatus.SUBMITTED, commit=django_capture_on_commit_callbacks)
    # Then the municipality's administrator, who can approve it, is told; the approver is not
    assert _notified(NotificationKind.PLAN_SUBMITTED) == {"administrator"}
    assert smtp.to("admin@albertslund.dk")


def test_archiving_tells_nobody(town, django_capture_on_commit_callbacks):
    commit = django_capture_on_commit_callbacks
    _move(town, "editor", PlanStatus.SUBMITTED, commit=commit)
    _move(town, "approver", PlanStatus.APPROVED, commit=commit)
    before = Notification.objects.count()
    _move(town, "approver", PlanStatus.ARCHIVED, commit=commit)
    assert Notification.objects.count() == before


def test_a_refused_step_leaves_no_notice(town, django_capture_on_commit_callbacks):
    # Given a draft, when a reader tries to submit it, then it is refused and nobody is told
    from virkplan.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        _move(town, "reader", PlanStatus.SUBMITTED, commit=django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 0


def test_a_mail_the_server_refused_is_sent_by_the_sweep(
    town, smtp, settings, django_capture_on_commit_callbacks
):
    # Given the mail server is away when the plan is submitted
    from virkplan.notifications.tasks import send_pending_notification_mails

    settings.EMAIL_PORT = 1  # nothing listens there
    _move(town, "editor", PlanStatus.SUBMITTED, commit=django_capture_on_commit_callbacks)
    notice = Notification.objects.get()
    assert notice.email_due and notice.emailed_at is None
    # When it is back, and the sweep runs (celery beat's schedule): at once it leaves the
    # notice alone (its task may still be on the queue), a quarter of an hour later it mails it
    settings.EMAIL_PORT = smtp.port
    assert send_pending_notification_mails.delay().get() == 0
    Notification.objects.filter(pk=notice.pk).update(
        created_at=timezone.now() - timedelta(minutes=15)
    )
    assert send_pending_notification_mails.delay().get() == 1

    # Then the mail arrives, once, and the sweep finds nothing more to send
    assert len(smtp.to("leder@albertslund.dk")) == 1
    assert send_pending_notification_mails.delay().get() == 0


def test_the_sweep_gives_up_on_mails_older_than_two_days(town, settings):
    # Given a notice of three days ago whose mail was never sent
    settings.EMAIL_PORT = 1
    services.plan_transition(
        user=town.people["editor"], plan=town.plan, to_status=PlanStatus.SUBMITTED
    )
    Notification.objects.update(created_at=timezone.now() - timedelta(days=3))
    # Then the sweep leaves it
    assert notification_services.pending_mail_ids() == []
