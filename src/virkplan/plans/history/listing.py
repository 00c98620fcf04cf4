"""A goal's or a plan's history, a page at a time, newest first."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import IntegerField, QuerySet, Value
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor

from ..models import FocusArea, Goal, Plan
from .differences import (
    FieldChange,
    _changed_names,
    field_changes,
)
from .records import (
    ACTION_LABELS,
    ASSESSMENT,
    FOCUS_AREA,
    FOLLOW_UP,
    GOAL,
    GOAL_PARTS,
    KINDS,
    PAGE_SIZE,
    PLAN,
    RESTORE_REASON,
    SECTION,
    Kind,
    may_restore,
    record_goal_id,
)

# One entry per historical record --------------------------------------------------------------


@dataclass
class GoalRef:
    """The goal a history entry belongs to, as it is now or as it was last recorded."""

    pk: int
    key: str
    ref: str
    statement: str
    responsible_unit_id: int | None
    plan_focus_area_id: int
    exists: bool

    def __str__(self) -> str:
        return f"{self.ref} {self.statement}".strip()


@dataclass
class Change:
    """One historical record: who did what to which row, when, and which fields changed."""

    kind: Kind
    record: Any
    action: str
    user: str
    when: datetime
    subject: str
    fields: list[FieldChange] = field(default_factory=list)
    goal: GoalRef | None = None
    restored_from: datetime | None = None
    exists: bool = True
    can_restore: bool = False

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def day(self) -> date:
        """The day of the change in the site's time zone (entries are grouped by it)."""
        return timezone.localdate(self.when)

    @property
    def history_id(self) -> int:
        return self.record.history_id


@dataclass
class HistoryPage:
    """One page of a history: its entries newest first, and the paginator's page."""

    changes: list[Change]
    page: Page


def _user_name(record: Any) -> str:
    user = record.history_user if record.history_user_id else None
    return user.get_username() if user is not None else _("system")


def _subject(kind: Kind, record: Any, focus_areas: dict[int, str]) -> str:
    if kind in (PLAN, SECTION):
        return record.title
    if kind is FOCUS_AREA:
        return focus_areas.get(record.focus_area_id, "")
    if kind is GOAL:
        return Truncator(f"{record.ref} {record.statement}".strip()).words(20)
    if kind is FOLLOW_UP:
        text = Truncator(record.text).words(20)
        return f"{record.get_status_display()}: {text}" if text else record.get_status_display()
    if kind is ASSESSMENT:
        return _("The goal's status: %(status)s") % {"status": record.get_status_display()}
    return Truncator(record.text).words(20)


def _action(kind: Kind, record: Any, previous: Any | None) -> tuple[str, list[str]]:
    """What the record did, and the shown fields it changed."""
    restored = (record.history_change_reason or "").startswith(RESTORE_REASON)
    if record.history_type == "-":
        return "deleted", []
    if record.history_type == "+" or previous is None:
        return ("restored" if restored else "created"), []
    changed = _changed_names(record, previous, kind.shown)
    shown = [name for name in kind.shown if name in changed]
    if restored:
        return "restored", shown
    if not shown and "position" in changed:
        return "moved", []
    return "changed", shown


def _sources_for_goal(goal_id: int) -> list[tuple[Kind, QuerySet]]:
    return [
        (GOAL, GOAL.records().filter(id=goal_id)),
        *((kind, kind.records().filter(goal_id=goal_id)) for kind in GOAL_PARTS),
    ]


def _sources_for_plan(plan_id: int) -> list[tuple[Kind, QuerySet]]:
    # Rows that ever belonged to the plan, deleted ones included, as subqueries.
    area_ids = FOCUS_AREA.records().filter(plan_id=plan_id).values("id")
    goal_ids = GOAL.records().filter(plan_focus_area_id__in=area_ids).values("id")
    return [
        (PLAN, PLAN.records().filter(id=plan_id)),
        (SECTION, SECTION.records().filter(plan_id=plan_id)),
        (FOCUS_AREA, FOCUS_AREA.records().filter(plan_id=plan_id)),
        (GOAL, GOAL.records().filter(plan_focus_area_id__in=area_ids)),
        *((kind, kind.records().filter(goal_id__in=goal_ids)) for kind in GOAL_PARTS),
    ]


