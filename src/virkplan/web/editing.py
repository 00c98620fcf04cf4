"""The machinery of the editing pages: the plan as they see it, and one flow for every form.

An item on the editing page (the plan's details, a section, a focus area, a
goal, a criterion) sits in an element with a known id. Its Edit button is a
link to the item's form: without JavaScript a page, with htmx a fragment
swapped in place of the item. Saving answers with the item again (or the
form again, with messages beside the fields, or with both texts of a
conflict); adding, moving and deleting answer with the part of the page
they change. Without JavaScript every successful POST redirects back to the
editing page at the item.

Rules stay in plans.permissions and plans.services: the views built on
this module check the first and call the second, one service call per POST.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms as django_forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget

from virkplan.core.display import number
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.models import Unit
from virkplan.organisation.selectors import unit_tree
from virkplan.plans import permissions, services
from virkplan.plans.models import Criterion, Goal, Plan, PlanFocusArea, Section

from . import forms
from .fields import LocalDecimalField
from .http import is_htmx, plan_or_404

# --- access ------------------------------------------------------------------------------------


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


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


def _annotate(user: Any, plan: Plan) -> Editor:
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
    user: Any, editor: Editor, goals: list[Goal], *, level: int, container: str
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


# --- one flow for every form -------------------------------------------------------------------


@dataclass
class Slot:
    """A form's place: the element it replaces on the editing page, and where it posts."""

    dom_id: str
    action: str
    heading: str
    level: int
    anchor: str


@dataclass
class FormFlow:
    """What a form needs: making it, saving it, and showing the item (with a focus) or a result.

    `show(focus)` renders the item (or the Add button) in place of the form;
    `done(row)` answers a successful htmx POST (by default the item, its
    Edit button focused); `theirs(row)` is the form's initial data for the
    row as someone else saved it.
    """

    editor: Editor
    slot: Slot
    make: Callable[..., django_forms.Form]
    save: Callable[[Any], Model]
    show: Callable[[str], HttpResponse]
    done: Callable[[Model], HttpResponse] | None = None
    initial: dict[str, Any] | None = None
    theirs: Callable[[Model], dict[str, Any]] | None = None
    submit_label: Any = None


def form_flow(request: HttpRequest, flow: FormFlow) -> HttpResponse:
    auto_id = f"{flow.slot.dom_id}-%s"
    if request.method == "GET":
        if "vis" in request.GET:  # Cancel: the item again
            if not is_htmx(request):
                return HttpResponseRedirect(editor_url(flow.editor.plan, flow.slot.anchor))
            return flow.show("edit")
        return _render_form(request, flow, flow.make(initial=flow.initial, auto_id=auto_id))
    form = flow.make(data=request.POST, auto_id=auto_id)
    if not form.is_valid():
        return _render_form(request, flow, form)
    try:
        row = flow.save(form)
    except EditConflict as conflict:
        return _render_conflict(request, flow, form, conflict)
    except NotAllowed as exc:
        form.add_error(None, exc.message)
        return _render_form(request, flow, form, status=403)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _render_form(request, flow, form, status=409)
    except ValidationError as exc:
        add_model_errors(form, exc)
        return _render_form(request, flow, form)
    if not is_htmx(request):
        return HttpResponseRedirect(editor_url(flow.editor.plan, _anchor_of(row)))
    return flow.done(row) if flow.done else flow.show("edit")


def _anchor_of(row: Model) -> str:
    if isinstance(row, Goal):
        return f"goal-{row.key}"
    if isinstance(row, Criterion):
        return f"criterion-{row.pk}"
    if isinstance(row, Section):
        return f"section-{row.pk}"
    if isinstance(row, PlanFocusArea):
        return f"area-{row.pk}"
    return "plan-head"


def _render_form(
    request: HttpRequest,
    flow: FormFlow,
    form: django_forms.Form,
    *,
    status: int = 200,
    conflict: dict | None = None,
) -> HttpResponse:
    context = {
        "plan": flow.editor.plan,
        "form": form,
        "slot": flow.slot,
        "conflict": conflict,
        "submit_label": flow.submit_label or _("Save"),
        "cancel_url": editor_url(flow.editor.plan, flow.slot.anchor),
    }
    if is_htmx(request):
        # htmx swaps only successful responses; the form with its messages is one.
        _focus_first(form)
        return fragment(request, "_form.html", context)
    return fragment(request, "form_page.html", context, status=status)


def _focus_first(form: django_forms.Form) -> None:
    """Put the keyboard in the form swapped in: on the first field with a message, or the first."""
    fields = form.visible_fields()
    target = next((bound for bound in fields if bound.errors), fields[0] if fields else None)
    if target is not None:
        target.field.widget.attrs["autofocus"] = True


