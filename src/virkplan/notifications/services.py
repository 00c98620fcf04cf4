"""Every write of notices: made once per event and recipient, read, mailed once, and chosen."""

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from virkplan.core.errors import DomainError
from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor
from virkplan.plans.models import Goal, Plan, PlanEvent, PlanStatus

from .mail import notice_mail
from .models import Notification, NotificationKind, NotificationPreference
from .selectors import holders_of, preference_of, submitter_of

logger = logging.getLogger(__name__)

MSG_UNKNOWN_LANGUAGE = _("Language of e-mails: choose one of the languages offered.")
MSG_UNKNOWN_KIND = _("E-mail: choose among the kinds of notification offered.")

# The sweep (celery beat) tries to mail a notice whose mail was not sent once it is this old
# (a younger one may still be on the queue), and gives up when it is older than two days.
MAIL_SWEEP_AFTER = timedelta(minutes=10)
MAIL_GIVE_UP_AFTER = timedelta(days=2)


def kind_of_step(event: PlanEvent) -> str | None:
    """The kind of notice a workflow step gives, or None (archiving tells nobody)."""
    if event.from_status == PlanStatus.SUBMITTED and event.to_status == PlanStatus.DRAFT:
        return NotificationKind.PLAN_RETURNED
    return {
        PlanStatus.SUBMITTED: NotificationKind.PLAN_SUBMITTED,
        PlanStatus.APPROVED: NotificationKind.PLAN_APPROVED,
        PlanStatus.PUBLISHED: NotificationKind.PLAN_PUBLISHED,
    }.get(PlanStatus(event.to_status))


def recipients_of_step(event: PlanEvent, kind: str) -> list[User]:
    """Submitted: the plan's approvers (its administrators when no other approver has it).
    Returned, approved, published: its editors and whoever submitted it. Never the one who
    acted."""
    unit_id = event.plan.unit_id

    def others(users: list[User]) -> list[User]:
        return [user for user in users if user.pk != event.user_id]

    if kind == NotificationKind.PLAN_SUBMITTED:
        return others(holders_of(role=Role.APPROVER, unit_id=unit_id)) or others(
            holders_of(role=Role.ADMINISTRATOR, unit_id=unit_id)
        )
    users = holders_of(role=Role.EDITOR, unit_id=unit_id)
    submitter = submitter_of(event=event)
    if submitter is not None and submitter.pk not in {user.pk for user in users}:
        users.append(submitter)
    return others(users)


def notifications_for_plan_event(*, event: PlanEvent) -> list[Notification]:
    """The notices of a workflow step, made in the step's transaction: one per recipient, and
    none again when the step is announced twice. Their mails are queued once it commits."""
    kind = kind_of_step(event)
    if kind is None:
        return []
    made = []
    for recipient in recipients_of_step(event, kind):
        notification, created = Notification.objects.get_or_create(
            recipient=recipient,
            key=f"plan-event:{event.pk}",
            defaults={
                "kind": kind,
                "plan": event.plan,
                "actor_id": event.user_id,
                "comment": event.comment,
                "email_due": bool(recipient.email) and preference_of(user=recipient).emails(kind),
            },
        )
        if created:
            made.append(notification)
    for notification in made:
        if notification.email_due:
            transaction.on_commit(mail_once_committed(notification.pk), robust=True)
    return made


def notification_create(
    *,
    recipient: User,
    kind: str,
    key: str,
    plan: Plan | None = None,
    goal: Goal | None = None,
    anchor: str = "",
    actor: User | None = None,
    comment: str = "",
) -> Notification | None:
    """One notice to one user about `key`, made in the caller's transaction; None when the
    user already has one about it. Its mail is queued once the transaction commits."""
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        key=key,
        defaults={
            "kind": kind,
            "plan": plan,
            "goal": goal,
            "anchor": anchor,
            "actor": actor,
            "comment": comment,
            "email_due": bool(recipient.email) and preference_of(user=recipient).emails(kind),
        },
    )
    if not created:
        return None
    if notification.email_due:
        transaction.on_commit(mail_once_committed(notification.pk), robust=True)
    return notification


def mail_once_committed(notification_id: int) -> Callable[[], None]:
    """What queues a notice's mail when its transaction commits: a function with a name, so a
    failure there is logged by it (Django names the callback in its log)."""

    def queue_notice_mail() -> None:
        _queue_mail(notification_id)

    return queue_notice_mail


def _queue_mail(notification_id: int) -> None:
    from .tasks import send_notification_mail

    send_notification_mail.delay(notification_id)


def notification_mail_send(*, notification_id: int) -> bool:
    """Mail the notice unless it has been mailed, or its recipient no longer wants it.

    The notice stays locked while the mail is handed to the mail server, so two workers
    never both send it; a refusal raises, nothing is marked, and the task tries again.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "plan", "plan__unit", "goal", "actor", "activity", "unit")
            .filter(pk=notification_id, email_due=True, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        recipient = notification.recipient
        if not recipient.email or not preference_of(user=recipient).emails(notification.kind):
            notification.email_due = False
            notification.save(update_fields=["email_due", "updated_at"])
            return False
        notice_mail(notification).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at", "updated_at"])
    return True


def pending_mail_ids() -> list[int]:
    """Notices whose mail is due but not sent, made ten minutes to two days ago, oldest first."""
    now = timezone.now()
    return list(
        Notification.objects.filter(
            email_due=True,
            emailed_at__isnull=True,
            created_at__gte=now - MAIL_GIVE_UP_AFTER,
            created_at__lte=now - MAIL_SWEEP_AFTER,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notification_mark_read(*, user: Actor, notification: Notification) -> Notification:
    """Mark one of the user's own notices read (another's is refused as not found)."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notifications_mark_all_read(*, user: Actor) -> int:
    """Mark every unread notice of the user read; how many there were."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now(), updated_at=timezone.now()
    )


@transaction.atomic
def notification_preference_update(
    *, user: Actor, emailed_kinds: Iterable[str], language: str
) -> NotificationPreference:
    """Keep the user's choice of the kinds that come by e-mail, and the e-mails' language."""
    emailed = set(emailed_kinds)
    if not emailed <= set(NotificationKind.values):
        raise DomainError(str(MSG_UNKNOWN_KIND))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise DomainError(str(MSG_UNKNOWN_LANGUAGE))
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user_id=user.pk
    )
    preference.muted_kinds = [kind for kind in NotificationKind.values if kind not in emailed]
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference
