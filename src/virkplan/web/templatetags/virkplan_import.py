"""Template helpers for importing plan documents."""

from typing import Any

from django import template
from django.utils.text import capfirst

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, user_roles
from virkplan.plans.models import FollowUpStatus

register = template.Library()


@register.filter
def may_import_plans(user: Actor) -> bool:
    """Whether the user writes plans for some unit, and so may import plan documents."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user_roles(user).units_with(Role.EDITOR))


@register.simple_tag
def node_holds(node: Any, *numbers: Any) -> bool:
    """Whether a run of ignored blocks holds one of the block numbers (to show it open)."""
    return any(node.holds(number) for number in numbers)


@register.filter
def unit_name(key: str, names: dict[str, str]) -> str:
    """A plan block's unit by name, or its key when no unit has that key."""
    return names.get(key, key)


@register.filter
def follow_up_status(value: str) -> str:
    """A follow-up block's status in words ("Delvist opfyldt"), or the value as it stands."""
    labels = dict(FollowUpStatus.choices)
    return capfirst(str(labels.get(value, value)))