def _listing(sources: list[tuple[Kind, QuerySet]]) -> QuerySet:
    """Every record of the sources as (date, kind index, history id, row id), newest first."""
    parts = [
        queryset.order_by()
        .annotate(kind_index=Value(KINDS.index(kind), output_field=IntegerField()))
        .values_list("history_date", "kind_index", "history_id", "id")
        for kind, queryset in sources
    ]
    union = parts[0].union(*parts[1:], all=True)
    return union.order_by("-history_date", "-kind_index", "-history_id")


def _history_page(
    *, user: Actor, plan: Plan, sources: list[tuple[Kind, QuerySet]], page: Any
) -> HistoryPage:
    paginator = Paginator(_listing(sources), PAGE_SIZE)
    current = paginator.get_page(page)
    keys = list(current.object_list)
    changes = _changes(user=user, plan=plan, keys=keys)
    current.object_list = changes
    return HistoryPage(changes=changes, page=current)


def goal_history(*, user: Actor, plan: Plan, goal_id: int, page: Any = 1) -> HistoryPage:
    """The goal's records with its criteria's and follow-ups' (deleted ones too), newest first."""
    return _history_page(user=user, plan=plan, sources=_sources_for_goal(goal_id), page=page)


def plan_history(*, user: Actor, plan: Plan, page: Any = 1) -> HistoryPage:
    """The plan's records with those of every section, focus-area text, goal, criterion and
    follow-up that ever was in it, newest first."""
    return _history_page(user=user, plan=plan, sources=_sources_for_plan(plan.pk), page=page)


