"""Who may read and write a plan's comments: one rule for pages, services and mentions."""

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, user_roles
from virkplan.plans.models import Plan
from virkplan.plans.permissions import can_view_plan, can_view_workflow

from .models import Comment


def can_view_comments(user: Actor | None, plan: Plan) -> bool:
    """Read and write the plan's threads: a signed-in user who may see the plan and holds a
    role that shows its drafts (on its unit, above it, or on a unit below it that answers
    for its goals), or is staff. Anonymous readers of a published plan never see them."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not can_view_plan(user, plan):
        return False
    return bool(getattr(user, "is_staff", False)) or can_view_workflow(user, plan)


def can_edit_comment(user: Actor, comment: Comment) -> bool:
    """Its author, while they may still see the thread."""
    return (
        not comment.deleted
        and getattr(user, "pk", None) is not None
        and comment.author_id == user.pk
        and can_view_comments(user, comment.plan)
    )


def can_delete_comment(user: Actor, comment: Comment) -> bool:
    """Its author, or an administrator of the plan's unit."""
    if comment.deleted or not can_view_comments(user, comment.plan):
        return False
    if getattr(user, "pk", None) is not None and comment.author_id == user.pk:
        return True
    return user_roles(user).has(Role.ADMINISTRATOR, comment.plan.unit_id)
