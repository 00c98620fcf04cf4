"""Template tags for the history pages: who may see a plan's history."""

from typing import Any

from django import template

from virkplan.plans.models import Plan
from virkplan.plans.permissions import can_view_history

register = template.Library()


@register.simple_tag(takes_context=True)
def may_view_history(context: dict[str, Any], plan: Plan) -> bool:
    """Whether the signed-in user may see the plan's history (anonymous visitors never may)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return can_view_history(user, plan)
