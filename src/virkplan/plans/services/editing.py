"""A plan's content: sections, focus areas, goals and criteria; created, changed, moved, deleted."""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError, NotAllowed
from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import Actor, user_roles

from .. import history, permissions
from ..models import (
    Criterion,
    FocusArea,
    Goal,
    Plan,
    PlanFocusArea,
    Section,
)
from ..selectors import focus_area_attachable
from . import common
from .common import (
    MSG_FOCUS_AREA_ELSEWHERE,
    MSG_FOCUS_AREA_SHARED,
    MSG_PLAN_LOCKED,
    MSG_RESPONSIBLE_OUTSIDE,
    _check_version,
    _ensure_editable,
    _locked_content_plan,
    _locked_plan,
    _next_position,
    _require,
    _save,
    plan_write,
)


@plan_write
def section_create(
    *,
    user: Actor,
    plan: Plan,
    title: str,
    body: str = "",
    highlights: list[str] | None = None,
    organisation_chart: bool = False,
) -> Section:
    plan = _locked_content_plan(plan.pk)
    _ensure_editable(user, plan)
    section = Section(
        plan=plan,
        title=title,
        body=body,
        highlights=list(highlights or []),
        organisation_chart=organisation_chart,
        position=_next_position(plan.sections.all()),
    )
    return _save(section)


@plan_write
def section_update(
    *,
    user: Actor,
    section: Section,
    expected_version: int,
    title: str,
    body: str,
    highlights: list[str] | None = None,
    organisation_chart: bool | None = None,
) -> Section:
    """Change a section's title and text; its highlights and whether the unit's organisation
    chart follows the text, too, when they are given."""
    plan = _locked_content_plan(section.plan_id)
    _ensure_editable(user, plan)
    fields: dict[str, Any] = {"title": title, "body": body}
    if highlights is not None:
        fields["highlights"] = list(highlights)
    if organisation_chart is not None:
        fields["organisation_chart"] = organisation_chart
    return common._update_versioned(
        Section,
        pk=section.pk,
        expected_version=expected_version,
        check=lambda row: None,
        fields=fields,
    )


@plan_write
def plan_focus_area_add(
    *,
    user: Actor,
    plan: Plan,
    title: str,
    tagline: str = "",
    body: str = "",
    unit_text: str = "",
    focus_area: FocusArea | None = None,
) -> PlanFocusArea:
    """Include a focus area in the plan: an existing shared one, or a new one of the unit's own."""
    plan = _locked_plan(plan.pk)
    _ensure_editable(user, plan)
    if focus_area is None:
        focus_area = _save(
            FocusArea(
                title=title,
                tagline=tagline,
                body=body,
                group="unit",
                set_by=plan.unit,
                start_year=plan.start_year,
                end_year=plan.end_year,
            )
        )
    elif plan.plan_focus_areas.filter(focus_area=focus_area).exists():
        raise DomainError(_("The focus area is already in the plan."))
    elif not focus_area_attachable(user=user, unit=plan.unit, focus_area=focus_area):
        raise NotAllowed(str(MSG_FOCUS_AREA_ELSEWHERE))
    area = PlanFocusArea(
        plan=plan,
        focus_area=focus_area,
        unit_text=unit_text,
        position=_next_position(plan.plan_focus_areas.all()),
    )
    return _save(area)


@plan_write
def plan_focus_area_update(
    *,
    user: Actor,
    area: PlanFocusArea,
    expected_version: int,
    unit_text: str,
    title: str | None = None,
    tagline: str | None = None,
    body: str | None = None,
) -> PlanFocusArea:
    """Change what the focus area means for this plan's unit (the shared text is the setter's).

    The title, tagline and shared text change too when given, but only for a
    focus area of the plan's unit's own that no other plan includes
    (permissions.can_edit_focus_area); the area's version guards them.
    """
    plan = _locked_plan(area.plan_id)
    _ensure_editable(user, plan)
    updated = common._update_versioned(
        PlanFocusArea,
        pk=area.pk,
        expected_version=expected_version,
        check=lambda row: None,
        fields={"unit_text": unit_text},
    )
    shared = {"title": title, "tagline": tagline, "body": body}
    shared = {name: value for name, value in shared.items() if value is not None}
    if shared:
        focus_area = FocusArea.objects.select_for_update().get(pk=updated.focus_area_id)
        updated.focus_area = focus_area
        if not permissions.can_edit_focus_area(user, updated, plan):
            raise DomainError(str(MSG_FOCUS_AREA_SHARED))
        for name, value in shared.items():
            setattr(focus_area, name, value)
        _save(focus_area)
    return updated


# Goals and criteria ---------------------------------------------------------------------------


@plan_write
def goal_create(
    *,
    user: Actor,
    area: PlanFocusArea,
    statement: str,
    ref: str = "",
    parent: Goal | None = None,
    responsible_unit: Unit | None = None,
) -> Goal:
    """A new goal (or sub-goal) at the end of the focus area.

    Editors of a unit below the plan's unit may add goals only for their own unit.
    """
    plan = _locked_content_plan(area.plan_id)
    if plan.status not in permissions.EDITABLE_STATUSES:
        raise NotAllowed(str(MSG_PLAN_LOCKED) % {"status": plan.get_status_display()})
    _require(permissions.can_add_goals(user, plan))
    _check_responsible_unit(user, plan, responsible_unit)
    if parent is not None and parent.plan_focus_area_id != area.pk:
        raise DomainError(_("A sub-goal must be in the same focus area as its goal."))
    siblings = Goal.objects.filter(plan_focus_area=area, parent=parent)
    goal = Goal(
        plan_focus_area=area,
        statement=statement.strip(),
        ref=ref.strip(),
        parent=parent,
        responsible_unit=responsible_unit,
        position=_next_position(siblings),
    )
    return _save(goal)


