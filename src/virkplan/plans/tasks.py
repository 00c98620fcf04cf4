"""The work waiting for a user ("Mine opgaver"): plans to approve, goals to document or
follow up, in a fixed number of queries however many plans there are."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, UserRoles, user_roles

from .models import Criterion, FollowUp, FollowUpRound, Goal, Plan, PlanStatus
from .permissions import EDITABLE_STATUSES, FOLLOW_UP_STATUSES

TASKS_PER_PLAN = 20
"""Mine opgaver lists at most this many goals of a plan in each kind of task; the plan's
own page (or its round's) has the rest."""


@dataclass
class TaskGroup:
    """A plan's goals in one kind of task: those shown, and how many there are in all."""

    plan: Plan
    goals: list[Goal]
    total: int

    @property
    def not_shown(self) -> int:
        return self.total - len(self.goals)


@dataclass
class Tasks:
    """What waits for a user: plans to approve, goals without criteria, goals to follow up.

    The goal lists hold at most TASKS_PER_PLAN goals of each plan; `totals` counts all of
    them by plan id, for each list (`goals_without_criteria`, `goals_to_follow_up`).
    """

    plans_to_approve: list[Plan]
    goals_without_criteria: list[Goal]
    goals_to_follow_up: list[Goal]
    totals: dict[str, dict[int, int]] = field(default_factory=dict)

    @cached_property
    def criteria_groups(self) -> list[TaskGroup]:
        return self._groups("goals_without_criteria")

    @cached_property
    def follow_up_groups(self) -> list[TaskGroup]:
        return self._groups("goals_to_follow_up")

    @property
    def criteria_total(self) -> int:
        return sum(group.total for group in self.criteria_groups)

    @property
    def follow_up_total(self) -> int:
        return sum(group.total for group in self.follow_up_groups)

    @property
    def count(self) -> int:
        return len(self.plans_to_approve) + self.criteria_total + self.follow_up_total

    def _groups(self, name: str) -> list[TaskGroup]:
        """The list's goals by plan, in the list's order, with each plan's total."""
        groups: dict[int, TaskGroup] = {}
        totals = self.totals.get(name, {})
        for goal in getattr(self, name):
            plan = goal.plan_focus_area.plan
            if plan.pk not in groups:
                groups[plan.pk] = TaskGroup(plan, [], 0)
            groups[plan.pk].goals.append(goal)
        for group in groups.values():
            group.total = max(totals.get(group.plan.pk, 0), len(group.goals))
        return list(groups.values())


_GOAL_ORDER = (
    "plan_focus_area__plan__unit__position",
    "plan_focus_area__plan__unit__name",
    "-plan_focus_area__plan__start_year",
    "plan_focus_area__plan__title",
    "plan_focus_area__plan_id",
    "plan_focus_area__position",
    "plan_focus_area_id",
    "position",
    "id",
)


def _units_at_or_above(roles: UserRoles, units: set[int]) -> set[int]:
    """The units, and every unit above any of them."""
    found = set(units)
    for unit_id in units:
        parent = roles.parents.get(unit_id)
        while parent is not None and parent not in found:
            found.add(parent)
            parent = roles.parents.get(parent)
    return found


def tasks_for(user: Actor | None) -> Tasks:
    """The work waiting for the user, in at most seven queries however many plans there are.

    - Editors (of a plan's unit, or of the unit responsible for a goal): goals
      in draft plans that have no success criteria yet, and goals in plans with
      an open follow-up round that have no follow-up dated on or after the
      round's date (each goal carries the date as `round_date`); only in plans
      whose pages they may open.
    - Approvers: submitted plans of their units, waiting for approval.

    Two queries load the user's roles (once per request), one per kind of task, and one
    counts each list of goals by plan (the lists hold TASKS_PER_PLAN goals of each plan).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return Tasks([], [], [])
    roles = user_roles(user)
    everywhere = roles.is_superuser
    editor_units = roles.units_with(Role.EDITOR)
    approver_units = roles.units_with(Role.APPROVER)

    plans = Plan.objects.filter(status=PlanStatus.SUBMITTED).select_related("unit")
    if not everywhere:
        plans = plans.filter(unit_id__in=approver_units)
    plans_to_approve = list(plans) if everywhere or approver_units else []

    goals = Goal.objects.select_related(
        "plan_focus_area__plan__unit", "plan_focus_area__focus_area", "responsible_unit"
    ).order_by(*_GOAL_ORDER)
    if not everywhere:
        # Only what the user may open: the editing page and the round page take an editor of
        # the plan's unit or of a unit under it (a goal moved to a unit elsewhere in a
        # reorganisation stays in its old plan, which that unit's editors cannot open).
        goals = goals.filter(
            Q(plan_focus_area__plan__unit_id__in=editor_units)
            | Q(responsible_unit_id__in=editor_units)
        ).filter(plan_focus_area__plan__unit_id__in=_units_at_or_above(roles, editor_units))
    without_criteria = goals.filter(plan_focus_area__plan__status__in=EDITABLE_STATUSES).exclude(
        Exists(Criterion.objects.filter(goal=OuterRef("pk")))
    )
    # Ordered by its own columns: the model's default order would join plans and units.
    open_round = (
        FollowUpRound.objects.filter(
            plan=OuterRef("plan_focus_area__plan"), finished_at__isnull=True
        )
        .order_by("-created_at", "-id")
        .values("date")[:1]
    )
    # From the few plans with an open round to their goals, not from every goal to its round.
    open_rounds = FollowUpRound.objects.filter(finished_at__isnull=True).values("plan_id")
    to_follow_up = (
        goals.filter(
            plan_focus_area__plan__status__in=FOLLOW_UP_STATUSES,
            plan_focus_area__plan_id__in=open_rounds,
        )
        .annotate(round_date=Subquery(open_round))
        .filter(round_date__isnull=False)
        .exclude(
            Exists(FollowUp.objects.filter(goal=OuterRef("pk"), date__gte=OuterRef("round_date")))
        )
    )
    if not (everywhere or editor_units):
        return Tasks(plans_to_approve, [], [])
    return Tasks(
        plans_to_approve,
        _first_of_each_plan(without_criteria),
        _first_of_each_plan(to_follow_up),
        totals={
            "goals_without_criteria": _per_plan(without_criteria),
            "goals_to_follow_up": _per_plan(to_follow_up),
        },
    )


def _first_of_each_plan(goals: QuerySet[Goal]) -> list[Goal]:
    """The first TASKS_PER_PLAN goals of each plan, in the list's order (one query)."""
    numbered = goals.annotate(
        place=Window(
            RowNumber(),
            partition_by=[F("plan_focus_area__plan_id")],
            order_by=[F(name[1:]).desc() if name[0] == "-" else F(name) for name in _GOAL_ORDER],
        )
    )
    return list(numbered.filter(place__lte=TASKS_PER_PLAN))


def _per_plan(goals: QuerySet[Goal]) -> dict[int, int]:
    """How many goals of the list each plan has (one query)."""
    rows = goals.order_by().values("plan_focus_area__plan_id").annotate(total=Count("pk"))
    return {row["plan_focus_area__plan_id"]: row["total"] for row in rows}
