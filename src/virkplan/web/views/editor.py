"""The plan as the editing pages see it: each item marked with its place and what the user may do.

The forms and deletes that change it are in edit_flows; the views built on
both check plans.permissions and call plans.services, one service call per POST.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_htmx.http import reswap, retarget

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.organisation.selectors import unit_tree
from virkplan.plans import permissions
from virkplan.plans.models import Criterion, Goal, Plan, PlanFocusArea, Section

from ..http import plan_or_404, require

# --- access ------------------------------------------------------------------------------------


def require_or_locked(request: HttpRequest, plan: Plan, allowed: bool) -> None:
    """403 unless allowed; but a form posted to a plan locked meanwhile goes on to its service.

    The service refuses it with a message, shown with the form, so the user
    keeps what they typed.
    """
    if allowed:
        return
    if request.method == "POST" and plan.status not in permissions.EDITABLE_STATUSES:
        return
    raise PermissionDenied


def mark(obj: Any, **attributes: Any) -> None:
    """Attach what the templates need to know about a row."""
    for name, value in attributes.items():
        setattr(obj, name, value)


# --- the plan as the editing page sees it -----------------------------------------------------


@dataclass
class Editor:
    """A plan loaded for editing, each item marked with its place and what the user may do.

    Marks: `dom_id` (the item's element), `is_first`/`is_last` (among its
    siblings), `can_edit`, `focus` (which of its buttons gets the keyboard
    after a swap); goals also `level` and `sublevel` (heading levels) and
    `container_id` (the element listing them with their siblings).
    """

    plan: Plan
    sections: dict[int, Section] = field(default_factory=dict)
    areas: dict[int, PlanFocusArea] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=dict)
    goals_by_pk: dict[int, Goal] = field(default_factory=dict)
    criteria: dict[int, Criterion] = field(default_factory=dict)

    def section(self, pk: int) -> Section:
        return _found(self.sections.get(pk))

    def area(self, pk: int) -> PlanFocusArea:
        return _found(self.areas.get(pk))

    def goal(self, key: str) -> Goal:
        return _found(self.goals.get(key))

    def criterion(self, key: str, pk: int) -> Criterion:
        criterion = _found(self.criteria.get(pk))
        if criterion.goal_id != self.goal(key).pk:
            raise Http404
        return criterion


def _found(row: Any) -> Any:
    if row is None:
        raise Http404
    return row


def load(request: HttpRequest, key: str) -> Editor:
    """The plan for its editing page: 404 if the user may not see it, 403 if not work on it."""
    plan = plan_or_404(request, key)
    require(permissions.can_open_plan_editor(request.user, plan))
    return _annotate(request.user, plan)


def load_for_goal(request: HttpRequest, key: str) -> tuple[Editor, Goal]:
    """The goal's plan for editing, and the goal in it."""
    plan_key = (
        Goal.objects.filter(key=key).values_list("plan_focus_area__plan__key", flat=True).first()
    )
    if plan_key is None:
        raise Http404
    editor = load(request, plan_key)
    return editor, editor.goal(key)


def _annotate(user: Actor, plan: Plan) -> Editor:
    editor = Editor(plan=plan)
    mark(
        plan,
        can_edit=permissions.can_edit_plan(user, plan),
        can_add_goals=permissions.can_add_goals(user, plan),
        focus="",
    )
    sections = list(plan.sections.all())
    for index, section in enumerate(sections):
        editor.sections[section.pk] = section
        mark(section, dom_id=f"section-{section.pk}", focus="", **_ends(index, sections))
    areas = list(plan.plan_focus_areas.all())
    for index, area in enumerate(areas):
        editor.areas[area.pk] = area
        mark(area, dom_id=f"area-{area.pk}", focus="", **_ends(index, areas))
        _annotate_goals(user, editor, area.top_goals, level=4, container=f"area-{area.pk}-goals")
    return editor


def _annotate_goals(
    user: Actor, editor: Editor, goals: list[Goal], *, level: int, container: str
) -> None:
    for index, goal in enumerate(goals):
        editor.goals[goal.key] = goal
        editor.goals_by_pk[goal.pk] = goal
        can_edit = permissions.can_edit_goal(user, goal, editor.plan)
        mark(
            goal,
            dom_id=f"goal-{goal.key}",
            container_id=container,
            can_edit=can_edit,
            level=min(level, 6),
            sublevel=min(level + 1, 6),
            focus="",
            **_ends(index, goals),
        )
        criteria = list(goal.criteria.all())
        for position, criterion in enumerate(criteria):
            editor.criteria[criterion.pk] = criterion
            mark(
                criterion,
                dom_id=f"criterion-{criterion.pk}",
                can_edit=can_edit,
                focus="",
                **_ends(position, criteria),
            )
        subgoals = f"goal-{goal.key}-subgoals"
        _annotate_goals(user, editor, goal.subgoal_list, level=level + 1, container=subgoals)


def _ends(index: int, items: list) -> dict[str, bool]:
    return {"is_first": index == 0, "is_last": index == len(items) - 1}


def editor_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("web:plan-edit", args=[plan.key])
    return f"{url}#{anchor}" if anchor else url


def fragment(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"web/edit/{template}", context, status=status)


def part(
    request: HttpRequest,
    editor: Editor,
    template: str,
    find: Callable[[Editor], dict[str, Any]],
    *,
    focus: str | Callable[[Any], str] = "",
    on: Callable[[Editor], Any] | None = None,
    target: str = "",
) -> HttpResponse:
    """A part of the editing page, from the plan as it is now.

    `find` gives the part's context in the reloaded plan; `focus` names the
    button that gets the keyboard (or says which, given the row), on `on`'s
    row, else on the first row in the context. With `target`, htmx swaps
    the part there instead of where the request came from.
    """
    fresh = load(request, editor.plan.key)
    context = find(fresh)
    if focus:
        row = on(fresh) if on else next(iter(context.values()))
        mark(row, focus=focus(row) if callable(focus) else focus)
    response = fragment(request, template, {"plan": fresh.plan, **context})
    if target:
        retarget(response, f"#{target}")
        reswap(response, "outerHTML")
    return response


def units_in_tree_order() -> list[Unit]:
    """Every unit, each followed by the units under it."""
    ordered: list[Unit] = []

    def walk(nodes: list) -> None:
        for node in nodes:
            ordered.append(node.unit)
            walk(node.children)

    walk(unit_tree(units=list(Unit.objects.all())))
    return ordered


def add_button(request: HttpRequest, dom_id: str, url: str, label: Any) -> HttpResponse:
    """The "Add …" button again, in place of its form (after Cancel)."""
    context = {"dom_id": dom_id, "url": url, "label": label, "autofocus": True}
    return fragment(request, "_add_button.html", context)
