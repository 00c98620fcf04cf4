"""The search page: every plan, focus area, goal, criterion and follow-up the reader may see
that matches the words, a page at a time (plans.search)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from virkplan.plans.search.selectors import search, search_years

from ..forms.search import SearchForm


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, years=search_years(user=request.user))
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = search(
            user=request.user,
            query=form.cleaned_data["q"],
            filters=form.filters(),
            page_number=request.GET.get("side", 1),
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "web/search.html", {"form": form, "results": results}, status=status)


urlpatterns = [path("soeg/", search_page, name="search")]
