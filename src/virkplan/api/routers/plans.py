"""/plans: plans the caller may read (anonymous callers: published and archived ones)."""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from virkplan.organisation.models import Unit
from virkplan.organisation.selectors import unit_subtree_ids
from virkplan.plans.models import Plan
from virkplan.plans.selectors import plan_detail, plans_visible_to

from ..auth import caller
from ..pagination import PageParams, paginate
from ..responses import read_responses
from ..schemas.common import Page
from ..schemas.fields import Key
from ..schemas.plans import PlanDetailOut, PlanFilters, PlanOut

router = Router(tags=["plans"])
ORDER = ("unit__position", "unit__name", "-start_year", "title", "id")


@router.get("", response=read_responses(Page[PlanOut]), summary="List plans")
def list_plans(request: HttpRequest, filters: Query[PlanFilters], page: Query[PageParams]):
    plans = plans_visible_to(user=caller(request).user).select_related("revision_of")
    if filters.unit:
        unit = Unit.objects.filter(key=filters.unit).values_list("pk", flat=True).first()
        plans = plans.filter(unit_id__in=unit_subtree_ids(unit_id=unit)) if unit else plans.none()
    if filters.year:
        plans = plans.filter(start_year__lte=filters.year, end_year__gte=filters.year)
    if filters.status:
        plans = plans.filter(status=filters.status)
    return paginate(plans, page, order=ORDER)


@router.get(
    "/{key}",
    response=read_responses(PlanDetailOut, detail=True),
    summary="One plan, whole: sections, focus areas, goals, criteria and follow-ups",
)
def get_plan(request: HttpRequest, key: Annotated[Key, Path(examples=["mt-2014"])]):
    try:
        return plan_detail(user=caller(request).user, key=key, timestamps=True)
    except Plan.DoesNotExist:
        raise Http404(_("No plan you may see has the key “%(key)s”.") % {"key": key}) from None
