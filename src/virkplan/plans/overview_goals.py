"""The goals behind the overview's counts (plans.overview), a page at a time.

The same filters pick the same goals: those of the plans the overview shows (overview_plans),
under the focus area and the responsible unit asked for (goals_kept), in the status asked
for. A count of a plan's row in the overview is the number of goals this list gives for the
plan and the status.

The goals come by unit in the units' order, then by plan as the overview has them, then in
the plan's order: focus area by focus area, each goal followed by its sub-goals. A fixed
number of queries, however many goals match: the plans, the goals counted, a page of them
with their plan, unit, focus area and responsible unit, and their current statuses.
"""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from virkplan.organisation.permissions import Actor

from .goal_status import NOT_FOLLOWED_UP, NOT_YET, current_statuses, latest_assessments
from .models import Goal
from .overview import OverviewFilters, goals_kept, overview_plans

PAGE_SIZE = 50


@dataclass
class OverviewGoals:
    """A page of the goals; each goal has its `current_status` (plans.goal_status.GoalStatus)
    and its focus area, plan and unit loaded."""

    page: Page
    goals: list[Goal]

    @property
    def count(self) -> int:
        return self.page.paginator.count


def overview_goals(
    *, user: Actor | None, filters: OverviewFilters, page_number: Any = 1
) -> OverviewGoals:
    """The page `page_number` of the goals the filters keep in the plans the user may read
    (an unknown page number gives the first page, one past the end the last)."""
    paginator = Paginator(_matching(user=user, filters=filters), PAGE_SIZE)
    page = paginator.get_page(page_number)
    goals = list(page.object_list)
    statuses = current_statuses(goal.pk for goal in goals)
    for goal in goals:
        goal.current_status = statuses.get(goal.pk, NOT_YET)
    return OverviewGoals(page=page, goals=goals)


def _matching(*, user: Actor | None, filters: OverviewFilters) -> QuerySet[Goal]:
    # The plans are read first, as the overview reads them: their window over each unit's
    # plans cannot be a subquery of the goals' query.
    plan_ids = list(overview_plans(user=user, filters=filters).values_list("pk", flat=True))
    goals = Goal.objects.filter(goals_kept(filters), plan_focus_area__plan_id__in=plan_ids)
    if filters.goal_status:
        current = latest_assessments().filter(goal=OuterRef("pk")).values("status")[:1]
        goals = goals.annotate(current=Subquery(current))
        if filters.goal_status == NOT_FOLLOWED_UP:
            goals = goals.filter(current__isnull=True)
        else:
            goals = goals.filter(current=filters.goal_status)
    plan = "plan_focus_area__plan__"
    return (
        goals.select_related(
            "plan_focus_area__plan__unit", "plan_focus_area__focus_area", "responsible_unit"
        )
        .only(
            "key",
            "ref",
            "statement",
            "parent_id",
            "responsible_unit__key",
            "responsible_unit__name",
            "plan_focus_area__focus_area__key",
            "plan_focus_area__focus_area__title",
            f"{plan}key",
            f"{plan}title",
            f"{plan}start_year",
            f"{plan}end_year",
            f"{plan}unit__key",
            f"{plan}unit__name",
        )
        .order_by(
            f"{plan}unit__position",
            f"{plan}unit_id",
            f"-{plan}start_year",
            f"{plan}title",
            f"{plan}id",
            "plan_focus_area__position",
            "plan_focus_area_id",
            # A sub-goal right after its goal, among its goal's sub-goals in their order.
            Coalesce("parent__position", "position"),
            Coalesce("parent_id", "id"),
            F("parent_id").asc(nulls_first=True),
            "position",
            "id",
        )
    )
