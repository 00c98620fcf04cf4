"""Read queries about plans that pages, exports and the API share.

Every function here loads what it returns in a fixed number of queries,
however large the plan is, and applies who may see what in one place.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db.models import Prefetch, Q, QuerySet

from .models import Criterion, FollowUp, Goal, Plan, PlanFocusArea
from .permissions import PUBLIC_STATUSES, visible_unit_ids


class Reader(Protocol):
    """Whoever reads: a signed-in user, an anonymous visitor, or the system itself."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...


class _SystemReader:
    """The server's own rights, for the command line and scheduled jobs: sees every plan."""

    is_authenticated = True
    is_superuser = True
    pk = None


SYSTEM_READER: Reader = _SystemReader()


def plans_visible_to(*, user: Reader | None) -> QuerySet[Plan]:
    """Plans the user may read: published and archived ones, and those of units they have a role in.

    See plans.permissions.visible_unit_ids for which units that is.
    """
    plans = Plan.objects.select_related("unit")
    units = visible_unit_ids(user)
    if units is None:
        return plans
    return plans.filter(Q(status__in=PUBLIC_STATUSES) | Q(unit_id__in=units))


def _goal_queryset() -> QuerySet[Goal]:
    return Goal.objects.select_related("responsible_unit", "continues").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.order_by("position", "id").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.only("id", "goal_id", "position"))
            ),
        ),
    )


def attach_goal_tree(goals: Iterable[Goal]) -> list[Goal]:
    """Give each goal a `subgoal_list` and return the top-level goals, all in order."""
    goals = list(goals)
    children: dict[int, list[Goal]] = defaultdict(list)
    for goal in goals:
        if goal.parent_id is not None:
            children[goal.parent_id].append(goal)
    for goal in goals:
        goal.subgoal_list = children.get(goal.pk, [])
    return [goal for goal in goals if goal.parent_id is None]


@dataclass
class FollowUpRow:
    """Criteria and the follow-ups that speak about them, printed side by side."""

    criteria: list[Criterion]
    follow_ups: list[FollowUp]


def follow_up_rows(goal: Goal) -> list[FollowUpRow]:
    """Pair a goal's criteria with its follow-ups for the two-column layout.

    Criteria that share a follow-up end up in one row, with every follow-up
    that speaks about any of them; rows follow the criteria's order. Criteria
    nobody followed up get a row of their own, and follow-ups about the goal
    as a whole come last.
    """
    criteria = list(goal.criteria.all())
    group = list(range(len(criteria)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    follow_ups = list(goal.follow_ups.all())
    for follow_up in follow_ups:
        indexes = follow_up.criterion_indexes
        for other in indexes[1:]:
            group[root(other)] = root(indexes[0])
    rows: dict[int, FollowUpRow] = {}
    for index, criterion in enumerate(criteria):
        rows.setdefault(root(index), FollowUpRow([], [])).criteria.append(criterion)
    whole_goal = FollowUpRow([], [])
    for follow_up in follow_ups:
        if follow_up.criterion_indexes:
            rows[root(follow_up.criterion_indexes[0])].follow_ups.append(follow_up)
        else:
            whole_goal.follow_ups.append(follow_up)
    result = list(rows.values())
    if whole_goal.follow_ups:
        result.append(whole_goal)
    return result


def _annotate_follow_ups(goal: Goal) -> None:
    """Give each follow-up the 0-based indexes of its criteria, and the goal its rows."""
    index_of = {criterion.pk: index for index, criterion in enumerate(goal.criteria.all())}
    for follow_up in goal.follow_ups.all():
        follow_up.criterion_indexes = sorted(
            index_of[c.pk] for c in follow_up.criteria.all() if c.pk in index_of
        )
    goal.followup_rows = follow_up_rows(goal)


def plan_detail(*, user: Reader | None, key: str) -> Plan:
    """One plan with sections, focus areas, goals, criteria and follow-ups loaded.

    Each plan focus area gets `top_goals`; each goal `subgoal_list`; each
    follow-up `criterion_indexes`. Raises Plan.DoesNotExist when the user may
    not see the plan.
    """
    plan = (
        plans_visible_to(user=user)
        .select_related("unit__parent")
        .prefetch_related(
            "sections",
            Prefetch(
                "plan_focus_areas",
                queryset=PlanFocusArea.objects.select_related(
                    "focus_area", "focus_area__set_by"
                ).prefetch_related(Prefetch("goals", queryset=_goal_queryset())),
            ),
        )
        .get(key=key)
    )
    for plan_focus_area in plan.plan_focus_areas.all():
        goals = list(plan_focus_area.goals.all())
        for goal in goals:
            _annotate_follow_ups(goal)
        plan_focus_area.top_goals = attach_goal_tree(goals)
    return plan


def plan_goals(*, plan: Plan) -> list[Goal]:
    """Every goal of a loaded plan (from plan_detail), in document order, sub-goals included."""
    ordered: list[Goal] = []

    def walk(goals: list[Goal]) -> None:
        for goal in goals:
            ordered.append(goal)
            walk(goal.subgoal_list)

    for plan_focus_area in plan.plan_focus_areas.all():
        walk(plan_focus_area.top_goals)
    return ordered


def goal_detail(*, user: Reader | None, key: str) -> Goal:
    """One goal, with its plan, criteria, follow-ups and sub-goals loaded."""
    visible = plans_visible_to(user=user)
    goal = (
        _goal_queryset()
        .select_related(
            "plan_focus_area__plan__unit",
            "plan_focus_area__focus_area",
            "parent",
        )
        .prefetch_related("subgoals")
        .filter(plan_focus_area__plan__in=visible)
        .get(key=key)
    )
    _annotate_follow_ups(goal)
    return goal


def goal_lineage(*, user: Reader | None, goal: Goal) -> list[Goal]:
    """The goal's history across plans, oldest first: what it continues and what continues it.

    Walks the `continues` links both ways; the links form chains (a goal can
    be carried on by several goals when a plan splits it), so the walk covers
    the connected set. Only goals in plans the user may see are returned.
    """
    # One query per step along the chain (a step is a plan period), never per goal.
    seen = {goal.pk}
    frontier = {goal.pk}
    while frontier:
        linked = Goal.objects.filter(Q(continued_by__in=frontier) | Q(continues__in=frontier))
        frontier = set(linked.values_list("pk", flat=True)) - seen
        seen |= frontier
    lineage = (
        Goal.objects.filter(pk__in=seen, plan_focus_area__plan__in=plans_visible_to(user=user))
        .select_related("plan_focus_area__plan__unit", "plan_focus_area__focus_area")
        .prefetch_related("follow_ups")
    )
    return sorted(
        lineage,
        key=lambda g: (g.plan_focus_area.plan.start_year, g.plan_focus_area.plan.end_year, g.pk),
    )
