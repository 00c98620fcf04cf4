"""The plan page's count of each goal's comments."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def comment_count(counts: Any, goal_id: int) -> int:
    """How many comments the goal has, from the counts the page read in one query
    (web.views.comments.CommentCounts)."""
    return counts.of(goal_id) if counts else 0
