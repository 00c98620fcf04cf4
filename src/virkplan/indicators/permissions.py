"""Who may read and change indicators: signed-in users read them; editors of the owning unit
(or a unit above it) change them and record their measurements."""

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, user_roles
from virkplan.plans.models import Criterion

from .models import Indicator


def can_view_indicators(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_create_indicator(user: Actor, unit_id: int) -> bool:
    return user_roles(user).has(Role.EDITOR, unit_id)


def can_create_any_indicator(user: Actor) -> bool:
    """Whether the user edits plans of some unit, so may create an indicator there."""
    return bool(user_roles(user).units_with(Role.EDITOR))


def can_edit_indicator(user: Actor, indicator: Indicator) -> bool:
    """Change the indicator and record, correct or upload its measurements."""
    return user_roles(user).has(Role.EDITOR, indicator.unit_id)


def can_link_criterion(user: Actor, criterion: Criterion) -> bool:
    """Say which indicator measures a criterion: editors of the plan's unit or of the unit
    responsible for the goal, whatever the plan's status (the link is evidence, not the plan's
    text)."""
    roles = user_roles(user)
    goal = criterion.goal
    plan_unit = goal.plan_focus_area.plan.unit_id
    return roles.has(Role.EDITOR, plan_unit) or (
        goal.responsible_unit_id is not None and roles.has(Role.EDITOR, goal.responsible_unit_id)
    )
