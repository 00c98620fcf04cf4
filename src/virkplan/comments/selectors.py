"""The threads as the pages read them: a fixed number of queries whatever the plan's size."""

from django.db.models import Count

from virkplan.plans.models import Goal, Plan

from .models import Comment


def thread(*, plan: Plan, goal: Goal | None = None) -> list[Comment]:
    """The comments on the goal, or on the plan as a whole, oldest first (one query).

    Callers check `permissions.can_view_comments` first.
    """
    return list(
        Comment.objects.filter(plan=plan, goal=goal)
        .select_related("author", "plan")
        .order_by("created_at", "pk")
    )


def counts_by_goal(*, plan: Plan) -> dict[int, int]:
    """How many comments, not deleted, each goal of the plan has (one query)."""
    rows = (
        Comment.objects.filter(plan=plan, goal__isnull=False, deleted=False)
        .values("goal_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["goal_id"]: row["count"] for row in rows}
