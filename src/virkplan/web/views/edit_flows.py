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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget

from virkplan.core.display import number
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.plans import services
from virkplan.plans.models import Criterion, Goal, PlanFocusArea, Section

from ..fields import LocalDecimalField
from ..forms import editing as forms
from ..http import is_htmx
from .editor import Editor, Item, editor_url, fragment

# The rows an editing page moves and deletes.
Row = Section | PlanFocusArea | Goal | Criterion

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
    if isinstance(field, django_forms.BooleanField):
        return str(_("Yes") if field.to_python(value) else _("No"))
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


def move(request: HttpRequest, row: Row) -> str:
    """Move the row one step as the posted direction says; returns the direction."""
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.row_move(user=request.user, row=row, offset=form.offset)
    return form.cleaned_data["direction"]


def focus_after_move(item: Item, direction: str) -> str:
    """Keep the keyboard on the button just used, or on its twin when the item reached an end."""
    up, down = not item.is_first, not item.is_last
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

    row: Row
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
        "version": deletion.row.version,
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
