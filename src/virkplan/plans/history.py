"""The history of goals and plans: who changed what, when, read from django-simple-history.

Every editable row keeps its historical records (`Model.history`). A goal's
history is its own records with those of its criteria and follow-ups
(deleted ones too); a plan's history adds the plan row, its sections, its
focus-area texts and every goal in it. Both are read newest first, a page
at a time, in a number of queries that depends on the kinds of rows on the
page and never on the size of the plan: one union query lists the page,
then each historical model is read once for the page's rows and the
versions before them (which the differences are taken against).
"""

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import IntegerField, QuerySet, Value
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.core.display import number
from virkplan.organisation.models import Unit

from . import permissions
from .models import Criterion, FocusArea, FollowUp, Goal, Plan, PlanFocusArea, Section

PAGE_SIZE = 50
# history_change_reason of a record written by a restore: "restore:<history_id restored>".
RESTORE_REASON = "restore:"
# Long texts larger than this (in words and spaces) are shown as replaced whole.
MAX_DIFF_TOKENS = 20_000


@dataclass(frozen=True)
class Kind:
    """A kind of row with a history: its URL slug, which fields are shown and restored."""

    slug: str
    model: type[models.Model]
    shown: tuple[str, ...]
    restorable: tuple[str, ...]

    @property
    def label(self) -> str:
        return capfirst(str(self.model._meta.verbose_name))

    @property
    def history_model(self) -> type[models.Model]:
        return self.model.history.model  # type: ignore[attr-defined]

    def records(self) -> QuerySet:
        return self.model.history.all()  # type: ignore[attr-defined]


PLAN = Kind(
    "plan",
    Plan,
    shown=(
        "title",
        "kind",
        "start_year",
        "end_year",
        "status",
        "focus_area_intro",
        "follow_up_intro",
    ),
    restorable=("title", "kind", "start_year", "end_year", "focus_area_intro", "follow_up_intro"),
)
SECTION = Kind(
    "afsnit",
    Section,
    shown=("title", "body", "highlights"),
    restorable=("title", "body", "highlights"),
)
FOCUS_AREA = Kind("indsatsomraade", PlanFocusArea, shown=("unit_text",), restorable=("unit_text",))
GOAL = Kind(
    "maal",
    Goal,
    shown=("ref", "statement", "responsible_unit"),
    restorable=("ref", "statement", "responsible_unit"),
)
_CRITERION_FIELDS = (
    "text",
    "comparison",
    "value",
    "value_max",
    "unit_of_measure",
    "baseline_value",
    "baseline_year",
    "target_year",
    "target_date",
)
CRITERION = Kind("dokumentation", Criterion, shown=_CRITERION_FIELDS, restorable=_CRITERION_FIELDS)
FOLLOW_UP = Kind(
    "opfoelgning", FollowUp, shown=("status", "date", "text"), restorable=("status", "date", "text")
)
KINDS: tuple[Kind, ...] = (PLAN, SECTION, FOCUS_AREA, GOAL, CRITERION, FOLLOW_UP)
KIND_BY_SLUG = {kind.slug: kind for kind in KINDS}
_KIND_BY_MODEL = {kind.model: kind for kind in KINDS}

ACTION_LABELS: dict[str, Promise] = {
    "created": gettext_lazy("Created"),
    "changed": gettext_lazy("Changed"),
    "moved": gettext_lazy("Moved"),
    "deleted": gettext_lazy("Deleted"),
    "restored": gettext_lazy("Restored"),
}


def kind_of(record: Any) -> Kind:
    """The kind of a historical record (or of a row)."""
    model = getattr(record, "instance_type", type(record))
    return _KIND_BY_MODEL[model]


def record_for(*, slug: str, history_id: int) -> Any:
    """The historical record of the given kind; raises LookupError when there is none."""
    kind = KIND_BY_SLUG.get(slug)
    if kind is None:
        raise LookupError(slug)
    record = kind.records().select_related("history_user").filter(history_id=history_id).first()
    if record is None:
        raise LookupError(history_id)
    return record


# Where a record belongs --------------------------------------------------------------------


def _area_plan_id(area_id: int) -> int | None:
    plan_id = PlanFocusArea.objects.filter(pk=area_id).values_list("plan_id", flat=True).first()
    if plan_id is None:
        plan_id = FOCUS_AREA.records().filter(id=area_id).values_list("plan_id", flat=True).first()
    return plan_id


