"""Read queries about the organisation."""

from dataclasses import dataclass, field

from .models import Unit


@dataclass
class UnitNode:
    """A unit with its children, for drawing the organisation tree."""

    unit: Unit
    children: list["UnitNode"] = field(default_factory=list)
    plans: list = field(default_factory=list)


def unit_tree(*, units: list[Unit]) -> list[UnitNode]:
    """Arrange units (already loaded) as a forest, in their stored order."""
    nodes = {unit.pk: UnitNode(unit=unit) for unit in units}
    roots: list[UnitNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """The unit's ancestors from the root down, one query per level."""
    chain: list[Unit] = []
    current = unit.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))
