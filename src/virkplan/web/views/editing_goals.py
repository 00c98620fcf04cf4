"""Editing a plan's goals, sub-goals and their documentation (success criteria).

Editors of the plan's unit change every goal; editors of a unit under it add
goals for their unit and change the goals their unit is responsible for
(plans.permissions). The machinery is in editing; see views_editing.
"""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import Actor, user_roles
from virkplan.plans import permissions, services
from virkplan.plans.models import Goal, Plan, PlanFocusArea

from ..forms import editing as forms
from ..http import is_htmx, require, signed_in
from .edit_flows import Deletion, FormFlow, Slot, delete_flow, focus_after_move, form_flow, move
from .editor import (
    Editor,
    GoalItem,
    add_button,
    editor_url,
    load,
    load_for_goal,
    part,
    require_or_locked,
    units_in_tree_order,
)


def goal_count(goals: list[Goal]) -> int:
    """How many goals, sub-goals included."""
    return sum(1 + goal_count(goal.subgoal_list) for goal in goals)


def _named(goal: Goal, numbered: str, plain: str) -> str:
    """A heading about the goal: `numbered` (with %(ref)s) when it has a number, else `plain`."""
    return numbered % {"ref": goal.ref} if goal.ref else plain


def _units_under(plan: Plan) -> list[Unit]:
    """The plan's unit and the units under it, in the tree's order."""
    units = units_in_tree_order()
    parents = {unit.pk: unit.parent_id for unit in units}

    def inside(unit_id: int | None) -> bool:
        while unit_id is not None:
            if unit_id == plan.unit_id:
                return True
            unit_id = parents.get(unit_id)
        return False

    return [unit for unit in units if inside(unit.pk)]


def _goal_form(user: Actor, plan: Plan, current: Unit | None, creating: bool = False) -> Callable:
    """The goal form, its responsible units limited to those the user may name.

    Editors of a unit under the plan's unit (not of the plan's unit itself)
    must name one of the units they edit.
    """
    roles = user_roles(user)
    units = _units_under(plan)
    required = not roles.has(Role.EDITOR, plan.unit_id)
    if required:
        units = [unit for unit in units if roles.has(Role.EDITOR, unit.pk)]
    if current is not None and current not in units:
        units.append(current)

    def make(**kwargs: Any) -> django_forms.Form:
        return forms.GoalForm(units=units, unit_required=required, creating=creating, **kwargs)

    return make


def _goal_head(request: HttpRequest, editor: Editor, key: str, focus: str) -> HttpResponse:
    return part(request, editor, "_goal_head.html", lambda e: {"goal": e.goal(key)}, focus=focus)


def _goal_list(
    request: HttpRequest, editor: Editor, area: int, parent: str | None, **kwargs: Any
) -> HttpResponse:
    """A focus area's goals, or a goal's sub-goals (when `parent` is its key)."""
    if parent is not None:
        key = parent
        return part(request, editor, "_subgoals.html", lambda e: {"goal": e.goal(key)}, **kwargs)
    return part(request, editor, "_goals.html", lambda e: {"pfa": e.area(area)}, **kwargs)


def _parent_key(editor: Editor, goal: Goal) -> str | None:
    return editor.goals_by_pk[goal.parent_id].row.key if goal.parent_id else None


# --- goals ---------------------------------------------------------------------------------------


