"""/follow-ups: read them, and write them on goals the caller may follow up.

Writes go through plans.services, as the follow-up round page's do: the same
permission rules, validation, history and version check.
"""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import ValidationError

from virkplan.plans import services
from virkplan.plans.models import Criterion, FollowUp, Goal
from virkplan.plans.selectors import follow_ups_visible_to, goals_visible_to

from ..auth import WRITE, caller
from ..pagination import PageParams, paginate
from ..responses import read_responses, write_responses
from ..schemas.common import Page
from ..schemas.fields import Id, Version
from ..schemas.goals import Conflict, FollowUpChange, FollowUpFilters, FollowUpIn, FollowUpOut
from .goals import GOAL_ORDER, through_goal

router = Router(tags=["follow-ups"])
ORDER = (*through_goal(GOAL_ORDER), "position", "id")


def _follow_up_or_404(request: HttpRequest, id: int) -> FollowUp:
    follow_up = follow_ups_visible_to(user=caller(request).user).filter(pk=id).first()
    if follow_up is None:
        raise Http404(_("No follow-up you may see has the number %(id)s.") % {"id": id})
    return follow_up


def reload(follow_up: FollowUp) -> FollowUp:
    """The row as stored now, loaded as the reads load it."""
    return (
        FollowUp.objects.select_related("goal__plan_focus_area__plan")
        .prefetch_related("criteria")
        .get(pk=follow_up.pk)
    )


def _refuse(message: str, *field: str | int) -> ValidationError:
    """A 422 naming the body's field, as if the schema had refused it."""
    error = {"loc": ("body", "payload", *field), "type": "value_error", "ctx": {"error": message}}
    return ValidationError([error])


def _goal_criteria(goal: Goal, ids: list[int]) -> list[Criterion]:
    """The goal's criteria with these ids; an id that is not one of them is refused by name."""
    found = {c.pk: c for c in Criterion.objects.filter(goal=goal, pk__in=ids)}
    for index, pk in enumerate(ids):
        if pk not in found:
            message = _("%(id)s is not one of the goal's criteria.") % {"id": pk}
            raise _refuse(message, "criteria", index)
    return [found[pk] for pk in dict.fromkeys(ids)]


@router.get("", response=read_responses(Page[FollowUpOut]), summary="List follow-ups")
def list_follow_ups(request: HttpRequest, filters: Query[FollowUpFilters], page: Query[PageParams]):
    follow_ups = follow_ups_visible_to(user=caller(request).user)
    if filters.goal:
        follow_ups = follow_ups.filter(goal__key=filters.goal)
    if filters.plan:
        follow_ups = follow_ups.filter(goal__plan_focus_area__plan__key=filters.plan)
    if filters.date_from:
        follow_ups = follow_ups.filter(date__gte=filters.date_from)
    if filters.date_to:
        follow_ups = follow_ups.filter(date__lte=filters.date_to)
    return paginate(follow_ups, page, order=ORDER)


@router.get("/{id}", response=read_responses(FollowUpOut, detail=True), summary="One follow-up")
def get_follow_up(request: HttpRequest, id: Annotated[Id, Path(examples=[1])]):
    return _follow_up_or_404(request, id)


@router.post(
    "",
    response=write_responses(201, FollowUpOut),
    auth=WRITE,
    summary="Follow up a goal",
)
def create_follow_up(request: HttpRequest, payload: FollowUpIn):
    goal = goals_visible_to(user=caller(request).user).filter(key=payload.goal).first()
    if goal is None:
        message = _("No goal you may see has the key “%(key)s”.") % {"key": payload.goal}
        raise _refuse(message, "goal")
    follow_up = services.follow_up_create(
        user=caller(request).user,
        goal=goal,
        status=payload.status,
        text=payload.text,
        criteria=_goal_criteria(goal, payload.criteria),
        on=payload.date,
    )
    return Status(201, reload(follow_up))


@router.put(
    "/{id}",
    response=write_responses(200, FollowUpOut, conflict=Conflict),
    auth=WRITE,
    summary="Change a follow-up",
)
def update_follow_up(request: HttpRequest, id: Id, payload: FollowUpChange):
    follow_up = _follow_up_or_404(request, id)
    criteria = None
    if payload.criteria is not None:
        criteria = _goal_criteria(follow_up.goal, payload.criteria)
    updated = services.follow_up_update(
        user=caller(request).user,
        follow_up=follow_up,
        expected_version=payload.version,
        status=payload.status,
        text=payload.text,
        criteria=criteria,
    )
    return reload(updated)


@router.delete(
    "/{id}",
    response=write_responses(204, None, conflict=Conflict),
    auth=WRITE,
    summary="Delete a follow-up",
)
def delete_follow_up(request: HttpRequest, id: Id, version: Version | None = None):
    follow_up = _follow_up_or_404(request, id)
    services.follow_up_delete(
        user=caller(request).user, follow_up=follow_up, expected_version=version
    )
    return Status(204, None)
