"""Downloads: a plan as PDF, Word, spreadsheet, CSV or JSON, as the user may see it."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from virkplan.plans.models import Plan

from . import combined
from .documents import (
    DocumentOrder,
    document_order,
    document_version,
    is_queued,
    plan_download_file,
)
from .exports import PlanFile
from .formats import CsvDialect, UnknownFormat
from .models import BuiltDocument, DocumentState
from .services import (
    Progress,
    document_content,
    document_lost,
    document_progress,
    document_request,
    document_retry,
)

WITHOUT_STATUSES = "without"
"""`?statuses=without`: the printed plan without statuses."""

REFRESH_SECONDS = 3
"""How often the page of a document being made asks again (htmx, or a refresh without it)."""


@dataclass(frozen=True)
class _Asked:
    """What the address asks for: the format and the print options from its query string."""

    dialect: CsvDialect
    with_follow_up: bool
    statuses: bool

    @classmethod
    def of(cls, request: HttpRequest) -> "_Asked":
        return cls(
            dialect=CsvDialect.PLAIN if request.GET.get("dialect") == "plain" else CsvDialect.EXCEL,
            with_follow_up=request.GET.get(combined.PARAMETER) == "1",
            statuses=request.GET.get("statuses") != WITHOUT_STATUSES,
        )


def plan_download(request: HttpRequest, key: str, format: str) -> HttpResponse:
    """The plan as a file to save; `?dialect=plain` gives comma-separated CSV, and
    `?med-opfoelgning=1` a PDF or Word document with the previous plan's follow-up
    (reports.combined; 404 with the reason when there is none); `?statuses=without` a PDF or
    Word document without statuses (as plans were printed).

    Whether the user may see the plan is asked of the database on every request. The PDF and
    Word documents are built by the task queue (reports.services): when the one for the plan
    as it is now is built, it is the answer; otherwise a page that says it is being made
    (202), which follows it until it is ready. The other formats are drawn here and kept in
    the cache (reports.documents). A file carries an ETag, so a browser that asks again with
    If-None-Match gets 304 (ConditionalGetMiddleware) while the plan is unchanged.
    """
    asked = _Asked.of(request)
    if is_queued(format):
        return _queued_document(request, key, format, asked, serve=True)
    try:
        file = plan_download_file(
            user=request.user,
            key=key,
            format=format,
            csv_dialect=asked.dialect,
            with_follow_up=asked.with_follow_up,
            statuses=asked.statuses,
        )
    except (UnknownFormat, combined.FollowUpNotIncluded) as error:
        return _not_found(request, error.message)
    except Plan.DoesNotExist:
        return _not_found(request, _no_plan(key))
    return _file_response(file)


@require_http_methods(["GET", "POST"])
def plan_document_status(request: HttpRequest, key: str, format: str) -> HttpResponse:
    """How a PDF or Word document being made is getting on: 202 while it is made (the page asks
    again by itself), 200 with its link when it is ready, 200 with the reason and a button to
    try again when it failed. POST tries again. htmx asks for the status part alone."""
    if not is_queued(format):
        raise Http404("Only PDF and Word documents are made by the task queue.")
    return _queued_document(
        request, key, format, _Asked.of(request), serve=False, retry=request.method == "POST"
    )


def _queued_document(
    request: HttpRequest,
    key: str,
    format: str,
    asked: _Asked,
    *,
    serve: bool,
    retry: bool = False,
) -> HttpResponse:
    try:
        order = document_order(
            user=request.user,
            key=key,
            format=format,
            with_follow_up=asked.with_follow_up,
            statuses=asked.statuses,
        )
    except (UnknownFormat, combined.FollowUpNotIncluded) as error:
        return _not_found(request, error.message)
    except Plan.DoesNotExist:
        return _not_found(request, _no_plan(key))
    version = document_version(order)
    if retry:
        document_retry(order=order, version=version)
        return HttpResponseRedirect(_address(request, "reports:plan-document-status", key, format))
    document = document_request(order=order, version=version)
    if serve and document.state == DocumentState.READY:
        content = document_content(document)
        if content is not None:
            return _file_response(_built_file(document, content, order))
        document = document_lost(document=document)
        content = document_content(document) if document.state == DocumentState.READY else None
        if content is not None:
            return _file_response(_built_file(document, content, order))
    return _status_page(request, key, format, order, document)


def _status_page(
    request: HttpRequest, key: str, format: str, order: DocumentOrder, document: BuiltDocument
) -> HttpResponse:
    progress, problem = document_progress(document)
    htmx = bool(getattr(request, "htmx", False))
    if htmx and progress is Progress.BUILDING:
        # htmx polls: nothing new, nothing swapped (so screen readers hear nothing again).
        return HttpResponse(status=204)
    context = {
        "plan": order.plan,
        "kind": order.kind,
        "building": progress is Progress.BUILDING,
        "ready": progress is Progress.READY,
        "failed": progress is Progress.FAILED,
        "problem": problem,
        "download_url": _address(request, "reports:plan-download", key, format),
        "status_url": _address(request, "reports:plan-document-status", key, format),
        "refresh_seconds": REFRESH_SECONDS,
    }
    template = "reports/_document_status.html" if htmx else "reports/document_status.html"
    response = render(request, template, context, status=202 if context["building"] else 200)
    # The page says how far this user's document is: no shared cache keeps it.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _address(request: HttpRequest, name: str, key: str, format: str) -> str:
    """The address of `name` with this request's print options."""
    url = reverse(name, args=[key, format])
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


def _built_file(document: BuiltDocument, content: bytes, order: DocumentOrder) -> PlanFile:
    return PlanFile(
        content=content,
        filename=document.filename,
        content_type=order.kind.content_type,
        etag=document.etag,
    )


def _file_response(file: PlanFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["ETag"] = file.etag
    # The file shows what this user may see: no shared cache may keep it, and the browser
    # asks again each time, so whether the user may still see the plan is checked each time.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _no_plan(key: str) -> str:
    return _("There is no plan “%(plan)s” that you may see.") % {"plan": key}


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reports/not_found.html", {"message": message}, status=404)
