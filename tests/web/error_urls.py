"""The site's URLs and error handlers, with a page that fails, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from virkplan.urls import handler400, handler403, handler404, handler500, urlpatterns


def broken_page(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a page that fails")


def refused_page(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def refused_with_a_reason(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Kun en godkender må godkende planen.")


def unreadable_page(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("an unreadable request")


urlpatterns = [
    path("fejl-test/", broken_page),
    path("test-403/", refused_page),
    path("test-403-grund/", refused_with_a_reason),
    path("test-400/", unreadable_page),
    *urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
