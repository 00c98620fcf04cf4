"""The project list for management (`/projekter/`), its spreadsheet, and each project's page with
its milestones, goals and history, and the forms that change them (templates/web/projects/).

Projects are internal: every page needs sign-in, and shows only the projects of units the user
has a role in (projects.permissions). Every change goes through projects.services.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.models import Unit
from virkplan.plans.selectors import goals_visible_to
from virkplan.projects import permissions, services
from virkplan.projects.history import project_history
from virkplan.projects.models import Milestone, Project
from virkplan.projects.selectors import (
    DEFAULT_SORT,
    SORTS,
    goals_to_link,
    project_detail,
    project_list,
    projects_visible_to,
)
from virkplan.reports.formats import XLSX

from ..forms import projects as forms
from ..http import require, signed_in
from .edit_flows import add_model_errors, shown

PER_PAGE = 25


def _filter_form(request: HttpRequest) -> forms.ProjectFilterForm:
    visible = projects_visible_to(user=request.user).values("pk")
    goals = (
        goals_visible_to(user=request.user)
        .filter(project_links__project__in=visible)
        .distinct()
        .order_by("-plan_focus_area__plan__start_year", "ref", "pk")
    )
    data = (
        request.GET
        if any(name in request.GET for name in forms.ProjectFilterForm.base_fields)
        else None
    )
    return forms.ProjectFilterForm(data, goals=goals)


def _sorting(request: HttpRequest) -> tuple[str, bool]:
    sort = request.GET.get("sorter", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    return sort, request.GET.get("retning") == "ned"


def _listed(request: HttpRequest, form: forms.ProjectFilterForm):
    sort, descending = _sorting(request)
    projects = project_list(
        user=request.user,
        filters=form.filters(),
        today=timezone.localdate(),
        sort=sort,
        descending=descending,
    )
    return projects, sort, descending


@signed_in
def project_list_page(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "web/projects/list.html", {"form": form, "page": None}, status=400)
    projects, sort, descending = _listed(request, form)
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("side"))
    columns = [
        (name, heading, name == sort)
        for name, heading in (
            ("titel", _("Title")),
            ("enhed", _("Unit")),
            ("status", _("Status")),
            ("start", _("Start")),
            ("slut", _("End")),
            ("budget", _("Budget (kr.)")),
            ("milepael", _("Next milestone")),
        )
    ]
    context = {
        "form": form,
        "page": page,
        "columns": columns,
        "sort": sort,
        "descending": descending,
        "query": request.GET.urlencode(),
        "can_create": bool(_units_for_new(request)),
    }
    return render(request, "web/projects/list.html", context)


@signed_in
def project_export(request: HttpRequest) -> HttpResponse:
    """The filtered, sorted list as an Excel workbook."""
    from virkplan.reports.projects import projects_xlsx

    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "web/projects/list.html", {"form": form, "page": None}, status=400)
    projects, _sort, _descending = _listed(request, form)
    response = HttpResponse(projects_xlsx(projects), content_type=XLSX.content_type)
    filename = f"projekter-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _project(request: HttpRequest, key: str) -> Project:
    try:
        return project_detail(user=request.user, key=key)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


def _url(project: Project, anchor: str = "") -> str:
    url = reverse("web:project", args=[project.key])
    return f"{url}#{anchor}" if anchor else url


@signed_in
def project_page(request: HttpRequest, key: str) -> HttpResponse:
    project = _project(request, key)
    today = timezone.localdate()
    can_edit = permissions.can_edit_project(request.user, project)
    statuses = permissions.allowed_statuses(request.user, project)
    context: dict[str, Any] = {
        "project": project,
        "milestones": [(m, m.is_overdue(today)) for m in project.milestones.all()],
        "links": list(project.goal_links.all()),
        "history": project_history(project=project),
        "can_edit": can_edit,
        "status_form": forms.StatusForm(initial={"version": project.version}, choices=statuses)
        if statuses
        else None,
        "goal_form": forms.GoalLinkForm(
            goals=goals_to_link(user=request.user, project=project).select_related(
                "plan_focus_area__plan"
            )
        )
        if can_edit
        else None,
    }
    return render(request, "web/projects/project.html", context)


# --- the project's own fields -------------------------------------------------------------------


def _units_for_new(request: HttpRequest) -> list[Unit]:
    units = Unit.objects.order_by("position", "name")
    return [u for u in units if permissions.can_create_project(request.user, u.pk)]


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "web/projects/form.html", context, status=status)


def _conflict(form: Any, theirs: Any) -> dict[str, Any]:
    rows = []
    for bound in form.visible_fields():
        yours, saved = shown(bound), shown(theirs[bound.name])
        if yours != saved:
            rows.append({"label": bound.label, "theirs": saved, "yours": yours})
    return {"rows": rows}


@signed_in
def project_create(request: HttpRequest) -> HttpResponse:
    units = _units_for_new(request)
    require(bool(units))
    form = forms.ProjectForm(request.POST or None, units=units, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(user=request.user, **form.values())
        except NotAllowed:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            return HttpResponseRedirect(_url(project))
    context = {
        "form": form,
        "heading": _("New project"),
        "submit_label": _("Create project"),
        "cancel_url": reverse("web:projects"),
    }
    return _form_page(request, context, status=400 if form.errors else 200)


@signed_in
def project_edit(request: HttpRequest, key: str) -> HttpResponse:
    project = _project(request, key)
    require(permissions.can_edit_project(request.user, project))
    units = _units_for_new(request)
    if project.unit not in units:
        units = [project.unit, *units]
    context: dict[str, Any] = {
        "project": project,
        "heading": _("Edit the project"),
        "submit_label": _("Save"),
        "cancel_url": _url(project),
    }
    if request.method != "POST":
        context["form"] = forms.ProjectForm(
            initial=forms.ProjectForm.initial_for(project), units=units
        )
        return _form_page(request, context)
    form = forms.ProjectForm(request.POST, units=units)
    context["form"] = form
    if form.is_valid():
        try:
            services.project_update(
                user=request.user,
                project=project,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            )
        except EditConflict as conflict:
            current = conflict.current
            assert isinstance(current, Project)
            theirs = forms.ProjectForm(initial=forms.ProjectForm.initial_for(current), units=units)
            data = request.POST.copy()
            data["version"] = str(current.version)
            again = forms.ProjectForm(data, units=units)
            again.is_valid()
            context["form"] = again
            context["conflict"] = {"message": conflict.message, **_conflict(form, theirs)}
            return _form_page(request, context, status=409)
        except NotAllowed:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            return HttpResponseRedirect(_url(project))
    return _form_page(request, context, status=400)


@signed_in
@require_POST
def project_status(request: HttpRequest, key: str) -> HttpResponse:
    project = _project(request, key)
    require(permissions.can_edit_project(request.user, project))
    form = forms.VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    services.project_set_status(
        user=request.user,
        project=project,
        status=request.POST.get("status", ""),
        expected_version=version,
    )
    return HttpResponseRedirect(_url(project, "status"))


# --- milestones ---------------------------------------------------------------------------------


def _milestone(project: Project, pk: int) -> Milestone:
    return get_object_or_404(Milestone, pk=pk, project=project)


@signed_in
def milestone_create(request: HttpRequest, key: str) -> HttpResponse:
    project = _project(request, key)
    require(permissions.can_edit_project(request.user, project))
    form = forms.MilestoneForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_create(
                user=request.user,
                project=project,
                title=data["title"],
                due_date=data["due_date"],
                met=data["met"],
                met_date=data["met_date"],
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            return HttpResponseRedirect(_url(project, "milestones"))
    context = {
        "project": project,
        "form": form,
        "heading": _("New milestone"),
        "submit_label": _("Add milestone"),
        "cancel_url": _url(project, "milestones"),
    }
    return _form_page(request, context, status=400 if form.errors else 200)


@signed_in
def milestone_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    project = _project(request, key)
    require(permissions.can_edit_project(request.user, project))
    milestone = _milestone(project, pk)
    context: dict[str, Any] = {
        "project": project,
        "heading": _("Edit the milestone"),
        "submit_label": _("Save"),
        "cancel_url": _url(project, "milestones"),
        "milestone": milestone,
    }
    if request.method != "POST":
        context["form"] = forms.MilestoneForm(initial=forms.MilestoneForm.initial_for(milestone))
        return _form_page(request, context)
    form = forms.MilestoneForm(request.POST)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_update(
                user=request.user,
                milestone=milestone,
                expected_version=data["version"],
                title=data["title"],
                due_date=data["due_date"],
                met=data["met"],
                met_date=data["met_date"],
            )
        except EditConflict as conflict:
            current = conflict.current
            assert isinstance(current, Milestone)
            theirs = forms.MilestoneForm(initial=forms.MilestoneForm.initial_for(current))
            data_again = request.POST.copy()
            data_again["version"] = str(current.version)
            again = forms.MilestoneForm(data_again)
            again.is_valid()
            context["form"] = again
            context["conflict"] = {"message": conflict.message, **_conflict(form, theirs)}
            return _form_page(request, context, status=409)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            return HttpResponseRedirect(_url(project, "milestones"))
    return _form_page(request, context, status=400)


@signed_in
@require_POST
def milestone_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    project = _project(request, key)
    require(permissions.can_edit_project(request.user, project))
    milestone = _milestone(project, pk)
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("The form is out of date; open it again."))
    services.milestone_delete(
        user=request.user, milestone=milestone, expected_version=form.cleaned_data["version"]
    )
    return HttpResponseRedirect(_url(project, "milestones"))


# --- goals --------------------------------------------------------------------------------------


@signed_in
@require_POST
def goal_link(request: HttpRequest, key: str) -> HttpResponse:
    project = _project(request, key)
    require(permissions.can_edit_project(request.user, project))
    form = forms.GoalLinkForm(request.POST, goals=goals_to_link(user=request.user, project=project))
    if not form.is_valid():
        raise DomainError(str(form.errors["goal"][0]))
    services.project_goal_link(user=request.user, project=project, goal=form.cleaned_data["goal"])
    return HttpResponseRedirect(_url(project, "goals"))


@signed_in
@require_POST
def goal_unlink(request: HttpRequest, key: str, goal_key: str) -> HttpResponse:
    project = _project(request, key)
    require(permissions.can_edit_project(request.user, project))
    link = next((link for link in project.goal_links.all() if link.goal.key == goal_key), None)
    if link is None:
        raise Http404
    services.project_goal_unlink(user=request.user, project=project, goal=link.goal)
    return HttpResponseRedirect(_url(project, "goals"))


urlpatterns = [
    path("projekter/", project_list_page, name="projects"),
    path("projekter/eksport.xlsx", project_export, name="projects-xlsx"),
    path("projekter/ny/", project_create, name="project-create"),
    path("projekter/<slug:key>/", project_page, name="project"),
    path("projekter/<slug:key>/rediger/", project_edit, name="project-edit"),
    path("projekter/<slug:key>/status/", project_status, name="project-status"),
    path("projekter/<slug:key>/milepaele/ny/", milestone_create, name="milestone-create"),
    path(
        "projekter/<slug:key>/milepaele/<int:pk>/rediger/",
        milestone_edit,
        name="milestone-edit",
    ),
    path(
        "projekter/<slug:key>/milepaele/<int:pk>/slet/",
        milestone_delete,
        name="milestone-delete",
    ),
    path("projekter/<slug:key>/maal/", goal_link, name="project-goal-link"),
    path(
        "projekter/<slug:key>/maal/<slug:goal_key>/fjern/",
        goal_unlink,
        name="project-goal-unlink",
    ),
]