@signed_in
def goal_create(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """A new goal at the end of a focus area."""
    editor = load(request, key)
    return _goal_create(request, editor, editor.area(pk).row, parent=None)


@signed_in
def subgoal_create(request: HttpRequest, key: str) -> HttpResponse:
    """A new sub-goal at the end of a goal's sub-goals."""
    editor, parent = load_for_goal(request, key)
    # Sub-goals go one level deep, as plans number them ("2", "2.1").
    require(parent.row.parent_id is None)
    area = editor.area(parent.row.plan_focus_area_id).row
    return _goal_create(request, editor, area, parent=parent)


def _goal_create(
    request: HttpRequest, editor: Editor, area: PlanFocusArea, parent: GoalItem | None
) -> HttpResponse:
    plan = editor.plan
    require_or_locked(request, plan, permissions.can_add_goals(request.user, plan))
    if parent is None:
        container = f"area-{area.pk}-goals"
        url = reverse("web:goal-create", args=[plan.key, area.pk])
        heading = _("New goal in “%(area)s”") % {"area": area.focus_area.title}
        slot = Slot(f"{container}-add", url, heading, level=4, anchor=f"area-{area.pk}")
        label = gettext_lazy("Add goal")
    else:
        container = f"goal-{parent.row.key}-subgoals"
        url = reverse("web:subgoal-create", args=[parent.row.key])
        heading = _named(parent.row, _("New sub-goal of goal %(ref)s"), _("New sub-goal"))
        level = min(parent.level + 1, 6)
        slot = Slot(f"{container}-add", url, heading, level=level, anchor=parent.dom_id)
        label = gettext_lazy("Add sub-goal")

    def save(form: Any) -> Model:
        data = form.cleaned_data
        return services.goal_create(
            user=request.user,
            area=area,
            statement=data["statement"],
            ref=data["ref"],
            parent=parent.row if parent else None,
            responsible_unit=data["responsible_unit"],
        )

    def done(row: Model) -> HttpResponse:
        assert isinstance(row, Goal)
        parent_key = parent.row.key if parent else None
        return _goal_list(
            request,
            editor,
            area.pk,
            parent_key,
            focus="edit",
            on=lambda e: e.goal(row.key),
            target=container,
        )

    flow = FormFlow(
        editor=editor,
        slot=slot,
        make=_goal_form(request.user, plan, None, creating=True),
        save=save,
        show=lambda focus: add_button(request, slot.dom_id, url, label),
        done=done,
        submit_label=label,
    )
    return form_flow(request, flow)


@signed_in
def goal_edit(request: HttpRequest, key: str) -> HttpResponse:
    editor, item = load_for_goal(request, key)
    goal, plan = item.row, editor.plan
    require_or_locked(request, plan, item.can_edit)

    def save(form: Any) -> Model:
        data = form.cleaned_data
        return services.goal_update(
            user=request.user,
            goal=goal,
            expected_version=data["version"],
            statement=data["statement"],
            ref=data["ref"],
            responsible_unit=data["responsible_unit"],
        )

    flow = FormFlow(
        editor=editor,
        slot=Slot(
            dom_id=f"goal-{key}-head",
            action=reverse("web:goal-edit", args=[key]),
            heading=_named(goal, _("Edit goal %(ref)s"), _("Edit the goal")),
            level=item.level,
            anchor=item.dom_id,
        ),
        make=_goal_form(request.user, plan, goal.responsible_unit),
        initial=forms.GoalForm.initial_for(goal),
        theirs=lambda row: forms.GoalForm.initial_for(row),  # type: ignore[arg-type]
        save=save,
        show=lambda focus: _goal_head(request, editor, key, focus),
    )
    return form_flow(request, flow)


@signed_in
@require_POST
def goal_move(request: HttpRequest, key: str) -> HttpResponse:
    editor, item = load_for_goal(request, key)
    goal = item.row
    require(item.can_edit)
    direction = move(request, goal)
    if not is_htmx(request):
        return HttpResponseRedirect(editor_url(editor.plan, f"goal-{key}"))
    return _goal_list(
        request,
        editor,
        goal.plan_focus_area_id,
        _parent_key(editor, goal),
        on=lambda e: e.goal(key),
        focus=lambda row: focus_after_move(row, direction),
    )


@signed_in
def goal_delete(request: HttpRequest, key: str) -> HttpResponse:
    editor, item = load_for_goal(request, key)
    goal = item.row
    require(item.can_edit)
    heading = _named(goal, _("Delete goal %(ref)s?"), _("Delete the goal?"))
    parent = _parent_key(editor, goal)
    focus = "add-subgoal" if parent else "add-goal"
    deletion = Deletion(
        row=goal,
        slot=Slot(
            f"goal-{key}-head",
            reverse("web:goal-delete", args=[key]),
            heading,
            level=item.level,
            anchor=item.dom_id,
        ),
        heading=heading,
        what=goal.statement,
        consequences=_goal_consequences(goal),
        container=item.container_id,
        delete=lambda version: services.goal_delete(
            user=request.user, goal=goal, expected_version=version
        ),
        done=lambda: _goal_list(request, editor, goal.plan_focus_area_id, parent, focus=focus),
        show=lambda focus: _goal_head(request, editor, key, focus),
    )
    return delete_flow(request, editor, deletion)


def _goal_consequences(goal: Goal) -> str:
    everything, pending = [], [goal]
    while pending:
        current = pending.pop()
        everything.append(current)
        pending.extend(current.subgoal_list)
    subgoals = len(everything) - 1
    criteria = sum(len(g.criteria.all()) for g in everything)
    follow_ups = sum(len(g.follow_ups.all()) for g in everything)
    things = [
        ngettext("%(count)s sub-goal", "%(count)s sub-goals", subgoals) % {"count": subgoals},
        ngettext("%(count)s documentation item", "%(count)s documentation items", criteria)
        % {"count": criteria},
        ngettext("%(count)s follow-up", "%(count)s follow-ups", follow_ups) % {"count": follow_ups},
    ]
    counts = (subgoals, criteria, follow_ups)
    listed = [thing for thing, count in zip(things, counts, strict=True) if count]
    if not listed:
        return ""
    return _("Deleted with it: %(things)s.") % {"things": ", ".join(listed)}


# --- documentation (success criteria) ------------------------------------------------------------


def _criteria(request: HttpRequest, editor: Editor, key: str, **kwargs: Any) -> HttpResponse:
    return part(request, editor, "_criteria.html", lambda e: {"goal": e.goal(key)}, **kwargs)


def _criterion(request: HttpRequest, editor: Editor, key: str, pk: int, focus: str) -> HttpResponse:
    def find(e: Editor) -> dict[str, Any]:
        return {"criterion": e.criterion(key, pk), "goal": e.goal(key)}

    return part(request, editor, "_criterion.html", find, focus=focus)


def _criterion_level(item: GoalItem) -> int:
    return min(item.sublevel + 1, 6)


@signed_in
def criterion_create(request: HttpRequest, key: str) -> HttpResponse:
    editor, item = load_for_goal(request, key)
    goal = item.row
    require_or_locked(request, editor.plan, item.can_edit)
    url = reverse("web:criterion-create", args=[key])
    container = f"goal-{key}-criteria"
    heading = _named(goal, _("New documentation for goal %(ref)s"), _("New documentation"))
    label = gettext_lazy("Add documentation")

    def save(form: Any) -> Model:
        return services.criterion_create(
            user=request.user, goal=goal, text=form.cleaned_data["text"], **form.target()
        )

    flow = FormFlow(
        editor=editor,
        slot=Slot(f"{container}-add", url, heading, _criterion_level(item), item.dom_id),
        make=lambda **kw: forms.CriterionForm(creating=True, **kw),
        save=save,
        show=lambda focus: add_button(request, f"{container}-add", url, label),
        done=lambda row: _criteria(
            request,
            editor,
            key,
            focus="edit",
            on=lambda e: e.criterion(key, row.pk),
            target=container,
        ),
        submit_label=label,
    )
    return form_flow(request, flow)


@signed_in
def criterion_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor, item = load_for_goal(request, key)
    goal, criterion = item.row, editor.criterion(key, pk).row
    require_or_locked(request, editor.plan, item.can_edit)

    def save(form: Any) -> Model:
        return services.criterion_update(
            user=request.user,
            criterion=criterion,
            expected_version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
            **form.target(),
        )

    heading = _named(goal, _("Edit documentation for goal %(ref)s"), _("Edit documentation"))
    flow = FormFlow(
        editor=editor,
        slot=Slot(
            f"criterion-{pk}",
            reverse("web:criterion-edit", args=[key, pk]),
            heading,
            _criterion_level(item),
            f"criterion-{pk}",
        ),
        make=forms.CriterionForm,
        initial=forms.CriterionForm.initial_for(criterion),
        theirs=lambda row: forms.CriterionForm.initial_for(row),  # type: ignore[arg-type]
        save=save,
        show=lambda focus: _criterion(request, editor, key, pk, focus),
    )
    return form_flow(request, flow)


@signed_in
@require_POST
def criterion_move(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor, item = load_for_goal(request, key)
    criterion = editor.criterion(key, pk).row
    require(item.can_edit)
    direction = move(request, criterion)
    if not is_htmx(request):
        return HttpResponseRedirect(editor_url(editor.plan, f"criterion-{pk}"))
    return _criteria(
        request,
        editor,
        key,
        on=lambda e: e.criterion(key, pk),
        focus=lambda row: focus_after_move(row, direction),
    )


@signed_in
def criterion_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor, item = load_for_goal(request, key)
    criterion = editor.criterion(key, pk).row
    require(item.can_edit)
    follow_ups = criterion.follow_ups.count()
    consequences = ""
    if follow_ups:
        consequences = ngettext(
            "%(count)s follow-up speaks about it; it stays with the goal.",
            "%(count)s follow-ups speak about it; they stay with the goal.",
            follow_ups,
        ) % {"count": follow_ups}
    heading = _("Delete this documentation?")
    deletion = Deletion(
        row=criterion,
        slot=Slot(
            f"criterion-{pk}",
            reverse("web:criterion-delete", args=[key, pk]),
            heading,
            _criterion_level(item),
            f"criterion-{pk}",
        ),
        heading=heading,
        what=criterion.text,
        consequences=consequences,
        container=f"goal-{key}-criteria",
        delete=lambda version: services.criterion_delete(
            user=request.user, criterion=criterion, expected_version=version
        ),
        done=lambda: _criteria(request, editor, key, focus="add-criterion"),
        show=lambda focus: _criterion(request, editor, key, pk, focus),
    )
    return delete_flow(request, editor, deletion)


urlpatterns: list[URLPattern] = [
    path(
        "plan/<slug:key>/rediger/indsatsomraade/<int:pk>/nyt-maal/",
        goal_create,
        name="goal-create",
    ),
    path("maal/<slug:key>/rediger/", goal_edit, name="goal-edit"),
    path("maal/<slug:key>/flyt/", goal_move, name="goal-move"),
    path("maal/<slug:key>/slet/", goal_delete, name="goal-delete"),
    path("maal/<slug:key>/nyt-delmaal/", subgoal_create, name="subgoal-create"),
    path("maal/<slug:key>/dokumentation/ny/", criterion_create, name="criterion-create"),
    path("maal/<slug:key>/dokumentation/<int:pk>/", criterion_edit, name="criterion-edit"),
    path("maal/<slug:key>/dokumentation/<int:pk>/flyt/", criterion_move, name="criterion-move"),
    path("maal/<slug:key>/dokumentation/<int:pk>/slet/", criterion_delete, name="criterion-delete"),
]
