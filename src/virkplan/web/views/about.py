"""Pages about the site itself: the accessibility statement every Danish public site links to."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ..caching import anonymous_page_cache

# The day the statement was last gone through. The law asks for a review at least once a year
# and whenever a change to the site alters what the statement says.
STATEMENT_DATE = date(2026, 12, 5)


@anonymous_page_cache
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the parts of Digitaliseringsstyrelsen's template."""
    return render(request, "web/accessibility.html", {"statement_date": STATEMENT_DATE})


urlpatterns = [
    path("tilgaengelighed/", accessibility_statement, name="accessibility"),
]
