"""The error pages: 400, 403, 404, 500 and a refused form (CSRF), in the visitor's language.

Each says what happened and offers a way on: the front page, and signing
in for an anonymous visitor who may simply not be signed in yet (a link to
a draft plan is a 404 until they are). The 500 page is rendered without
the request's context, so it shows even when the database is down.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def _error_page(
    request: HttpRequest, template: str, status: int, message: str = ""
) -> HttpResponse:
    context = {"next_path": request.get_full_path(), "exception_message": message}
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: the request could not be understood."""
    return _error_page(request, "web/errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the visitor may not do or see this (perhaps until they sign in)."""
    # A refusal raised with a domain error's words says why; a bare PermissionDenied says nothing.
    message = ""
    if isinstance(exception, PermissionDenied) and exception.args:
        message = str(exception.args[0])
    return _error_page(request, "web/errors/403.html", 403, message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: no such page, or one the visitor may not see (a draft, for someone not signed in)."""
    return _error_page(request, "web/errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without context processors: no session, user or database is touched."""
    html = loader.get_template("web/errors/500.html").render({"server_error": True})
    return HttpResponse(html, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused because its security token was missing or stale (CSRF_FAILURE_VIEW)."""
    return _error_page(request, "web/errors/csrf.html", 403)
