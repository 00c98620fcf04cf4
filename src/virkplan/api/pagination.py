"""Pages of a list: `limit` and `offset`, in a fixed order, with the total count."""

from typing import Any

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

from .schemas.fields import MAX_OFFSET

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items at most.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def paginate(queryset: QuerySet, params: PageParams, *, order: tuple[str, ...]) -> dict[str, Any]:
    """One page of the queryset in `order` (which ends in a unique field, so pages never
    overlap or skip), and how many items there are in all: two queries and the prefetches."""
    items = list(queryset.order_by(*order)[params.offset : params.offset + params.limit])
    return {
        "count": queryset.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": items,
    }