def _render_conflict(
    request: HttpRequest, flow: FormFlow, form: django_forms.Form, conflict: EditConflict
) -> HttpResponse:
    """The form again with the user's text, the saved text beside it, and the saved version.

    Nothing is lost: theirs is in the database, yours is in the form, and
    saving again replaces theirs knowingly.
    """
    current = conflict.current
    assert flow.theirs is not None and isinstance(current, Model)
    auto_id = f"{flow.slot.dom_id}-%s"
    theirs = flow.make(initial=flow.theirs(current), auto_id=auto_id)
    rows = []
    for bound in form.visible_fields():
        yours, saved = shown(bound), shown(theirs[bound.name])
        if yours != saved:
            rows.append({"label": bound.label, "theirs": saved, "yours": yours})
    data = request.POST.copy()
    data["version"] = str(current.version)  # type: ignore[attr-defined]
    again = flow.make(data=data, auto_id=auto_id)
    again.is_valid()
    conflict_context = {"message": conflict.message, "rows": rows}
    return _render_form(request, flow, again, status=409, conflict=conflict_context)


def shown(bound: django_forms.BoundField) -> str:
    """A field's value as the user reads it: a choice's label, a Danish number, a date."""
    value = bound.value()
    field = bound.field
    if isinstance(field, django_forms.ChoiceField):
        choices: Any = field.choices
        labels = {str(key): str(text) for key, text in choices}
        return labels.get("" if value is None else str(value), "")
    if isinstance(field, LocalDecimalField) and not isinstance(value, Decimal):
        try:
            value = field.to_python(value)
        except ValidationError:
            return str(value)
    if isinstance(value, Decimal):
        return number(value, grouping=False)
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def add_model_errors(form: django_forms.Form, error: ValidationError) -> None:
    """A service's model validation, beside the form's fields where the form has them."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- moving and deleting -------------------------------------------------------------------------


def move(request: HttpRequest, row: Section | PlanFocusArea | Goal | Criterion) -> str:
    """Move the row one step as the posted direction says; returns the direction."""
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.row_move(user=request.user, row=row, offset=form.offset)
    return form.cleaned_data["direction"]


def focus_after_move(row: Any, direction: str) -> str:
    """Keep the keyboard on the button just used, or on its twin when the row reached an end."""
    up, down = not row.is_first, not row.is_last
    if direction == forms.MOVE_UP and up:
        return "up"
    if direction == forms.MOVE_DOWN and down:
        return "down"
    if up:
        return "up"
    return "down" if down else "edit"


@dataclass
class Deletion:
    """What a delete asks about, does, and shows after."""

    row: Model
    slot: Slot
    heading: str
    what: str
    container: str
    delete: Callable[[int], None]
    done: Callable[[], HttpResponse]
    show: Callable[[str], HttpResponse]
    consequences: str = ""


def delete_flow(request: HttpRequest, editor: Editor, deletion: Deletion) -> HttpResponse:
    """Ask first (a page without JavaScript, in place with it); delete; show what is left."""
    slot = deletion.slot
    context: dict[str, Any] = {
        "plan": editor.plan,
        "slot": slot,
        "action": slot.action,
        "heading": deletion.heading,
        "what": deletion.what,
        "consequences": deletion.consequences,
        "container": deletion.container,
        "cancel_url": editor_url(editor.plan, slot.anchor),
        "version": deletion.row.version,  # type: ignore[attr-defined]
    }
    if request.method == "GET":
        if "vis" in request.GET:  # Cancel: the item again
            if not is_htmx(request):
                return HttpResponseRedirect(editor_url(editor.plan, slot.anchor))
            return deletion.show("delete")
        if is_htmx(request):
            return fragment(request, "_confirm_delete.html", {**context, "autofocus": True})
        return fragment(request, "confirm_page.html", context)
    form = forms.ConfirmDeleteForm(request.POST)
    if not form.is_valid():
        context["error"] = forms.MSG_VERSION
    else:
        try:
            deletion.delete(form.cleaned_data["version"])
        except EditConflict as conflict:
            context["error"] = conflict.message
            context["version"] = conflict.current.version  # type: ignore[attr-defined]
        except NotAllowed:
            raise  # 403, from signed_in
        except DomainError as exc:
            context["error"] = exc.message
        else:
            if not is_htmx(request):
                return HttpResponseRedirect(editor_url(editor.plan, deletion.container))
            return deletion.done()
    if is_htmx(request):
        # The question again, in place of the item, with what went wrong.
        response = fragment(request, "_confirm_delete.html", {**context, "autofocus": True})
        retarget(response, f"#{slot.dom_id}")
        reswap(response, "outerHTML")
        return response
    return fragment(request, "confirm_page.html", context, status=409)


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