def _changes(
    *, user: Actor, plan: Plan, keys: list[tuple[datetime, int, int, int]]
) -> list[Change]:
    """Build the entries of one page: one query per kind of row on it, plus names."""
    wanted: dict[Kind, set[int]] = defaultdict(set)
    newest: dict[Kind, datetime] = {}
    for when, kind_index, _history_id, row_id in keys:
        kind = KINDS[kind_index]
        wanted[kind].add(row_id)
        newest[kind] = max(newest.get(kind, when), when)
    # Each row's records up to the newest on the page: the page's and the ones before them.
    versions: dict[tuple[Kind, int], list[Any]] = defaultdict(list)
    by_history_id: dict[tuple[Kind, int], Any] = {}
    for kind, ids in wanted.items():
        records = (
            kind.records()
            .filter(id__in=ids, history_date__lte=newest[kind])
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        for record in records:
            versions[kind, record.id].append(record)
            by_history_id[kind, record.history_id] = record
    current = _current_rows(wanted, versions)
    goals = _goal_refs(versions, current)
    units = _unit_names(versions, current)
    focus_areas = _focus_area_titles(wanted, versions)

    changes = []
    for _when, kind_index, history_id, row_id in keys:
        kind = KINDS[kind_index]
        record = by_history_id[kind, history_id]
        chain = versions[kind, row_id]
        position = chain.index(record)
        previous = chain[position - 1] if position else None
        changes.append(
            _change(
                kind=kind,
                record=record,
                previous=previous,
                row=current[kind].get(row_id),
                goal=goals.get(record_goal_id(record) or 0),
                by_history_id=by_history_id,
                units=units,
                focus_areas=focus_areas,
                user=user,
                plan=plan,
            )
        )
    return changes


def _change(
    *,
    kind: Kind,
    record: Any,
    previous: Any | None,
    row: Any | None,
    goal: GoalRef | None,
    by_history_id: dict[tuple[Kind, int], Any],
    units: dict[int, str],
    focus_areas: dict[int, str],
    user: Actor,
    plan: Plan,
) -> Change:
    action, changed = _action(kind, record, previous)
    if record.history_type == "-":
        fields = field_changes(record, None, kind.shown, units=units)
    elif record.history_type == "+" or previous is None:
        fields = field_changes(None, record, kind.shown, units=units)
    else:
        fields = field_changes(previous, record, changed, units=units)
    restored_from = None
    reason = record.history_change_reason or ""
    if reason.startswith(RESTORE_REASON):
        source = by_history_id.get((kind, _int(reason[len(RESTORE_REASON) :])))
        restored_from = source.history_date if source is not None else None
    # Restoring offers itself where it would change something: a deleted row, or other texts.
    differs = row is None or any(
        getattr(row, row._meta.get_field(name).attname)
        != getattr(record, record._meta.get_field(name).attname)
        for name in kind.restorable
    )
    goal_for_permission = _goal_for_permission(kind, record, row, goal)
    allowed = differs and may_restore(user, kind=kind, plan=plan, goal=goal_for_permission)
    return Change(
        kind=kind,
        record=record,
        action=action,
        user=_user_name(record),
        when=record.history_date,
        subject=_subject(kind, record, focus_areas),
        fields=fields,
        goal=goal if kind is not GOAL else None,
        restored_from=restored_from,
        exists=row is not None,
        can_restore=allowed,
    )


def _goal_for_permission(kind: Kind, record: Any, row: Any, goal: GoalRef | None) -> Goal | None:
    if kind is GOAL and row is not None:
        return row
    if kind is GOAL:
        return record.instance
    if goal is None:
        return None
    return Goal(
        pk=goal.pk,
        responsible_unit_id=goal.responsible_unit_id,
        plan_focus_area_id=goal.plan_focus_area_id,
    )


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _current_rows(
    wanted: dict[Kind, set[int]], versions: dict[tuple[Kind, int], list[Any]]
) -> dict[Kind, dict[int, Any]]:
    """The rows as they are now (missing: deleted), one query per kind; goals of criteria too."""
    goal_ids = set(wanted.get(GOAL, set()))
    for kind in GOAL_PARTS:
        goal_ids |= {versions[kind, row_id][-1].goal_id for row_id in wanted.get(kind, ())}
    current: dict[Kind, dict[int, Any]] = defaultdict(dict)
    for kind in KINDS:
        ids = goal_ids if kind is GOAL else wanted.get(kind, set())
        if ids:
            current[kind] = kind.model._default_manager.in_bulk(ids)
    return current


def _goal_refs(
    versions: dict[tuple[Kind, int], list[Any]], current: dict[Kind, dict[int, Any]]
) -> dict[int, GoalRef]:
    """The goals of the page's rows: as they are now, or as last recorded when deleted."""
    refs = {goal.pk: _goal_ref(goal, exists=True) for goal in current[GOAL].values()}
    needed = {
        chain[-1].id if kind is GOAL else chain[-1].goal_id
        for (kind, _row_id), chain in versions.items()
        if kind is GOAL or kind in GOAL_PARTS
    }
    missing = needed - set(refs)
    if missing:
        # One query for every deleted goal on the page; the last record of each wins.
        for record in GOAL.records().filter(id__in=missing).order_by("history_date", "history_id"):
            refs[record.id] = _goal_ref(record, exists=False)
    return refs


def _goal_ref(goal: Any, *, exists: bool) -> GoalRef:
    return GoalRef(
        pk=goal.id,
        key=goal.key,
        ref=goal.ref,
        statement=goal.statement,
        responsible_unit_id=goal.responsible_unit_id,
        plan_focus_area_id=goal.plan_focus_area_id,
        exists=exists,
    )


def _unit_names(
    versions: dict[tuple[Kind, int], list[Any]], current: dict[Kind, dict[int, Any]]
) -> dict[int, str]:
    ids = {
        record.responsible_unit_id
        for (kind, _row_id), chain in versions.items()
        if kind is GOAL
        for record in chain
        if record.responsible_unit_id
    }
    ids |= {goal.responsible_unit_id for goal in current[GOAL].values() if goal.responsible_unit_id}
    if not ids:
        return {}
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))


def _focus_area_titles(
    wanted: dict[Kind, set[int]], versions: dict[tuple[Kind, int], list[Any]]
) -> dict[int, str]:
    ids = {versions[FOCUS_AREA, row_id][-1].focus_area_id for row_id in wanted.get(FOCUS_AREA, ())}
    if not ids:
        return {}
    return {area.pk: str(area) for area in FocusArea.objects.filter(pk__in=ids)}
