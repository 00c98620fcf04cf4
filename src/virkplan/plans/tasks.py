"""The work waiting for a user ("Mine opgaver"): plans to approve, goals to document or
follow up, in a fixed number of queries however many plans there are."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, UserRoles, user_roles

from .models import Criterion, FollowUp, Goal, Plan, PlanStatus
from .permissions import EDITABLE_STATUSES, FOLLOW_UP_STATUSES

TASKS_PER_PLAN = 20
"""Mine opgaver lists at most this many goals of a plan in each kind of task; the plan's
own page (or its round's) has the rest."""

PLANS_PER_PAGE = 10
"""Mine opgaver lists the goals of at most this many plans in each kind of task at a time,
so that an administrator of a whole municipality gets pages, not every plan at once."""

TASK_LISTS = ("goals_without_criteria", "goals_to_follow_up")
"""The kinds of task that list goals, by the name of their list on `Tasks`."""


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

    The goal lists hold at most TASKS_PER_PLAN goals of each plan, of the plans on the
    list's page (PLANS_PER_PAGE plans a page, `pages` by list); `totals` counts every plan's
    goals by plan id, for each list (TASK_LISTS), on every page.
    """

    plans_to_approve: list[Plan]
    goals_without_criteria: list[Goal]
    goals_to_follow_up: list[Goal]
    totals: dict[str, dict[int, int]] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)

    @cached_property
    def criteria_groups(self) -> list[TaskGroup]:
        return self._groups("goals_without_criteria")

    @cached_property
    def follow_up_groups(self) -> list[TaskGroup]:
        return self._groups("goals_to_follow_up")

    @property
    def criteria_total(self) -> int:
        return self._total("goals_without_criteria")

    @property
    def follow_up_total(self) -> int:
        return self._total("goals_to_follow_up")

    @property
    def criteria_page(self) -> Page | None:
        return self.pages.get("goals_without_criteria")

    @property
    def follow_up_page(self) -> Page | None:
        return self.pages.get("goals_to_follow_up")

    def _total(self, name: str) -> int:
        """Goals in the list in all (every page), or those listed when nothing counted them."""
        totals = self.totals.get(name)
        if totals is None:
            return sum(group.total for group in self._groups(name))
        return sum(totals.values())

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


def tasks_for(user: Actor | None, pages: Mapping[str, str | None] | None = None) -> Tasks:
    """The work waiting for the user, in at most seven queries however many plans there are.

    - Editors (of a plan's unit, or of the unit responsible for a goal): goals
      in draft plans that have no success criteria yet, and goals in plans with
      an open follow-up round that have no follow-up dated on or after the
      round's date (each goal carries the date as `round_date`); only in plans
      whose pages they may open.
    - Approvers: submitted plans of their units, waiting for approval.

    Two queries load the user's roles (once per request), one per kind of task, and one
    counts each list of goals by plan (the lists hold TASKS_PER_PLAN goals of each plan).
    Each list of goals shows the plans of one page (`pages` maps a name of TASK_LISTS to a
    page number as the address gave it; the first page when none or one out of range).
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
    # A plan has at most one open round (a unique index on the plan's open round), so joining
    # it gives each goal of a plan with an open round one row, with the round's date. A
    # subquery for the date, run for each goal, made PostgreSQL scan the rounds once per goal.
    to_follow_up = (
        goals.filter(plan_focus_area__plan__status__in=FOLLOW_UP_STATUSES)
        .alias(
            open_round=FilteredRelation(
                "plan_focus_area__plan__follow_up_rounds",
                condition=Q(plan_focus_area__plan__follow_up_rounds__finished_at__isnull=True),
            )
        )
        .annotate(round_date=F("open_round__date"))
        .filter(open_round__isnull=False)
        .exclude(
            Exists(FollowUp.objects.filter(goal=OuterRef("pk"), date__gte=OuterRef("round_date")))
        )
    )
    if not (everywhere or editor_units):
        return Tasks(plans_to_approve, [], [])
    tasks = Tasks(plans_to_approve, [], [])
    for name, waiting in zip(TASK_LISTS, (without_criteria, to_follow_up), strict=True):
        totals = _per_plan(waiting)
        page = Paginator(list(totals), PLANS_PER_PAGE).get_page((pages or {}).get(name))
        shown = list(page.object_list)
        setattr(
            tasks, name, _first_of_each_plan(waiting.filter(plan_focus_area__plan_id__in=shown))
        )
        tasks.totals[name], tasks.pages[name] = totals, page
    return tasks


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
    """How many goals of the list each plan has, by plan id in the list's order (one query)."""
    plan_order = [name for name in _GOAL_ORDER if "plan_focus_area__plan" in name]
    rows = (
        goals.order_by()
        .values("plan_focus_area__plan_id", *(name.lstrip("-") for name in plan_order))
        .annotate(total=Count("pk"))
        .order_by(*plan_order)
    )
    return {row["plan_focus_area__plan_id"]: row["total"] for row in rows}
