"""Schemas every resource shares: errors and pages of results."""

from typing import Generic, TypeVar

from ninja import Schema
from pydantic import Field

Item = TypeVar("Item")


class FieldError(Schema):
    """One problem with one field of the request."""

    field: str = Field(description='Where: "status", "criteria[0]", "limit", ...')
    message: str


class Error(Schema):
    """Every refusal: a message for people (Danish, or English by Accept-Language)."""

    code: str = Field(
        description="not_found, not_allowed, conflict, invalid, unauthorized, "
        "too_many_requests, too_large, server_error"
    )
    message: str
    errors: list[FieldError] = Field(default_factory=list)


class Page(Schema, Generic[Item]):
    """One page of a list, in a fixed order; `count` is how many there are in all."""

    count: int
    limit: int
    offset: int
    items: list[Item]
