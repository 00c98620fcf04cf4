"""Template helpers for importing plan documents."""

from typing import Any

from django import template

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, user_roles

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
