"""Editing a plan: the editing page, a new plan, a new revision, the plan's details, sections
and focus areas. Goals and criteria are in views_editing_goals; the machinery in editing.

Every view works without JavaScript (pages, POST, redirect back to the
editing page at the item) and with htmx (fragments swapped in place).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from virkplan.core.errors import DomainError, NotAllowed
from virkplan.plans import permissions, services
from virkplan.plans.models import FocusArea, Plan, PlanFocusArea, PlanStatus
from virkplan.plans.selectors import focus_areas_attachable

from ..forms import editing as forms
from ..http import is_htmx, require, signed_in
from . import editing_goals
from .edit_flows import (
    Deletion,
    FormFlow,
    Slot,
    add_model_errors,
    delete_flow,
    focus_after_move,
    form_flow,
    move,
)
from .editor import (
    Editor,
    SectionItem,
    add_button,
    editor_url,
    load,
    part,
    require_or_locked,
    units_in_tree_order,
)

# --- the editing page, a new revision, a new plan --------------------------------------------


@signed_in
def plan_edit(request: HttpRequest, key: str) -> HttpResponse:
    """The whole plan with an Edit button on each item the user may change."""
    return _editing_page(request, load(request, key))


def _editing_page(
    request: HttpRequest, editor: Editor, *, error: str = "", status: int = 200
) -> HttpResponse:
    plan = editor.plan
    revision = None
    if plan.status != PlanStatus.DRAFT:
        revision = plan.revisions.filter(
            status__in=(PlanStatus.DRAFT, PlanStatus.SUBMITTED)
        ).first()
    context = {
        "plan": plan,
        "editor": editor,
        "can_start_revision": revision is None
        and permissions.can_start_revision(request.user, plan),
        "open_revision": revision,
        "error": error,
    }
    return render(request, "web/edit/plan_edit.html", context, status=status)


@signed_in
@require_POST
def plan_revision_start(request: HttpRequest, key: str) -> HttpResponse:
    """A new draft revision of an approved or published plan; then its editing page."""
    editor = load(request, key)
    require(permissions.can_start_revision(request.user, editor.plan))
    try:
        revision = services.plan_start_revision(user=request.user, plan=editor.plan)
    except NotAllowed:
        raise  # 403, from signed_in
    except DomainError as exc:
        return _editing_page(request, editor, error=exc.message, status=409)
    url = editor_url(revision)
    return HttpResponseClientRedirect(url) if is_htmx(request) else HttpResponseRedirect(url)


@signed_in
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new, empty draft plan for a unit the user writes plans for; then its editing page."""
    units = [u for u in units_in_tree_order() if permissions.can_create_plan(request.user, u.pk)]
    require(bool(units))
    if request.method == "POST":
        form = forms.PlanCreateForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.plan_create(
                    user=request.user,
                    unit=data["unit"],
                    title=data["title"].strip(),
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    kind=data["kind"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_model_errors(form, exc)
            else:
                return HttpResponseRedirect(editor_url(plan))
    else:
        chosen = next((u for u in units if u.key == request.GET.get("enhed")), None)
        year = timezone.localdate().year + 1
        initial = {"unit": chosen.pk if chosen else None, "start_year": year, "end_year": year}
        form = forms.PlanCreateForm(initial=initial, units=units)
    return render(request, "web/edit/plan_create.html", {"form": form})


# --- the plan's title, period and introductions ----------------------------------------------


@signed_in
def plan_details_edit(request: HttpRequest, key: str) -> HttpResponse:
    editor = load(request, key)
    plan = editor.plan
    require_or_locked(request, plan, permissions.can_edit_plan(request.user, plan))

    def save(form: Any) -> Model:
        data = form.cleaned_data
        return services.plan_update(
            user=request.user,
            plan=plan,
            expected_version=data["version"],
            title=data["title"].strip(),
            kind=data["kind"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            focus_area_intro=data["focus_area_intro"],
            follow_up_intro=data["follow_up_intro"],
        )

    def show(focus: str, oob: bool = False) -> HttpResponse:
        # After a save the page's h1 shows the new title too (an out-of-band swap).
        return part(
            request, editor, "_plan_head.html", lambda e: {"editor": e, "oob": oob}, focus=focus
        )

    flow = FormFlow(
        editor=editor,
        slot=Slot(
            dom_id="plan-head",
            action=reverse("web:plan-details-edit", args=[key]),
            heading=_("Title, period and introductions"),
            level=2,
            anchor="plan-head",
        ),
        make=forms.PlanDetailsForm,
        initial=forms.PlanDetailsForm.initial_for(plan),
        theirs=lambda row: forms.PlanDetailsForm.initial_for(row),  # type: ignore[arg-type]
        save=save,
        show=show,
        done=lambda row: show("edit", oob=True),
    )
    return form_flow(request, flow)


# --- sections ------------------------------------------------------------------------------


def _sections(request: HttpRequest, editor: Editor, **kwargs: Any) -> HttpResponse:
    return part(request, editor, "_sections.html", lambda e: {"editor": e}, **kwargs)


@signed_in
def section_create(request: HttpRequest, key: str) -> HttpResponse:
    editor = load(request, key)
    plan = editor.plan
    require_or_locked(request, plan, permissions.can_edit_plan(request.user, plan))
    url = reverse("web:section-create", args=[key])

    def save(form: Any) -> Model:
        data = form.cleaned_data
        return services.section_create(
            user=request.user,
            plan=plan,
            title=data["title"].strip(),
            body=data["body"],
            highlights=data["highlights"],
            organisation_chart=data["organisation_chart"],
        )

    flow = FormFlow(
        editor=editor,
        slot=Slot("sections-add", url, _("New section"), level=3, anchor="sections"),
        make=lambda **kw: forms.SectionForm(creating=True, **kw),
        save=save,
        show=lambda focus: add_button(request, "sections-add", url, _("Add section")),
        done=lambda row: _sections(
            request, editor, focus="edit", on=lambda e: e.section(row.pk), target="sections"
        ),
        submit_label=gettext_lazy("Add section"),
    )
    return form_flow(request, flow)


@signed_in
def section_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor = load(request, key)
    item = editor.section(pk)
    section = item.row
    require_or_locked(request, editor.plan, permissions.can_edit_plan(request.user, editor.plan))

    def save(form: Any) -> Model:
        data = form.cleaned_data
        return services.section_update(
            user=request.user,
            section=section,
            expected_version=data["version"],
            title=data["title"].strip(),
            body=data["body"],
            highlights=data["highlights"],
            organisation_chart=data["organisation_chart"],
        )

    flow = FormFlow(
        editor=editor,
        slot=_section_slot(key, item),
        make=forms.SectionForm,
        initial=forms.SectionForm.initial_for(section),
        theirs=lambda row: forms.SectionForm.initial_for(row),  # type: ignore[arg-type]
        save=save,
        show=lambda focus: _section(request, editor, pk, focus),
    )
    return form_flow(request, flow)


def _section_slot(key: str, item: SectionItem, action: str = "web:section-edit") -> Slot:
    title = item.row.title
    heading = _("Edit the section “%(title)s”") % {"title": title}
    if action == "web:section-delete":
        heading = _("Delete the section “%(title)s”?") % {"title": title}
    url = reverse(action, args=[key, item.row.pk])
    return Slot(item.dom_id, url, heading, level=3, anchor=item.dom_id)


def _section(request: HttpRequest, editor: Editor, pk: int, focus: str) -> HttpResponse:
    return part(request, editor, "_section.html", lambda e: {"section": e.section(pk)}, focus=focus)


@signed_in
@require_POST
def section_move(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor = load(request, key)
    item = editor.section(pk)
    require(permissions.can_edit_plan(request.user, editor.plan))
    direction = move(request, item.row)
    if not is_htmx(request):
        return HttpResponseRedirect(editor_url(editor.plan, item.dom_id))
    return _sections(
        request,
        editor,
        on=lambda e: e.section(pk),
        focus=lambda row: focus_after_move(row, direction),
    )


@signed_in
def section_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor = load(request, key)
    item = editor.section(pk)
    section = item.row
    require(permissions.can_edit_plan(request.user, editor.plan))
    slot = _section_slot(key, item, "web:section-delete")
    deletion = Deletion(
        row=section,
        slot=slot,
        heading=slot.heading,
        what=section.title,
        container="sections",
        delete=lambda version: services.row_delete(
            user=request.user, row=section, expected_version=version
        ),
        done=lambda: _sections(request, editor, focus="add-section"),
        show=lambda focus: _section(request, editor, pk, focus),
    )
    return delete_flow(request, editor, deletion)


# --- focus areas -------------------------------------------------------------------------------


def _focus_areas(request: HttpRequest, editor: Editor, **kwargs: Any) -> HttpResponse:
    return part(request, editor, "_focus_areas.html", lambda e: {"editor": e}, **kwargs)


def _area_head(request: HttpRequest, editor: Editor, pk: int, focus: str) -> HttpResponse:
    return part(
        request, editor, "_focus_area_head.html", lambda e: {"pfa": e.area(pk)}, focus=focus
    )


def _focus_area_choices(request: HttpRequest, plan: Plan) -> QuerySet[FocusArea]:
    """Focus areas the plan may include, set for (part of) its period, that it does not include."""
    return (
        focus_areas_attachable(user=request.user, unit=plan.unit)
        .filter(start_year__lte=plan.end_year, end_year__gte=plan.start_year)
        .exclude(plan_focus_areas__plan=plan)
        .order_by("-start_year", "title")
    )


@signed_in
def focus_area_create(request: HttpRequest, key: str) -> HttpResponse:
    editor = load(request, key)
    plan = editor.plan
    require_or_locked(request, plan, permissions.can_edit_plan(request.user, plan))
    url = reverse("web:focus-area-create", args=[key])
    choices = _focus_area_choices(request, plan)

    def save(form: Any) -> Model:
        data = form.cleaned_data
        return services.plan_focus_area_add(
            user=request.user,
            plan=plan,
            focus_area=data.get("existing"),
            title=data["title"].strip(),
            tagline=data["tagline"].strip(),
            body=data["body"],
            unit_text=data["unit_text"],
        )

    flow = FormFlow(
        editor=editor,
        slot=Slot("focus-areas-add", url, _("Add a focus area"), level=3, anchor="focus-areas"),
        make=lambda **kw: forms.FocusAreaAddForm(choices=choices, **kw),
        save=save,
        show=lambda focus: add_button(request, "focus-areas-add", url, _("Add focus area")),
        done=lambda row: _focus_areas(
            request, editor, focus="edit", on=lambda e: e.area(row.pk), target="focus-areas"
        ),
        submit_label=gettext_lazy("Add focus area"),
    )
    return form_flow(request, flow)


@signed_in
def focus_area_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor = load(request, key)
    area = editor.area(pk).row
    plan = editor.plan
    require_or_locked(request, plan, permissions.can_edit_plan(request.user, plan))
    # Its own title and shared text only when the focus area is this plan's alone.
    own = permissions.can_edit_focus_area(request.user, area, plan)

    def save(form: Any) -> Model:
        data = form.cleaned_data
        shared = {}
        if form.own:
            shared = {
                "title": data["title"].strip(),
                "tagline": data["tagline"].strip(),
                "body": data["body"],
            }
        return services.plan_focus_area_update(
            user=request.user,
            area=area,
            expected_version=data["version"],
            unit_text=data["unit_text"],
            **shared,
        )

    title = area.focus_area.title
    flow = FormFlow(
        editor=editor,
        slot=Slot(
            dom_id=f"area-{pk}-head",
            action=reverse("web:focus-area-edit", args=[key, pk]),
            heading=_("Edit the focus area “%(title)s”") % {"title": title},
            level=3,
            anchor=f"area-{pk}",
        ),
        make=lambda **kw: forms.FocusAreaForm(own=own, **kw),
        initial=forms.FocusAreaForm.initial_for(area),
        theirs=_focus_area_as_saved,
        save=save,
        show=lambda focus: _area_head(request, editor, pk, focus),
    )
    return form_flow(request, flow)


def _focus_area_as_saved(row: Model) -> dict[str, Any]:
    saved = PlanFocusArea.objects.select_related("focus_area").get(pk=row.pk)
    return forms.FocusAreaForm.initial_for(saved)


@signed_in
@require_POST
def focus_area_move(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor = load(request, key)
    area = editor.area(pk).row
    require(permissions.can_edit_plan(request.user, editor.plan))
    direction = move(request, area)
    if not is_htmx(request):
        return HttpResponseRedirect(editor_url(editor.plan, f"area-{pk}"))
    return _focus_areas(
        request,
        editor,
        on=lambda e: e.area(pk),
        focus=lambda row: focus_after_move(row, direction),
    )


@signed_in
def focus_area_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor = load(request, key)
    area = editor.area(pk).row
    require(permissions.can_edit_plan(request.user, editor.plan))
    goals = editing_goals.goal_count(area.top_goals)
    consequences = ""
    if goals:
        consequences = ngettext(
            "Its goal in this plan is deleted with it, with its documentation and follow-up.",
            "Its %(goals)s goals in this plan are deleted with it, with their documentation "
            "and follow-up.",
            goals,
        ) % {"goals": goals}
    heading = _("Take the focus area “%(title)s” out of the plan?") % {
        "title": area.focus_area.title
    }
    action = reverse("web:focus-area-delete", args=[key, pk])
    deletion = Deletion(
        row=area,
        slot=Slot(f"area-{pk}-head", action, heading, level=3, anchor=f"area-{pk}"),
        heading=heading,
        what=str(area.focus_area),
        consequences=consequences,
        container="focus-areas",
        delete=lambda version: services.row_delete(
            user=request.user, row=area, expected_version=version
        ),
        done=lambda: _focus_areas(request, editor, focus="add-area"),
        show=lambda focus: _area_head(request, editor, pk, focus),
    )
    return delete_flow(request, editor, deletion)


_PLAN = "plan/<slug:key>/rediger"

urlpatterns: list[URLPattern] = [
    path("ny-plan/", plan_create, name="plan-create"),
    path(f"{_PLAN}/", plan_edit, name="plan-edit"),
    path(f"{_PLAN}/plan/", plan_details_edit, name="plan-details-edit"),
    path("plan/<slug:key>/ny-revision/", plan_revision_start, name="plan-start-revision"),
    path(f"{_PLAN}/afsnit/nyt/", section_create, name="section-create"),
    path(f"{_PLAN}/afsnit/<int:pk>/", section_edit, name="section-edit"),
    path(f"{_PLAN}/afsnit/<int:pk>/flyt/", section_move, name="section-move"),
    path(f"{_PLAN}/afsnit/<int:pk>/slet/", section_delete, name="section-delete"),
    path(f"{_PLAN}/indsatsomraade/nyt/", focus_area_create, name="focus-area-create"),
    path(f"{_PLAN}/indsatsomraade/<int:pk>/", focus_area_edit, name="focus-area-edit"),
    path(f"{_PLAN}/indsatsomraade/<int:pk>/flyt/", focus_area_move, name="focus-area-move"),
    path(f"{_PLAN}/indsatsomraade/<int:pk>/slet/", focus_area_delete, name="focus-area-delete"),
    *editing_goals.urlpatterns,
]