def goal_or_last_version(goal_id: int) -> Goal | None:
    """The goal, or as it was last recorded if it has been deleted (None if it never was)."""
    goal = Goal.objects.filter(pk=goal_id).first()
    if goal is None:
        record = GOAL.records().filter(id=goal_id).order_by("-history_date", "-history_id").first()
        goal = record.instance if record is not None else None
    return goal


def record_plan_id(record: Any) -> int | None:
    """The id of the plan a historical record belongs to, following deleted rows' history."""
    kind = kind_of(record)
    if kind is PLAN:
        return record.id
    if kind in (SECTION, FOCUS_AREA):
        return record.plan_id
    goal_id = record.id if kind is GOAL else record.goal_id
    goal = goal_or_last_version(goal_id) if kind is not GOAL else record
    if goal is None:
        return None
    return _area_plan_id(goal.plan_focus_area_id)


def record_plan(record: Any) -> Plan:
    """The plan a historical record belongs to; raises Plan.DoesNotExist if it is gone."""
    plan_id = record_plan_id(record)
    if plan_id is None:
        raise Plan.DoesNotExist
    return Plan.objects.select_related("unit").get(pk=plan_id)


def record_goal_id(record: Any) -> int | None:
    """The goal whose history shows the record (None for plans, sections and focus areas)."""
    kind = kind_of(record)
    if kind is GOAL:
        return record.id
    if kind in (CRITERION, FOLLOW_UP):
        return record.goal_id
    return None


def may_restore(user: Any, *, kind: Kind, plan: Plan, goal: Goal | None) -> bool:
    """Whether the user may restore a row of this kind: as they may edit it (see the services)."""
    if kind in (PLAN, SECTION, FOCUS_AREA):
        return permissions.can_edit_plan(user, plan)
    if goal is None:
        return False
    if kind is FOLLOW_UP:
        return permissions.can_follow_up_goal(user, goal, plan)
    return permissions.can_edit_goal(user, goal, plan)


# Showing values and differences --------------------------------------------------------------


def display_value(obj: Any, name: str, *, units: dict[int, str]) -> str:
    """A field's value as a reader sees it: choices by label, units by name, dates localised."""
    model_field = obj._meta.get_field(name)
    value = getattr(obj, model_field.attname)
    if value is None or value == "" or value == []:
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return units.get(value, f"#{value}")
    if isinstance(model_field, models.DecimalField):
        return number(value)
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(model_field, models.JSONField):
        return "\n".join(str(item) for item in value) if isinstance(value, list) else str(value)
    return str(value)


def _is_long(obj: Any, name: str) -> bool:
    return isinstance(obj._meta.get_field(name), models.TextField | models.JSONField)


_WORDS = re.compile(r"(\S+)(\s*)")
# Unchanged words kept around a change when a long text's diff is shortened.
DIFF_CONTEXT_WORDS = 12


@dataclass(frozen=True)
class DiffPart:
    """A run of a word diff: text both versions have, or text removed or added."""

    kind: Literal["same", "removed", "added"]
    text: str


def _words(text: str) -> tuple[str, list[str], list[str]]:
    """Leading whitespace, the words, and the whitespace after each word."""
    leading = text[: len(text) - len(text.lstrip())]
    pairs = _WORDS.findall(text)
    return leading, [word for word, _space in pairs], [space for _word, space in pairs]


def _shortened(
    words: list[str], spaces: list[str], *, first: bool, last: bool, context: int
) -> str:
    """Unchanged words, with the middle of a long run left out (not at a text's start or end)."""
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(words) <= keep_head + keep_tail + context:
        return "".join(w + s for w, s in zip(words, spaces, strict=True))
    head = "".join(w + s for w, s in zip(words[:keep_head], spaces[:keep_head], strict=True))
    tail_words, tail_spaces = words[len(words) - keep_tail :], spaces[len(words) - keep_tail :]
    tail = "".join(w + s for w, s in zip(tail_words, tail_spaces, strict=True))
    return f"{head}… {tail}"


