"""Open data: the page that documents it, and the files at their fixed addresses.

The files hold only what anonymous readers may see, for everyone (reports.open_data).
Anonymous readers get page and files from the page cache (web.caching) with an ETag and
Last-Modified, so an unchanged file is answered with 304.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from virkplan.organisation.models import Unit
from virkplan.plans.goal_status import GOAL_STATUS_ORDER, goal_status_label
from virkplan.reports import open_data

from ..caching import anonymous_page_cache


@anonymous_page_cache
def open_data_page(request: HttpRequest) -> HttpResponse:
    """What is published, under which licence, where the files are and what their columns mean."""
    context = {
        "all": open_data.ALL,
        "files": open_data.FILES,
        "datasets": open_data.DATASETS,
        "units": list(Unit.objects.order_by("name", "key").only("key", "name")),
        "statuses": [(code, goal_status_label(code)) for code in GOAL_STATUS_ORDER],
        "licence_name": open_data.LICENCE_NAME,
        "licence_url": open_data.LICENCE_URL,
        "attribution": open_data.attribution(),
    }
    return render(request, "web/open_data.html", context)


@anonymous_page_cache
def open_data_download(request: HttpRequest, scope: str, filename: str) -> HttpResponse:
    """One file of open data: the scope is `alle` or a unit's key, the file one of `FILES`."""
    file = open_data.FILES.get(filename)
    if file is None:
        message = _("There is no open data file “%(file)s”; choose one of %(files)s.") % {
            "file": filename,
            "files": ", ".join(open_data.FILES),
        }
        return _not_found(request, message)
    try:
        unit = open_data.scope_unit(scope)
    except Unit.DoesNotExist:
        return _not_found(request, _("There is no unit “%(unit)s”.") % {"unit": scope})
    plans = open_data.published_plans(unit=unit)
    content = open_data.open_data_file(plans=plans, file=file, scope=scope)
    response = HttpResponse(content, content_type=file.format.content_type)
    name = open_data.download_name(scope=scope, file=file)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reports/not_found.html", {"message": message}, status=404)


urlpatterns = [
    path("aabne-data/", open_data_page, name="open-data"),
    path("aabne-data/<slug:scope>/<str:filename>", open_data_download, name="open-data-file"),
]
