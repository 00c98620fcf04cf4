"""Restoring a row's earlier version from its history, or a deleted row with what went with it."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.permissions import Actor

from .. import history, permissions
from ..models import (
    Goal,
    Plan,
    PlanFocusArea,
    Section,
)
from .common import (
    MSG_CONFLICT,
    MSG_PLAN_LOCKED,
    Row,
    _check_period,
    _ensure_editable,
    _locked_plan,
    _require,
    plan_write,
)

MSG_FOLLOW_UP_CLOSED = gettext_lazy(
    "The plan is %(status)s: follow-ups can be changed only while it is approved or published."
)
MSG_RESTORE_PARENT_FIRST = gettext_lazy(
    "It belonged to a %(parent)s that has been deleted since: restore that first."
)
MSG_RESTORE_FOCUS_AREA_TAKEN = gettext_lazy("The plan already includes this focus area again.")
MSG_RESTORE_KEY_TAKEN = gettext_lazy("Another goal has taken this goal's key since it was deleted.")
# Deletes recorded before delete batches existed carry no batch: rows deleted this long before (or
# just after) such a goal or focus area, by the same user, count as deleted together with it.
UNBATCHED_DELETE_WINDOW = timedelta(seconds=10)


@plan_write
def history_restore(*, user: Actor, record: Any, expected_version: int | None = None) -> Any:
    """Put a row back as it was in a historical `record`, and return the row.

    Restores a plan's own fields, a section, a focus area's text in a plan, a
    goal, a criterion or a follow-up, with the permission it takes to edit
    that row and only while its plan can be changed (follow-ups: while it can
    be followed up). The restore is a normal change: it bumps the row's
    version and is recorded in the history, marked as a restore of `record`.
    A deleted row is created again (a goal with its old key); a goal or focus
    area comes back with the rows deleted together with it. With
    `expected_version` (0 for a row that was deleted), refuse with
    EditConflict if the row changed since the user looked at it.
    """
    kind = history.kind_of(record)
    plan_id = history.record_plan_id(record)
    if plan_id is None:
        raise DomainError(str(MSG_RESTORE_PARENT_FIRST) % {"parent": _goal_label()})
    plan = _locked_plan(plan_id)
    row: Any = kind.model._default_manager.select_for_update().filter(pk=record.id).first()
    _check_restore_allowed(user, kind=kind, plan=plan, record=record, row=row)
    current_version = row.version if row is not None else 0
    if expected_version is not None and expected_version != current_version:
        raise EditConflict(str(MSG_CONFLICT), current=row)
    if row is None:
        return _recreate(user=user, kind=kind, record=record)
    for name in kind.restorable:
        attname = record._meta.get_field(name).attname
        setattr(row, attname, getattr(record, attname))
    if kind.model is Plan:
        _check_period(row.start_year, row.end_year)
    row.version += 1
    return _save_restored(row, user=user, record=record)


def _goal_label() -> str:
    return str(Goal._meta.verbose_name)


def _check_restore_allowed(user: Actor, *, kind: Any, plan: Plan, record: Any, row: Any) -> None:
    if kind.model in (Plan, Section, PlanFocusArea):
        _ensure_editable(user, plan)
        return
    if kind in history.FOLLOWED_UP:
        if plan.status not in permissions.FOLLOW_UP_STATUSES:
            raise NotAllowed(str(MSG_FOLLOW_UP_CLOSED) % {"status": plan.get_status_display()})
    elif plan.status not in permissions.EDITABLE_STATUSES:
        raise NotAllowed(str(MSG_PLAN_LOCKED) % {"status": plan.get_status_display()})
    if kind.model is Goal:
        goal = row if row is not None else record.instance
    else:
        goal = history.goal_or_last_version(record.goal_id)
    _require(history.may_restore(user, kind=kind, plan=plan, goal=goal))


def _save_restored(row: Row, *, user: Actor, record: Any) -> Row:
    row._change_reason = f"{history.RESTORE_REASON}{record.history_id}"  # type: ignore[attr-defined]
    if getattr(user, "pk", None):
        row._history_user = user  # type: ignore[attr-defined]
    try:
        row.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), errors=exc.messages) from exc
    row.save(force_insert=row._state.adding)
    return row


def _recreate(*, user: Actor, kind: Any, record: Any) -> Any:
    """Create a deleted row again as it was in `record`, with its old id (and key)."""
    row = record.instance
    model = kind.model
    if model is PlanFocusArea:
        if PlanFocusArea.objects.filter(plan=row.plan_id, focus_area=row.focus_area_id).exists():
            raise DomainError(str(MSG_RESTORE_FOCUS_AREA_TAKEN))
    elif model is Goal:
        if not PlanFocusArea.objects.filter(pk=row.plan_focus_area_id).exists():
            raise DomainError(
                str(MSG_RESTORE_PARENT_FIRST) % {"parent": PlanFocusArea._meta.verbose_name}
            )
        if row.parent_id and not Goal.objects.filter(pk=row.parent_id).exists():
            raise DomainError(str(MSG_RESTORE_PARENT_FIRST) % {"parent": _goal_label()})
        if row.continues_id and not Goal.objects.filter(pk=row.continues_id).exists():
            row.continues_id = None
        if Goal.objects.filter(key=row.key).exists():
            raise DomainError(str(MSG_RESTORE_KEY_TAKEN))
    elif kind in history.GOAL_PARTS and not Goal.objects.filter(pk=row.goal_id).exists():
        raise DomainError(str(MSG_RESTORE_PARENT_FIRST) % {"parent": _goal_label()})
    last_version = model.history.filter(id=record.id).aggregate(models.Max("version"))
    row.version = (last_version["version__max"] or 0) + 1
    restored = _save_restored(row, user=user, record=record)
    if model in (Goal, PlanFocusArea):
        _recreate_deleted_with(user=user, kind=kind, record=record)
    return restored


def _recreate_deleted_with(*, user: Actor, kind: Any, record: Any) -> None:
    """Bring back the rows deleted in the same delete as the goal or focus area in `record`."""
    deletion = (
        kind.records()
        .filter(id=record.id, history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if deletion is None:
        return
    deleted_with_it = _deleted_together_with(deletion)
    children: list[tuple[Any, models.QuerySet]]
    if kind.model is PlanFocusArea:
        # Top-level goals; their sub-goals come back with them.
        goals = history.GOAL.records().filter(plan_focus_area_id=record.id, parent_id=None)
        children = [(history.GOAL, goals)]
    else:
        children = [
            (history.GOAL, history.GOAL.records().filter(parent_id=record.id)),
            *((part, part.records().filter(goal_id=record.id)) for part in history.GOAL_PARTS),
        ]
    for child_kind, records in children:
        last_records: dict[int, Any] = {}
        for child in records.order_by("history_date", "history_id"):
            last_records[child.id] = child
        for child in last_records.values():
            if deleted_with_it(child) and not child_kind.model.objects.filter(pk=child.id).exists():
                _recreate(user=user, kind=child_kind, record=child)


def _deleted_together_with(deletion: Any) -> Callable[[Any], bool]:
    """Whether a child's record was written by the same delete as `deletion`."""
    reason = deletion.history_change_reason or ""
    if reason.startswith(history.DELETE_REASON):
        return lambda child: child.history_type == "-" and child.history_change_reason == reason
    earliest = deletion.history_date - UNBATCHED_DELETE_WINDOW
    latest = deletion.history_date + timedelta(seconds=1)
    return lambda child: (
        child.history_type == "-"
        and not child.history_change_reason
        and earliest <= child.history_date <= latest
        and child.history_user_id == deletion.history_user_id
    )
