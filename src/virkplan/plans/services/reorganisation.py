"""Reorganisation: goals moved to another unit's responsibility."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from virkplan.core.data_version import atomic_write
from virkplan.core.errors import DomainError
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor

from .. import permissions
from ..models import (
    Goal,
)
from ..selectors import goals_responsible_to
from .common import (
    _require,
)


@atomic_write
def goals_move_to_unit(
    *, user: Actor, source: Unit, target: Unit, goal_keys: Iterable[str] | None = None
) -> int:
    """Give goals the source unit is responsible for to its successor unit.

    The source is responsible for the goals that name it, and for the goals
    without a responsible unit in its own plans. All of them move, or only
    those in `goal_keys` (a reorganisation may split a unit's goals among
    several successors). The goals keep their plans, criteria, follow-ups
    and history; only the responsible unit changes. Returns how many moved.
    """
    _require(
        permissions.can_reorganise(user, source.pk) and permissions.can_reorganise(user, target.pk)
    )
    if source.pk == target.pk:
        raise DomainError(_("Choose another unit to move the goals to."))
    # Lock only the goals: the query joins plans, and PostgreSQL cannot lock an outer join.
    goals_qs = Goal.objects.select_for_update(of=("self",)).filter(
        pk__in=goals_responsible_to(unit_id=source.pk).values("pk")
    )
    if goal_keys is not None:
        keys = set(goal_keys)
        if not keys:
            raise DomainError(_("Choose at least one goal to move."))
        goals_qs = goals_qs.filter(key__in=keys)
    goals = list(goals_qs)
    if goal_keys is not None and len(goals) != len(keys):
        raise DomainError(_("Only goals the unit is responsible for can be moved from it."))
    for goal in goals:
        goal.responsible_unit = target
        goal.version += 1
        goal.save()
    if not source.successors.filter(pk=target.pk).exists():
        source.successors.add(target)
    return len(goals)


# History -------------------------------------------------------------------------------------
