"""The citizens' start page (`/planer/`, and the front page for anonymous readers): the
municipality's focus areas, the departments' published plans by period with their goals
counted by status, filtered by year and department from the address (plans.published).

The same for everyone who reads it, signed in or not: only what is published. Anonymous
readers get it from the cache (web.caching) until the data changes.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from virkplan.plans.published import published_plans_by_period
from virkplan.plans.threads import focus_area_threads

from ..caching import anonymous_page_cache
from ..forms.citizens import CitizensForm


def citizens_view(request: HttpRequest, *, filtered: bool = True) -> HttpResponse:
    """The page; `filtered`: the filters are read from the address (not on the front page)."""
    form = CitizensForm(request.GET or None if filtered else None)
    if form.is_bound and not form.is_valid():
        context: dict[str, object] = {"form": form, "periods": None, "threads": []}
        return render(request, "web/citizens.html", context, status=400)
    context = {
        "form": form,
        "periods": published_plans_by_period(**form.filters()),
        "threads": [thread for group in focus_area_threads(user=None) for thread in group.threads],
    }
    return render(request, "web/citizens.html", context)


@anonymous_page_cache(query=tuple(CitizensForm.base_fields))
def citizens_page(request: HttpRequest) -> HttpResponse:
    return citizens_view(request)


urlpatterns = [path("planer/", citizens_page, name="citizens")]
