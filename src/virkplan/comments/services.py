"""Every write of comments: post, edit one's own, delete (one's own, or any as administrator).

A comment that @mentions someone who may see the thread notifies them once; editing it
notifies only those it mentions for the first time; nobody is notified of their own mention.
Anonymous readers never see comments, so no write here changes a cached page.
"""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from virkplan.core.errors import DomainError, NotAllowed
from virkplan.notifications.models import NotificationKind
from virkplan.notifications.services import notification_create
from virkplan.organisation.permissions import Actor, recorded_user
from virkplan.plans.models import Goal, Plan

from .mentions import mentioned_users
from .models import MAX_COMMENT_LENGTH, Comment
from .permissions import can_delete_comment, can_edit_comment, can_view_comments

MSG_MAY_NOT_COMMENT = _("You may not read or write comments on this plan.")
MSG_MAY_NOT_EDIT = _("Only its author may change a comment.")
MSG_MAY_NOT_DELETE = _("Only its author or an administrator may delete a comment.")
MSG_EMPTY = _("Comment: write a comment.")
MSG_TOO_LONG = _("Comment: at most %(limit)s characters (it has %(length)s).")
MSG_GOAL_OF_ANOTHER_PLAN = _("The goal is not in this plan.")


def _clean_text(text: str) -> str:
    # Line breaks as the browser sends them (CR LF) are kept as one.
    cleaned = text.replace("\r\n", "\n").strip()
    if not cleaned:
        raise DomainError(str(MSG_EMPTY))
    if len(cleaned) > MAX_COMMENT_LENGTH:
        raise DomainError(str(MSG_TOO_LONG) % {"limit": MAX_COMMENT_LENGTH, "length": len(cleaned)})
    return cleaned


def _save(comment: Comment) -> None:
    try:
        comment.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    comment.save()


@transaction.atomic
def comment_post(*, user: Actor, plan: Plan, goal: Goal | None = None, text: str) -> Comment:
    """Post a comment on the plan, or on one of its goals, and notify whom it mentions."""
    if not can_view_comments(user, plan):
        raise NotAllowed(str(MSG_MAY_NOT_COMMENT))
    if goal is not None and goal.plan_focus_area.plan_id != plan.pk:
        raise DomainError(str(MSG_GOAL_OF_ANOTHER_PLAN))
    comment = Comment(plan=plan, goal=goal, author=recorded_user(user), text=_clean_text(text))
    _save(comment)
    _notify_mentioned(comment, already=set())
    return comment


@transaction.atomic
def comment_edit(*, user: Actor, comment: Comment, text: str) -> Comment:
    """Change one's own comment; those it now mentions for the first time are notified."""
    comment = Comment.objects.select_for_update().select_related("plan").get(pk=comment.pk)
    if not can_edit_comment(user, comment):
        raise NotAllowed(str(MSG_MAY_NOT_EDIT))
    cleaned = _clean_text(text)
    if cleaned == comment.text:
        return comment
    comment.text = cleaned
    comment.edited_at = timezone.now()
    _save(comment)
    _notify_mentioned(comment, already=set(comment.mentioned.values_list("pk", flat=True)))
    return comment


@transaction.atomic
def comment_delete(*, user: Actor, comment: Comment) -> Comment:
    """Delete a comment: its place in the thread says it is deleted; its history keeps it."""
    comment = Comment.objects.select_for_update().select_related("plan").get(pk=comment.pk)
    if not can_delete_comment(user, comment):
        raise NotAllowed(str(MSG_MAY_NOT_DELETE))
    comment.deleted = True
    comment.save(update_fields=["deleted", "updated_at"])
    return comment


def _notify_mentioned(comment: Comment, *, already: set[int]) -> list[User]:
    """Notify those the comment mentions who may see its thread, except its author and
    those it mentioned before; remember them as mentioned."""
    mentioned = [
        user
        for user in mentioned_users(comment.text)
        if user.pk != comment.author_id and can_view_comments(user, comment.plan)
    ]
    new = [user for user in mentioned if user.pk not in already]
    if new:
        comment.mentioned.add(*new)
    for user in new:
        notification_create(
            recipient=user,
            kind=NotificationKind.MENTIONED,
            key=f"comment-mention:{comment.pk}",
            plan=comment.plan,
            goal=comment.goal,
            anchor=comment.anchor,
            actor=comment.author,
            comment=comment.text,
        )
    return new
