"""What restoring a record would do, shown before it is done."""

from dataclasses import dataclass
from typing import Any

from virkplan.organisation.models import Unit

from ..models import FocusArea, Goal, Plan
from .differences import (
    FieldChange,
    field_changes,
)
from .listing import (
    _subject,
)
from .records import (
    FOCUS_AREA,
    Kind,
    goal_or_last_version,
    kind_of,
    record_goal_id,
)

# The confirmation before a restore ------------------------------------------------------------


@dataclass
class RestorePreview:
    """What restoring a record would do: the row now, and the fields that would change back."""

    kind: Kind
    record: Any
    plan: Plan
    row: Any | None
    goal: Goal | None
    fields: list[FieldChange]
    subject: str

    @property
    def current_version(self) -> int:
        return self.row.version if self.row is not None else 0


def restore_preview(*, record: Any, plan: Plan) -> RestorePreview:
    """The row as it is now beside the version in `record`, for the confirmation page."""
    kind = kind_of(record)
    row = kind.model._default_manager.filter(pk=record.id).first()
    goal_id = record_goal_id(record)
    goal = goal_or_last_version(goal_id) if goal_id is not None else None
    ids: set[int] = {
        unit_id
        for obj in (row, record)
        if (unit_id := getattr(obj, "responsible_unit_id", None)) is not None
    }
    units = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    fields = field_changes(row, record, kind.restorable, units=units, context=None)
    focus_areas = (
        {record.focus_area_id: str(FocusArea.objects.get(pk=record.focus_area_id))}
        if kind is FOCUS_AREA
        else {}
    )
    return RestorePreview(
        kind=kind,
        record=record,
        plan=plan,
        row=row,
        goal=goal,
        fields=fields,
        subject=_subject(kind, record, focus_areas),
    )
