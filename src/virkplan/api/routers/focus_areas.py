"""/focus-areas: the focus areas of the plans the caller may read."""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from virkplan.plans.selectors import focus_areas_visible_to

from ..auth import caller
from ..pagination import PageParams, paginate
from ..responses import read_responses
from ..schemas.common import Page
from ..schemas.fields import Key
from ..schemas.plans import FocusAreaFilters, FocusAreaOut

router = Router(tags=["focus areas"])
ORDER = ("-start_year", "title", "id")


@router.get("", response=read_responses(Page[FocusAreaOut]), summary="List focus areas")
def list_focus_areas(
    request: HttpRequest, filters: Query[FocusAreaFilters], page: Query[PageParams]
):
    areas = focus_areas_visible_to(user=caller(request).user)
    if filters.plan:
        areas = areas.filter(plan_focus_areas__plan__key=filters.plan)
    if filters.year:
        areas = areas.filter(start_year__lte=filters.year, end_year__gte=filters.year)
    return paginate(areas, page, order=ORDER)


@router.get("/{key}", response=read_responses(FocusAreaOut, detail=True), summary="One focus area")
def get_focus_area(
    request: HttpRequest, key: Annotated[Key, Path(examples=["mt-2014-fa-bo-i-albertslund"])]
):
    area = focus_areas_visible_to(user=caller(request).user).filter(key=key).first()
    if area is None:
        raise Http404(_("No focus area you may see has the key “%(key)s”.") % {"key": key})
    return area