def _check_responsible_unit(user: Actor, plan: Plan, unit: Unit | None) -> None:
    """A goal's responsible unit is the plan's unit or under it.

    Editors of a unit under the plan's unit (not of the plan's unit itself)
    can only name a unit they edit, so they cannot give a goal away.
    """
    roles = user_roles(user)
    if not roles.has(Role.EDITOR, plan.unit_id):
        _require(unit is not None and roles.has(Role.EDITOR, unit.pk))
    if unit is None or unit.pk == plan.unit_id:
        return
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    current = parents.get(unit.pk)
    while current is not None and current != plan.unit_id:
        current = parents.get(current)
    if current is None:
        raise DomainError(str(MSG_RESPONSIBLE_OUTSIDE) % {"unit": plan.unit.name})


@plan_write
def goal_update(
    *,
    user: Actor,
    goal: Goal,
    expected_version: int,
    statement: str,
    ref: str = "",
    responsible_unit: Unit | None = None,
) -> Goal:
    plan = _locked_content_plan(goal.plan_focus_area.plan_id)

    def check(row: Goal) -> None:
        _require(permissions.can_edit_goal(user, row, plan))
        new_unit_id = responsible_unit.pk if responsible_unit is not None else None
        if row.responsible_unit_id != new_unit_id:
            _check_responsible_unit(user, plan, responsible_unit)

    return common._update_versioned(
        Goal,
        pk=goal.pk,
        expected_version=expected_version,
        check=check,
        fields={
            "statement": statement.strip(),
            "ref": ref.strip(),
            "responsible_unit": responsible_unit,
        },
    )


@plan_write
def goal_delete(*, user: Actor, goal: Goal, expected_version: int | None = None) -> None:
    """Delete the goal with its sub-goals, criteria and follow-ups (history keeps them).

    With `expected_version`, refuse with EditConflict if the goal changed since.
    """
    plan = _locked_content_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_edit_goal(user, goal, plan))
    _check_version(Goal, pk=goal.pk, expected_version=expected_version)
    with history.delete_batch():
        for sub in goal.subgoals.all():
            goal_delete(user=user, goal=sub)
        goal.delete()


@plan_write
def criterion_create(*, user: Actor, goal: Goal, text: str, **target: Any) -> Criterion:
    plan = _locked_content_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_edit_goal(user, goal, plan))
    criterion = Criterion(
        goal=goal, text=text.strip(), position=_next_position(goal.criteria.all()), **target
    )
    return _save(criterion)


@plan_write
def criterion_update(
    *, user: Actor, criterion: Criterion, expected_version: int, text: str, **target: Any
) -> Criterion:
    goal = criterion.goal
    plan = _locked_content_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_edit_goal(user, goal, plan))
    return common._update_versioned(
        Criterion,
        pk=criterion.pk,
        expected_version=expected_version,
        check=lambda row: None,
        fields={"text": text.strip(), **target},
    )


@plan_write
def criterion_delete(
    *, user: Actor, criterion: Criterion, expected_version: int | None = None
) -> None:
    goal = criterion.goal
    plan = _locked_content_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_edit_goal(user, goal, plan))
    _check_version(Criterion, pk=criterion.pk, expected_version=expected_version)
    with history.delete_batch():
        criterion.delete()


@plan_write
def row_move(*, user: Actor, row: Section | PlanFocusArea | Goal | Criterion, offset: int) -> None:
    """Move a row up (-1) or down (+1) among its siblings, keeping positions 0, 1, 2, ..."""
    siblings: models.QuerySet
    if isinstance(row, Section):
        plan = _locked_content_plan(row.plan_id)
        _ensure_editable(user, plan)
        siblings = Section.objects.filter(plan=plan)
    elif isinstance(row, PlanFocusArea):
        plan = _locked_content_plan(row.plan_id)
        _ensure_editable(user, plan)
        siblings = PlanFocusArea.objects.filter(plan=plan)
    elif isinstance(row, Goal):
        plan = _locked_content_plan(row.plan_focus_area.plan_id)
        _require(permissions.can_edit_goal(user, row, plan))
        siblings = Goal.objects.filter(plan_focus_area=row.plan_focus_area_id, parent=row.parent_id)
    else:
        plan = _locked_content_plan(row.goal.plan_focus_area.plan_id)
        _require(permissions.can_edit_goal(user, row.goal, plan))
        siblings = Criterion.objects.filter(goal=row.goal_id)
    ordered: list[Any] = list(siblings.order_by("position", "id"))
    index = next(i for i, item in enumerate(ordered) if item.pk == row.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


@plan_write
def row_delete(
    *, user: Actor, row: Section | PlanFocusArea, expected_version: int | None = None
) -> None:
    """Delete a section, or take a focus area (with its goals) out of the plan."""
    plan = _locked_content_plan(row.plan_id)
    _ensure_editable(user, plan)
    _check_version(type(row), pk=row.pk, expected_version=expected_version)
    with history.delete_batch():
        row.delete()


# Follow-up ------------------------------------------------------------------------------------
