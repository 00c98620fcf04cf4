"""The municipality's overview: every unit's plans with their goals by status (plans.overview),
filtered from the address, and the same table as a spreadsheet or CSV."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from virkplan.plans.overview import OPEN_ROUND_DAYS, overview
from virkplan.reports.formats import CSV, XLSX, CsvDialect
from virkplan.reports.overview import overview_file

from ..caching import anonymous_page_cache
from ..forms.overview import OverviewForm


def _form(request: HttpRequest) -> OverviewForm:
    return OverviewForm(request.GET or None, user=request.user)


def _refused(request: HttpRequest, form: OverviewForm) -> HttpResponse:
    """The page with the filters' errors, and no table."""
    return render(request, "web/overview.html", {"form": form, "overview": None}, status=400)


@anonymous_page_cache
def overview_page(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _refused(request, form)
    result = overview(user=request.user, filters=form.filters())
    query = request.GET.urlencode()
    context = {
        "form": form,
        "overview": result,
        "query": query,
        "open_round_days": OPEN_ROUND_DAYS,
    }
    return render(request, "web/overview.html", context)


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
    path(
        "overblik/eksport.xlsx",
        overview_download,
        {"format": XLSX.name},
        name="overview-xlsx",
    ),
    path("overblik/eksport.csv", overview_download, {"format": CSV.name}, name="overview-csv"),
]
