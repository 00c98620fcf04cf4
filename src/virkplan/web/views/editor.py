"""The plan as the editing pages see it: each item as a view model, with what the user may do.

The forms and deletes that change it are in edit_flows; the views built on
both check plans.permissions and call plans.services, one service call per POST.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypedDict, TypeVar

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


# --- the plan as the editing page sees it -----------------------------------------------------


class Focusable(Protocol):
    """Something on the page with buttons: `focus` names the one that gets the keyboard."""

    focus: str


@dataclass(kw_only=True)
class Item:
    """A row on the editing page: its element, its place among its siblings, and its focus.

    Each kind adds its model `row`. The items are built once, by `load`;
    only `focus` changes after: it is "" when the page is built, and a view
    answering with a part of the page sets it on the item whose button
    should get the keyboard after the swap.
    """

    dom_id: str
    is_first: bool
    is_last: bool
    focus: str = ""


@dataclass(kw_only=True)
class SectionItem(Item):
    row: Section


@dataclass(kw_only=True)
class CriterionItem(Item):
    row: Criterion
    can_edit: bool


@dataclass(kw_only=True)
class GoalItem(Item):
    """A goal with its criteria and sub-goals; `level` and `sublevel` are its heading levels.

    `container_id` is the element listing the goal with its siblings.
    """

    row: Goal
    container_id: str
    can_edit: bool
    level: int
    sublevel: int
    criteria: list[CriterionItem] = field(default_factory=list)
    subgoals: list["GoalItem"] = field(default_factory=list)


@dataclass(kw_only=True)
class AreaItem(Item):
    row: PlanFocusArea
    goals: list[GoalItem] = field(default_factory=list)


@dataclass
class Editor:
    """A plan loaded for editing: its sections and focus areas, and what the user may do.

    `can_edit` the plan (its details, sections and focus areas),
    `can_add_goals` to it; `focus` names the plan's button ("add-section",
    "add-area") that gets the keyboard after a swap. The lookups find an
    item by its row's key, for the views.
    """

    plan: Plan
    can_edit: bool = False
    can_add_goals: bool = False
    focus: str = ""
    sections: list[SectionItem] = field(default_factory=list)
    areas: list[AreaItem] = field(default_factory=list)
    sections_by_pk: dict[int, SectionItem] = field(default_factory=dict)
    areas_by_pk: dict[int, AreaItem] = field(default_factory=dict)
    goals: dict[str, GoalItem] = field(default_factory=dict)
    goals_by_pk: dict[int, GoalItem] = field(default_factory=dict)
    criteria: dict[int, CriterionItem] = field(default_factory=dict)

    def section(self, pk: int) -> SectionItem:
        return _found(self.sections_by_pk.get(pk))

    def area(self, pk: int) -> AreaItem:
        return _found(self.areas_by_pk.get(pk))

    def goal(self, key: str) -> GoalItem:
        return _found(self.goals.get(key))

    def criterion(self, key: str, pk: int) -> CriterionItem:
        criterion = _found(self.criteria.get(pk))
        if criterion.row.goal_id != self.goal(key).row.pk:
            raise Http404
        return criterion


_T = TypeVar("_T")


def _found(item: _T | None) -> _T:
    if item is None:
        raise Http404
    return item


def load(request: HttpRequest, key: str) -> Editor:
    """The plan for its editing page: 404 if the user may not see it, 403 if not work on it."""
    plan = plan_or_404(request, key)
    require(permissions.can_open_plan_editor(request.user, plan))
    return _build(request.user, plan)


def load_for_goal(request: HttpRequest, key: str) -> tuple[Editor, GoalItem]:
    """The goal's plan for editing, and the goal in it."""
    plan_key = (
        Goal.objects.filter(key=key).values_list("plan_focus_area__plan__key", flat=True).first()
    )
    if plan_key is None:
        raise Http404
    editor = load(request, plan_key)
    return editor, editor.goal(key)


def _build(user: Actor, plan: Plan) -> Editor:
    editor = Editor(
        plan=plan,
        can_edit=permissions.can_edit_plan(user, plan),
        can_add_goals=permissions.can_add_goals(user, plan),
    )
    sections = list(plan.sections.all())
    for index, section in enumerate(sections):
        item = SectionItem(row=section, dom_id=f"section-{section.pk}", **_ends(index, sections))
        editor.sections.append(item)
        editor.sections_by_pk[section.pk] = item
    areas = list(plan.plan_focus_areas.all())
    for index, area in enumerate(areas):
        area_item = AreaItem(row=area, dom_id=f"area-{area.pk}", **_ends(index, areas))
        area_item.goals = _goal_items(
            user, editor, area.top_goals, level=4, container=f"area-{area.pk}-goals"
        )
        editor.areas.append(area_item)
        editor.areas_by_pk[area.pk] = area_item
    return editor


def _goal_items(
    user: Actor, editor: Editor, goals: list[Goal], *, level: int, container: str
) -> list[GoalItem]:
    items = []
    for index, goal in enumerate(goals):
        can_edit = permissions.can_edit_goal(user, goal, editor.plan)
        item = GoalItem(
            row=goal,
            dom_id=f"goal-{goal.key}",
            container_id=container,
            can_edit=can_edit,
            level=min(level, 6),
            sublevel=min(level + 1, 6),
            **_ends(index, goals),
        )
        editor.goals[goal.key] = item
        editor.goals_by_pk[goal.pk] = item
        criteria = list(goal.criteria.all())
        for position, criterion in enumerate(criteria):
            criterion_item = CriterionItem(
                row=criterion,
                dom_id=f"criterion-{criterion.pk}",
                can_edit=can_edit,
                **_ends(position, criteria),
            )
            item.criteria.append(criterion_item)
            editor.criteria[criterion.pk] = criterion_item
        subgoals = f"goal-{goal.key}-subgoals"
        item.subgoals = _goal_items(
            user, editor, goal.subgoal_list, level=level + 1, container=subgoals
        )
        items.append(item)
    return items


class _Ends(TypedDict):
    is_first: bool
    is_last: bool


def _ends(index: int, items: list) -> _Ends:
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
    on: Callable[[Editor], Focusable] | None = None,
    target: str = "",
) -> HttpResponse:
    """A part of the editing page, from the plan as it is now.

    `find` gives the part's context in the reloaded plan; `focus` names the
    button that gets the keyboard (or says which, given the item), on `on`'s
    item, else on the first item in the context (the editor for the plan's
    own buttons). With `target`, htmx swaps the part there instead of where
    the request came from.
    """
    fresh = load(request, editor.plan.key)
    context = find(fresh)
    if focus:
        item: Focusable = on(fresh) if on else next(iter(context.values()))
        item.focus = focus(item) if callable(focus) else focus
    response = fragment(request, template, {"plan": fresh.plan, "editor": fresh, **context})
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
