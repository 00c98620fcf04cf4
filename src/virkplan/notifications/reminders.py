"""The yearly cycle's reminders: before a deadline, when it has passed, and a weekly digest.

`reminders_send(on=...)` does what the daily schedule does for that day; run again for the
same day (or any later one) it makes no reminder twice: each has a key per occurrence of an
activity, kind and recipient.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import formats

from virkplan.cycle.selectors import (
    OVERDUE_SHOWN_FOR,
    DeadlineState,
    Occurrence,
    activities_of,
    holders_of_activity,
    occurrence,
    waiting_deadlines,
)
from virkplan.organisation.models import RoleGrant, Unit

from .models import Notification, NotificationKind
from .selectors import preference_of
from .services import mail_once_committed

MONDAY = 0


@dataclass
class ReminderResult:
    """How many notices the run made, by kind."""

    soon: int = 0
    overdue: int = 0
    digests: int = 0
    made: list[int] = field(default_factory=list)


def occurrences_on(on: date) -> list[Occurrence]:
    """Every occurrence of every unit's cycle in the years around the day (last year's late
    deadlines, next year's early ones)."""
    units = Unit.objects.in_bulk()
    found = []
    seen: set[tuple[int, int]] = set()
    for unit_id in units:
        for activity in activities_of(unit_id=unit_id):
            if (activity.pk, unit_id) in seen:
                continue
            seen.add((activity.pk, unit_id))
            for year in (on.year - 1, on.year, on.year + 1):
                deadline = activity.deadline_in(year)
                if deadline - timedelta(days=settings.VIRKPLAN_REMINDER_DAYS_BEFORE) <= on and (
                    on <= deadline + timedelta(days=OVERDUE_SHOWN_FOR)
                ):
                    found.append(occurrence(activity, units[unit_id], year))
    return found


def reminder_kind(item: Occurrence, on: date) -> str | None:
    """The reminder the occurrence gives on the day, or None."""
    state = item.state(on)
    if state == DeadlineState.DUE:
        return NotificationKind.DEADLINE_SOON
    overdue_from = item.deadline + timedelta(days=settings.VIRKPLAN_REMINDER_DAYS_OVERDUE)
    if state == DeadlineState.OVERDUE and on >= overdue_from:
        return NotificationKind.DEADLINE_OVERDUE
    return None


def _notify(recipient: User, key: str, kind: str, **fields) -> Notification | None:
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        key=key,
        defaults={
            "kind": kind,
            "email_due": bool(recipient.email) and preference_of(user=recipient).emails(kind),
            **fields,
        },
    )
    if not created:
        return None
    if notification.email_due:
        transaction.on_commit(mail_once_committed(notification.pk), robust=True)
    return notification


@transaction.atomic
def reminders_send(*, on: date) -> ReminderResult:
    """The reminders for the day, and on a Monday each user's digest; none made twice."""
    result = ReminderResult()
    for item in occurrences_on(on):
        kind = reminder_kind(item, on)
        if kind is None:
            continue
        for recipient in holders_of_activity(activity=item.activity, unit_id=item.unit.pk):
            made = _notify(
                recipient,
                f"cycle:{item.key}:{kind}",
                kind,
                activity=item.activity,
                unit=item.unit,
                plan=item.plan,
                due_on=item.deadline,
            )
            if made is not None:
                result.made.append(made.pk)
                if kind == NotificationKind.DEADLINE_SOON:
                    result.soon += 1
                else:
                    result.overdue += 1
    if on.weekday() == MONDAY:
        result.digests = _digests(on, result)
    return result


def _digests(on: date, result: ReminderResult) -> int:
    """Each user with deadlines waiting gets the week's digest, listing them."""
    made = 0
    user_ids = set(RoleGrant.objects.values_list("user_id", flat=True))
    for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        waiting = waiting_deadlines(user=user, on=on)
        if not waiting:
            continue
        lines = [
            " · ".join(
                (
                    formats.date_format(d.occurrence.deadline, "SHORT_DATE_FORMAT"),
                    f"{d.occurrence.activity.title} ({d.occurrence.unit.name})",
                )
            )
            for d in waiting
        ]
        year, week, _day = on.isocalendar()
        notification = _notify(
            user,
            f"digest:{year}-W{week:02d}",
            NotificationKind.WEEKLY_DIGEST,
            comment="\n".join(lines),
            due_on=on,
        )
        if notification is not None:
            result.made.append(notification.pk)
            made += 1
    return made
