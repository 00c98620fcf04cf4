"""Units of the organisation."""

from datetime import date

from ninja import Schema
from pydantic import Field

from virkplan.organisation.models import Unit, UnitKind

from .fields import Key


class UnitOut(Schema):
    """A unit: municipality, directorate, department, unit, team or board."""

    key: str
    name: str
    short_name: str
    kind: UnitKind
    parent: str | None = Field(description="The key of the unit above it.")
    position: int
    valid_from: date | None
    valid_to: date | None = Field(description="The last day the unit existed.")
    successors: list[str] = Field(description="Keys of the units that took over its work.")
    address: str
    web: str
    email: str
    phone: str

    @staticmethod
    def resolve_parent(unit: Unit) -> str | None:
        return unit.parent.key if unit.parent is not None else None

    @staticmethod
    def resolve_successors(unit: Unit) -> list[str]:
        return [successor.key for successor in unit.successors.all()]


class UnitNodeOut(Schema):
    """A unit and the units under it."""

    key: str
    name: str
    short_name: str
    kind: UnitKind
    children: list["UnitNodeOut"]


class UnitFilters(Schema):
    parent: Key | None = Field(None, description="Only the units right under this unit.")
    kind: UnitKind | None = None