def word_diff(old: str, new: str, *, context: int | None = None) -> list[DiffPart]:
    """The new text in runs, with the words removed from the old text where they were.

    Words are compared, not the spaces between them. With `context`, long
    unchanged runs are shortened to that many words around each change.
    """
    leading, before, before_spaces = _words(old)
    _leading, after, after_spaces = _words(new)
    opcodes: Sequence[tuple[str, int, int, int, int]]
    if len(before) + len(after) > MAX_DIFF_TOKENS:
        opcodes = [("replace", 0, len(before), 0, len(after))]
    else:
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        opcodes = matcher.get_opcodes()
    parts = [DiffPart("same", leading)] if leading else []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words, spaces = after[j1:j2], after_spaces[j1:j2]
            if context is None:
                text = "".join(w + s for w, s in zip(words, spaces, strict=True))
            else:
                first, last = index == 0, index == len(opcodes) - 1
                text = _shortened(words, spaces, first=first, last=last, context=context)
            parts.append(DiffPart("same", text))
            continue
        if i2 > i1:
            text = "".join(w + s for w, s in zip(before[i1:i2], before_spaces[i1:i2], strict=True))
            parts.append(DiffPart("removed", text))
        if j2 > j1:
            text = "".join(w + s for w, s in zip(after[j1:j2], after_spaces[j1:j2], strict=True))
            parts.append(DiffPart("added", text))
    return parts


@dataclass
class FieldChange:
    """One field that changed: its translated name, old and new value, and a word diff."""

    label: str
    old: str
    new: str
    diff: list[DiffPart] | None = None
    long: bool = False


def field_changes(
    old: Any | None,
    new: Any | None,
    names: Iterable[str],
    *,
    units: dict[int, str],
    context: int | None = DIFF_CONTEXT_WORDS,
) -> list[FieldChange]:
    """The fields that differ between two versions (either may be None: created or deleted)."""
    changes = []
    sample = new if new is not None else old
    assert sample is not None, "field_changes needs at least one version"
    for name in names:
        before = display_value(old, name, units=units) if old is not None else ""
        after = display_value(new, name, units=units) if new is not None else ""
        if before == after:
            continue
        long = _is_long(sample, name)
        diff = word_diff(before, after, context=context) if long and before and after else None
        label = capfirst(str(sample._meta.get_field(name).verbose_name))
        changes.append(FieldChange(label, before, after, diff, long))
    return changes


def _changed_names(record: Any, previous: Any, names: Sequence[str]) -> list[str]:
    tracked = {f.name for f in record.tracked_fields}
    extra = ["position"] if "position" in tracked else []
    delta = record.diff_against(previous, included_fields=[*names, *extra])
    return list(delta.changed_fields)


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
        (CRITERION, CRITERION.records().filter(goal_id=goal_id)),
        (FOLLOW_UP, FOLLOW_UP.records().filter(goal_id=goal_id)),
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
        (CRITERION, CRITERION.records().filter(goal_id__in=goal_ids)),
        (FOLLOW_UP, FOLLOW_UP.records().filter(goal_id__in=goal_ids)),
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
    *, user: Any, plan: Plan, sources: list[tuple[Kind, QuerySet]], page: Any
) -> HistoryPage:
    paginator = Paginator(_listing(sources), PAGE_SIZE)
    current = paginator.get_page(page)
    keys = list(current.object_list)
    changes = _changes(user=user, plan=plan, keys=keys)
    current.object_list = changes
    return HistoryPage(changes=changes, page=current)


def goal_history(*, user: Any, plan: Plan, goal_id: int, page: Any = 1) -> HistoryPage:
    """The goal's records with its criteria's and follow-ups' (deleted ones too), newest first."""
    return _history_page(user=user, plan=plan, sources=_sources_for_goal(goal_id), page=page)


def plan_history(*, user: Any, plan: Plan, page: Any = 1) -> HistoryPage:
    """The plan's records with those of every section, focus-area text, goal, criterion and
    follow-up that ever was in it, newest first."""
    return _history_page(user=user, plan=plan, sources=_sources_for_plan(plan.pk), page=page)


def _changes(*, user: Any, plan: Plan, keys: list[tuple[datetime, int, int, int]]) -> list[Change]:
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
    user: Any,
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
    for kind in (CRITERION, FOLLOW_UP):
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
        if kind in (GOAL, CRITERION, FOLLOW_UP)
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
