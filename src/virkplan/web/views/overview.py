"""The municipality's overview: every unit's plans with their goals by status (plans.overview),
filtered from the address, the same table as a spreadsheet or CSV, and the goals behind its
counts (plans.overview_goals)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from virkplan.plans.overview import OPEN_ROUND_DAYS, OverviewFilters, overview
from virkplan.plans.overview_goals import overview_goals
from virkplan.projects.permissions import may_see_projects
from virkplan.projects.selectors import ProjectCount, project_count
from virkplan.reports.formats import CSV, XLSX, CsvDialect
from virkplan.reports.overview import overview_file

from ..caching import anonymous_page_cache
from ..forms.overview import OverviewForm, OverviewGoalsForm


def _form(request: HttpRequest) -> OverviewForm:
    return OverviewForm(request.GET or None, user=request.user)


def _refused(request: HttpRequest, form: OverviewForm) -> HttpResponse:
    """The page with the filters' errors, and no table."""
    return render(request, "web/overview.html", {"form": form, "overview": None}, status=400)


@anonymous_page_cache(query=tuple(OverviewForm.base_fields))
def overview_page(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _refused(request, form)
    filters = form.filters()
    result = overview(user=request.user, filters=filters)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "overview": result,
        "projects": _projects(request, filters),
        "projects_unit": filters.unit,
        "query": query,
        # The goals behind the counts: the same filters, then a row's plan and a status.
        "goals_query": form.query(),
        "row_goals_query": form.query(status=None),
        "open_round_days": OPEN_ROUND_DAYS,
    }
    return render(request, "web/overview.html", context)


def _projects(request: HttpRequest, filters: OverviewFilters) -> ProjectCount | None:
    """The projects of the overview's unit (every unit without one), for those who may read
    projects; None for the rest (anonymous readers: the page is the same for all of them)."""
    if not request.user.is_authenticated or not may_see_projects(request.user):
        return None
    return project_count(user=request.user, unit=filters.unit, today=timezone.localdate())


@anonymous_page_cache
def overview_goals_page(request: HttpRequest) -> HttpResponse:
    """The goals the overview counts with the same filters (and a plan), a page at a time."""
    form = OverviewGoalsForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return render(request, "web/overview_goals.html", {"form": form}, status=400)
    filters = form.filters()
    result = overview_goals(
        user=request.user, filters=filters, page_number=request.GET.get("side", 1)
    )
    context = {
        "form": form,
        "goals": result,
        "plan": filters.plan,
        # The overview with the same filters, and these goals in every plan.
        "overview_query": form.query(plan=None),
    }
    return render(request, "web/overview_goals.html", context)


def overview_download(request: HttpRequest, format: str) -> HttpResponse:
    """The filtered table as a file; `?dialect=plain` gives comma-separated CSV."""
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _refused(request, form)
    kind = XLSX if format == XLSX.name else CSV
    dialect = CsvDialect.PLAIN if request.GET.get("dialect") == "plain" else CsvDialect.EXCEL
    content = overview_file(
        overview(user=request.user, filters=form.filters()), kind, dialect=dialect
    )
    response = HttpResponse(content, content_type=kind.content_type)
    filename = f"overblik-{timezone.localdate().isoformat()}.{kind.extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # What this user may see: no shared cache may keep it.
    patch_cache_control(response, private=True, no_cache=True)
    return response


urlpatterns = [
    path("overblik/", overview_page, name="overview"),
    path("overblik/maal/", overview_goals_page, name="overview-goals"),
    path(
        "overblik/eksport.xlsx",
        overview_download,
        {"format": XLSX.name},
        name="overview-xlsx",
    ),
    path("overblik/eksport.csv", overview_download, {"format": CSV.name}, name="overview-csv"),
]
