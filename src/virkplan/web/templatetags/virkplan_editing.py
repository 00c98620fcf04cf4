"""Template filters for the editing pages: what the signed-in user may change.

The rules are plans.permissions'; these filters only make them usable in templates.
"""

from typing import Any

from django import template

from virkplan.organisation.permissions import Actor
from virkplan.plans import permissions
from virkplan.plans.models import Plan

register = template.Library()


@register.filter
def may_create_plan_in(user: Actor, unit: Any) -> bool:
    """Whether the user may start a new plan for the unit."""
    return bool(getattr(user, "is_authenticated", False)) and permissions.can_create_plan(
        user, unit.pk
    )


@register.filter
def may_edit(user: Actor, plan: Plan) -> bool:
    """Whether the plan's editing page has something for the user.

    A draft the user may change or add goals to, or an approved or published
    plan the user may start a new revision of.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return permissions.can_add_goals(user, plan) or permissions.can_start_revision(user, plan)
