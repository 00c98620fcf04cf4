"""/units: the organisation, as a list and as a tree. Everyone may read it."""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from virkplan.organisation.models import Unit
from virkplan.organisation.selectors import unit_tree

from ..pagination import PageParams, paginate
from ..responses import read_responses
from ..schemas.common import Page
from ..schemas.fields import Key
from ..schemas.units import UnitFilters, UnitNodeOut, UnitOut

router = Router(tags=["units"])
ORDER = ("position", "name", "id")


def _units():
    return Unit.objects.select_related("parent").prefetch_related("successors")


@router.get("", response=read_responses(Page[UnitOut]), summary="List units")
def list_units(request: HttpRequest, filters: Query[UnitFilters], page: Query[PageParams]):
    units = _units()
    if filters.parent:
        units = units.filter(parent__key=filters.parent)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    return paginate(units, page, order=ORDER)


@router.get("/tree", response=read_responses(list[UnitNodeOut]), summary="The units as a tree")
def unit_tree_view(request: HttpRequest):
    def node(tree_node) -> dict:
        unit = tree_node.unit
        return {
            "key": unit.key,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "children": [node(child) for child in tree_node.children],
        }

    return [node(root) for root in unit_tree(units=list(Unit.objects.order_by(*ORDER)))]


@router.get("/{key}", response=read_responses(UnitOut, detail=True), summary="One unit")
def get_unit(request: HttpRequest, key: Annotated[Key, Path(examples=["miljo-teknik"])]):
    unit = _units().filter(key=key).first()
    if unit is None:
        raise Http404(_("No unit has the key “%(key)s”.") % {"key": key})
    return unit
