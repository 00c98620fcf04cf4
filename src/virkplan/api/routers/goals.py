"""/goals and /criteria: goals and success criteria in the plans the caller may read."""

from typing import Annotated

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from virkplan.organisation.models import Unit
from virkplan.plans.models import Criterion, Goal
from virkplan.plans.selectors import (
    criteria_visible_to,
    goal_detail,
    goals_responsible_to,
    goals_visible_to,
)

from ..auth import caller
from ..pagination import PageParams, paginate
from ..responses import read_responses
from ..schemas.common import Page
from ..schemas.fields import Id, Key
from ..schemas.goals import CriterionFilters, CriterionOut, GoalDetailOut, GoalFilters, GoalOut

router = Router(tags=["goals"])
criteria_router = Router(tags=["criteria"])

GOAL_ORDER = (
    "plan_focus_area__plan__unit__position",
    "plan_focus_area__plan__unit__name",
    "-plan_focus_area__plan__start_year",
    "plan_focus_area__plan_id",
    "plan_focus_area__position",
    "plan_focus_area_id",
    "position",
    "id",
)


def through_goal(order: tuple[str, ...]) -> tuple[str, ...]:
    """The goals' order, for rows that belong to a goal: "-x" → "-goal__x"."""
    return tuple(
        f"-goal__{field[1:]}" if field.startswith("-") else f"goal__{field}" for field in order
    )


CRITERION_ORDER = (*through_goal(GOAL_ORDER), "position", "id")


@router.get("", response=read_responses(Page[GoalOut]), summary="List goals")
def list_goals(request: HttpRequest, filters: Query[GoalFilters], page: Query[PageParams]):
    goals = goals_visible_to(user=caller(request).user).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
    )
    if filters.plan:
        goals = goals.filter(plan_focus_area__plan__key=filters.plan)
    if filters.focus_area:
        goals = goals.filter(plan_focus_area__focus_area__key=filters.focus_area)
    if filters.responsible_unit:
        unit = (
            Unit.objects.filter(key=filters.responsible_unit).values_list("pk", flat=True).first()
        )
        if unit is None:
            goals = goals.none()
        else:
            goals = goals.filter(pk__in=goals_responsible_to(unit_id=unit).values("pk"))
    return paginate(goals, page, order=GOAL_ORDER)


@router.get(
    "/{key}",
    response=read_responses(GoalDetailOut, detail=True),
    summary="One goal, with its criteria, follow-ups and sub-goals",
)
def get_goal(request: HttpRequest, key: Annotated[Key, Path(examples=["mt-2014-g02"])]):
    try:
        return goal_detail(user=caller(request).user, key=key, timestamps=True)
    except Goal.DoesNotExist:
        raise Http404(_("No goal you may see has the key “%(key)s”.") % {"key": key}) from None


@criteria_router.get("", response=read_responses(Page[CriterionOut]), summary="List criteria")
def list_criteria(request: HttpRequest, filters: Query[CriterionFilters], page: Query[PageParams]):
    criteria = criteria_visible_to(user=caller(request).user)
    if filters.goal:
        criteria = criteria.filter(goal__key=filters.goal)
    if filters.plan:
        criteria = criteria.filter(goal__plan_focus_area__plan__key=filters.plan)
    return paginate(criteria, page, order=CRITERION_ORDER)


@criteria_router.get(
    "/{id}", response=read_responses(CriterionOut, detail=True), summary="One criterion"
)
def get_criterion(request: HttpRequest, id: Annotated[Id, Path(examples=[1])]):
    criterion = criteria_visible_to(user=caller(request).user).filter(pk=id).first()
    if criterion is None:
        raise Http404(_("No criterion you may see has the number %(id)s.") % {"id": id})
    return criterion
