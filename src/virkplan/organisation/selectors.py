"""Read queries about the organisation."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from .models import AccessibilityStatement, Unit, UnitKind


@dataclass
class UnitNode:
    """A unit with its children, for drawing the organisation tree."""

    unit: Unit
    children: list["UnitNode"] = field(default_factory=list)
    plans: list = field(default_factory=list)
    older: int = 0


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


def unit_authority_ids(*, unit_id: int) -> list[int]:
    """Units whose decisions hold for the unit: itself, the units above it, and their boards.

    A board belongs to the unit it sits under: the executive board under the
    municipality sets focus areas for every department, the way the
    municipality itself would. One query.
    """
    rows = list(Unit.objects.values_list("pk", "parent_id", "kind"))
    parents = {pk: parent for pk, parent, _kind in rows}
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    above = set(chain)
    boards = [pk for pk, parent, kind in rows if kind == UnitKind.BOARD and parent in above]
    return chain + [pk for pk in boards if pk not in above]


def unit_subtree_ids(*, unit_id: int) -> set[int]:
    """The unit and every unit below it, at any depth. One query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    waiting = [unit_id]
    while waiting:
        current = waiting.pop()
        if current not in found:
            found.add(current)
            waiting.extend(children.get(current, []))
    return found


def municipality() -> Unit | None:
    """The authority the site belongs to: the first root unit of the kind municipality."""
    return (
        Unit.objects.filter(parent__isnull=True, kind=UnitKind.MUNICIPALITY)
        .order_by("position", "name", "pk")
        .first()
    )


def unit_children_during(*, unit: Unit, first_day: date, last_day: date) -> list[Unit]:
    """The unit's children that existed at some time from `first_day` to `last_day`, in their
    stored order; a child with no dates always existed. One query."""
    return list(
        unit.children.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=last_day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=first_day),
        )
    )


def accessibility_statement_of(*, unit: Unit) -> AccessibilityStatement:
    """The municipality's accessibility statement; one with the standard text and dates, not
    saved (version 0), when nobody has edited it yet."""
    found = AccessibilityStatement.objects.filter(unit=unit).first()
    return found if found is not None else AccessibilityStatement(unit=unit, version=0)
