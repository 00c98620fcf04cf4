"""What a notice says, in the active language: the same words in the list and in the e-mail."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from virkplan.plans.models import Plan

from .models import Notification, NotificationKind

HEADLINES: dict[str, Promise] = {
    NotificationKind.PLAN_SUBMITTED: _("The plan “%(plan)s” is submitted for your approval"),
    NotificationKind.PLAN_RETURNED: _("The plan “%(plan)s” is returned to draft"),
    NotificationKind.PLAN_APPROVED: _("The plan “%(plan)s” is approved"),
    NotificationKind.PLAN_PUBLISHED: _("The plan “%(plan)s” is published"),
    NotificationKind.DEADLINE_SOON: _("Deadline %(date)s: %(activity)s"),
    NotificationKind.DEADLINE_OVERDUE: _("The deadline %(date)s has passed: %(activity)s"),
    NotificationKind.WEEKLY_DIGEST: _("What waits for you this week"),
    NotificationKind.MENTIONED: _("%(person)s mentioned you in a comment on “%(plan)s”"),
}
ACTIONS: dict[str, Promise] = {
    NotificationKind.PLAN_SUBMITTED: _("Approve the plan or return it"),
    NotificationKind.PLAN_RETURNED: _("Change the plan and submit it again"),
    NotificationKind.PLAN_APPROVED: _("See the plan"),
    NotificationKind.PLAN_PUBLISHED: _("See the plan"),
    NotificationKind.DEADLINE_SOON: _("Do it here"),
    NotificationKind.DEADLINE_OVERDUE: _("Do it here"),
    NotificationKind.WEEKLY_DIGEST: _("See your tasks"),
    NotificationKind.MENTIONED: _("See the comment"),
}

# What the text kept with a notice is, where it is not a comment: the digest keeps its list.
TEXT_LABELS: dict[str, Promise] = {
    NotificationKind.WEEKLY_DIGEST: _("Your deadlines:"),
}


@dataclass(frozen=True)
class NoticeText:
    """A notice in words: its headline, who did it, the comment, and where the work is done."""

    headline: str
    by: str
    comment: str
    action: str
    path: str
    comment_label: str = ""
    """What the mail calls `comment`: "Comment:", or for a digest its list of deadlines."""


def person(user: object | None) -> str:
    if user is None:
        return gettext("virkplan")
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or str(getattr(user, "username", user))


def notice_text(notification: Notification) -> NoticeText:
    """The notice's words in the active language, and the path of the page its work is on."""
    plan = notification.plan
    title = plan.title if plan is not None else ""
    activity = notification.activity
    due_on = notification.due_on
    return NoticeText(
        headline=str(HEADLINES[notification.kind])
        % {
            "plan": title,
            "activity": activity.title if activity is not None else "",
            "person": person(notification.actor),
            "date": formats.date_format(due_on, "DATE_FORMAT") if due_on is not None else "",
        },
        by=gettext("By %(person)s") % {"person": person(notification.actor)},
        comment=notification.comment,
        action=str(ACTIONS[notification.kind]),
        path=_path(notification),
        comment_label=str(TEXT_LABELS.get(notification.kind, _("Comment:"))),
    )


def _path(notification: Notification) -> str:
    plan = notification.plan
    if notification.kind == NotificationKind.WEEKLY_DIGEST:
        return reverse("web:my-tasks")
    if notification.kind in (NotificationKind.DEADLINE_SOON, NotificationKind.DEADLINE_OVERDUE):
        return _deadline_path(notification)
    if plan is None:
        return reverse("web:notifications")
    if notification.kind == NotificationKind.MENTIONED:
        return _comment_path(notification, plan)
    if notification.kind == NotificationKind.PLAN_RETURNED:
        return reverse("web:plan-edit", args=[plan.key])
    if notification.kind == NotificationKind.PLAN_SUBMITTED:
        return reverse("web:plan", args=[plan.key]) + "#workflow"
    return reverse("web:plan", args=[plan.key])


def _deadline_path(notification: Notification) -> str:
    """Where a deadline's work is done: the follow-up round, the plan's workflow, the plan,
    or the unit's page when it has no plan for the year yet."""
    plan, activity = notification.plan, notification.activity
    if plan is None:
        if notification.unit is not None:
            return reverse("web:unit", args=[notification.unit.key])
        return reverse("web:my-tasks")
    kind = activity.kind if activity is not None else ""
    if kind == "follow_up":
        return reverse("web:follow-up-round", args=[plan.key])
    if kind in ("submit", "approve", "publish"):
        return reverse("web:plan", args=[plan.key]) + "#workflow"
    return reverse("web:plan", args=[plan.key])


def _comment_path(notification: Notification, plan: Plan) -> str:
    """The comment on its goal's page, or on its plan's page when it is about the plan."""
    if notification.goal is not None:
        path = reverse("web:goal", args=[notification.goal.key])
    else:
        path = reverse("web:plan", args=[plan.key])
    return f"{path}#{notification.anchor}" if notification.anchor else path
