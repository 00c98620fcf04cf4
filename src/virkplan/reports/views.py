"""Downloads: a plan as PDF, Word, spreadsheet, CSV or JSON, as the user may see it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from virkplan.plans.models import Plan

from . import combined
from .documents import plan_download_file
from .formats import CsvDialect, UnknownFormat

WITHOUT_STATUSES = "without"
"""`?statuses=without`: the printed plan without statuses."""


def plan_download(request: HttpRequest, key: str, format: str) -> HttpResponse:
    """The plan as a file to save; `?dialect=plain` gives comma-separated CSV, and
    `?med-opfoelgning=1` a PDF or Word document with the previous plan's follow-up
    (reports.combined; 404 with the reason when there is none); `?statuses=without` a PDF or
    Word document without statuses (as plans were printed).

    The file comes from the cache when the plan has not changed (reports.documents), after
    the check that the user may see the plan. It carries an ETag, so a browser that asks
    again with If-None-Match gets 304 (ConditionalGetMiddleware) while the plan is unchanged.
    """
    dialect = CsvDialect.PLAIN if request.GET.get("dialect") == "plain" else CsvDialect.EXCEL
    with_follow_up = request.GET.get(combined.PARAMETER) == "1"
    statuses = request.GET.get("statuses") != WITHOUT_STATUSES
    try:
        file = plan_download_file(
            user=request.user,
            key=key,
            format=format,
            csv_dialect=dialect,
            with_follow_up=with_follow_up,
            statuses=statuses,
        )
    except (UnknownFormat, combined.FollowUpNotIncluded) as error:
        return _not_found(request, error.message)
    except Plan.DoesNotExist:
        return _not_found(
            request, _("There is no plan “%(plan)s” that you may see.") % {"plan": key}
        )
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["ETag"] = file.etag
    # The file shows what this user may see: no shared cache may keep it, and the browser
    # asks again each time, so whether the user may still see the plan is checked each time.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reports/not_found.html", {"message": message}, status=404)
