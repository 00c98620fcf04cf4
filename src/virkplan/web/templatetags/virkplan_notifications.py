"""The header's count of the signed-in user's unread notifications."""

from typing import Any

from django import template

from virkplan.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """How many of the user's notifications are unread (one query; 0 when not signed in)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return 0
    return unread_count(user=user)
