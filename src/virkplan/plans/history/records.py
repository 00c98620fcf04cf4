"""The kinds of rows that keep a history, and where a historical record belongs."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from virkplan.organisation.permissions import Actor

from .. import permissions
from ..goal_status.models import GoalAssessment
from ..models import Criterion, FollowUp, Goal, Plan, PlanFocusArea, Section
from ..rules import TARGET_FIELDS

PAGE_SIZE = 50
# history_change_reason of a record written by a restore: "restore:<history_id restored>".
RESTORE_REASON = "restore:"
# history_change_reason of every record one delete wrote, the row and all that went with it
# (sub-goals, criteria, follow-ups): "deleted:<batch>", so a restore brings back just those.
DELETE_REASON = "deleted:"
_delete_batch: ContextVar[str | None] = ContextVar("virkplan_delete_batch", default=None)
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
    shown=("title", "body", "highlights", "organisation_chart"),
    restorable=("title", "body", "highlights", "organisation_chart"),
)
FOCUS_AREA = Kind("indsatsomraade", PlanFocusArea, shown=("unit_text",), restorable=("unit_text",))
GOAL = Kind(
    "maal",
    Goal,
    shown=("ref", "statement", "responsible_unit"),
    restorable=("ref", "statement", "responsible_unit"),
)
_CRITERION_FIELDS = ("text", *TARGET_FIELDS)
CRITERION = Kind("dokumentation", Criterion, shown=_CRITERION_FIELDS, restorable=_CRITERION_FIELDS)
FOLLOW_UP = Kind(
    "opfoelgning", FollowUp, shown=("status", "date", "text"), restorable=("status", "date", "text")
)
ASSESSMENT = Kind(
    "maalstatus",
    GoalAssessment,
    shown=("status", "progress", "date"),
    restorable=("status", "progress", "date"),
)
# New kinds go last: a listing's kind index is the position here.
KINDS: tuple[Kind, ...] = (PLAN, SECTION, FOCUS_AREA, GOAL, CRITERION, FOLLOW_UP, ASSESSMENT)
GOAL_PARTS: tuple[Kind, ...] = (CRITERION, FOLLOW_UP, ASSESSMENT)
"""The kinds of rows that belong to one goal (`goal_id`) and go with it when it is deleted."""
FOLLOWED_UP: tuple[Kind, ...] = (FOLLOW_UP, ASSESSMENT)
"""The kinds a follow-up writes: changed (and restored) while the plan can be followed up."""
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
    if kind in GOAL_PARTS:
        return record.goal_id
    return None


def may_restore(user: Actor, *, kind: Kind, plan: Plan, goal: Goal | None) -> bool:
    """Whether the user may restore a row of this kind: as they may edit it (see the services)."""
    if kind in (PLAN, SECTION, FOCUS_AREA):
        return permissions.can_edit_plan(user, plan)
    if goal is None:
        return False
    if kind in FOLLOWED_UP:
        return permissions.can_follow_up_goal(user, goal, plan)
    return permissions.can_edit_goal(user, goal, plan)


@contextmanager
def delete_batch() -> Iterator[str]:
    """Mark the records of every row deleted inside as deleted together, in one batch.

    Nested (a goal's delete deleting its sub-goals), the outer batch holds.
    """
    current = _delete_batch.get()
    if current is not None:
        yield current
        return
    batch = uuid.uuid4().hex
    token = _delete_batch.set(batch)
    try:
        yield batch
    finally:
        _delete_batch.reset(token)


def mark_deleted_in_batch(*, history_instance: Any, **_signal: Any) -> None:
    """Receiver of django-simple-history's pre_create_historical_record: stamp the batch."""
    batch = _delete_batch.get()
    if batch is not None and history_instance.history_type == "-":
        history_instance.history_change_reason = f"{DELETE_REASON}{batch}"
