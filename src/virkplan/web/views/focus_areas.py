"""The red thread: shared focus areas, and each one through every plan that includes it
(plans.threads).

Anonymous readers get them from the cache (web.caching) until the data changes.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from virkplan.plans.models import FocusArea
from virkplan.plans.threads import focus_area_thread, focus_area_threads

from ..caching import anonymous_page_cache


@anonymous_page_cache
def focus_area_list(request: HttpRequest) -> HttpResponse:
    """The focus areas set for every department, by who set them, each linking to its thread."""
    groups = focus_area_threads(user=request.user)
    return render(request, "web/focus_areas.html", {"groups": groups})


@anonymous_page_cache
def focus_area_page(request: HttpRequest, key: str) -> HttpResponse:
    """A focus area across the municipality: every plan the reader may see that includes it,
    with the unit's text and its goals' statuses, by year and unit."""
    try:
        thread = focus_area_thread(user=request.user, key=key)
    except FocusArea.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "web/focus_area.html", {"thread": thread})


urlpatterns = [
    path("indsatsomraader/", focus_area_list, name="focus-areas"),
    path("indsatsomraade/<slug:key>/", focus_area_page, name="focus-area"),
]
