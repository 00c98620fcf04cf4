"""A plan's content as plain data, and writing it into a plan in bulk with its history.

Imports describe the plans they bring as `PlanData`; `content_write` writes
a plan's sections, focus areas, goals (level by level), criteria and
follow-ups with a few bulk inserts, each row with its history row, so a
plan of a thousand goals is written in seconds. Each goal with follow-ups gets its status as a
whole, as given or as its follow-ups agree. The rules of who may write
what are the callers' (plans.importing); this module only writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import DatabaseDefault

from virkplan.core.bulk import new_rows, rows_create, rows_create_with_history
from virkplan.core.data_version import data_changed
from virkplan.core.errors import DomainError
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor, recorded_user

from .goal_status import status_from_follow_ups
from .models import (
    Criterion,
    FocusArea,
    FollowUp,
    Goal,
    GoalAssessment,
    Plan,
    PlanFocusArea,
    PlanStatus,
    Section,
    new_key,
)
from .search.indexing import search_index_plans


@dataclass
class CriterionData:
    text: str
    comparison: str = ""
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit_of_measure: str = ""
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_year: int | None = None
    target_date: date | None = None


@dataclass
class FollowUpData:
    status: str
    text: str
    date: date | None = None
    criteria: list[int] = field(default_factory=list)
    """Positions (from 0) of the goal's criteria the follow-up speaks about."""


@dataclass
class AssessmentData:
    """The goal's status as a whole at its latest follow-up (plans.models.GoalAssessment)."""

    status: str
    date: date | None = None
    progress: int | None = None


_CRITERION_FIELDS = [f.name for f in fields(CriterionData)]
_criterion_values = attrgetter(*_CRITERION_FIELDS)


@dataclass
class GoalData:
    statement: str
    key: str = ""
    ref: str = ""
    responsible_unit_id: int | None = None
    continues_key: str = ""
    origin: Any = None
    """Where the import found the goal (say, its JSON path), handed back with its link."""
    criteria: list[CriterionData] = field(default_factory=list)
    follow_ups: list[FollowUpData] = field(default_factory=list)
    assessment: AssessmentData | None = None
    """Without one, a goal with follow-ups gets the status they agree on."""
    goals: list[GoalData] = field(default_factory=list)


@dataclass
class FocusAreaData:
    title: str
    key: str = ""
    tagline: str = ""
    group: str = ""
    set_by_id: int | None = None
    body: str = ""
    unit_text: str = ""
    goals: list[GoalData] = field(default_factory=list)


@dataclass
class SectionData:
    title: str
    body: str = ""
    highlights: list[str] = field(default_factory=list)
    organisation_chart: bool = False


@dataclass
class PlanData:
    """A whole plan as an import describes it."""

    title: str
    unit: Unit
    start_year: int
    end_year: int
    key: str = ""
    kind: str = ""
    status: str = PlanStatus.DRAFT
    focus_area_intro: str = ""
    follow_up_intro: str = ""
    sections: list[SectionData] = field(default_factory=list)
    focus_areas: list[FocusAreaData] = field(default_factory=list)


@dataclass
class ContentWritten:
    """What `content_write` wrote."""

    goals_by_key: dict[str, Goal] = field(default_factory=dict)
    """The new goals under the keys the data gave them (not those given new keys)."""
    continues: list[tuple[Goal, str, Any]] = field(default_factory=list)
    """New goals, the key each carries on and where it came from, to link when all are written."""
    focus_areas: int = 0
    goals: int = 0
    criteria: int = 0
    follow_ups: int = 0


def save_checked(row: Any) -> Any:
    """Check a row's fields (no queries) and save it; a bad value is a DomainError."""
    try:
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), errors=exc.messages) from exc
    row.save()
    return row


class CarriedOn:
    """The goals of a stored plan that new goals carry on: how a revision keeps its history.

    A new goal carries on the stored goal with its key (a file exported from
    virkplan has the keys) or else (a document read from a file has keys of
    its own) the stored goal with the same statement; each stored goal at
    most once.
    """

    def __init__(self, goals: Iterable[Goal]) -> None:
        self.by_key: dict[str, int] = {}
        self.by_statement: dict[str, int] = {}
        for goal in goals:
            self.by_key[goal.key] = goal.pk
            self.by_statement.setdefault(_normalised(goal.statement), goal.pk)
        self.taken: set[int] = set()

    def match(self, data: GoalData) -> int | None:
        found = self.by_key.get(data.key) if data.key else None
        if found is None:
            found = self.by_statement.get(_normalised(data.statement))
        if found is None or found in self.taken:
            return None
        self.taken.add(found)
        return found


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def content_write(
    *, plan: Plan, data: PlanData, actor: Actor, carried_on: CarriedOn | None = None
) -> ContentWritten:
    """Write the data's sections, focus areas and goals into an empty `plan`.

    A goal that `carried_on` matches gets a new key and carries that stored
    goal on (see CarriedOn). The plan is searchable as written when the transaction commits.
    """
    data_changed()
    written = ContentWritten()
    writer = _Writer(plan, written, actor, carried_on or CarriedOn([]))
    writer.write(data)
    sharing = PlanFocusArea.objects.filter(focus_area_id__in=writer.texts_changed)
    search_index_plans({plan.pk, *sharing.values_list("plan_id", flat=True)})
    return written


def _references(model: type[models.Model]) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _references_stored(
    model: type[models.Model], rows: list[Any], known: dict[Any, set[int]]
) -> bool:
    """Whether every row's foreign keys name stored rows: one query a reference, not one a row.

    Ids in `known` (rows of the referenced model written or looked up in this
    transaction) need no query, unless the reference limits its choices.
    """
    for ref in _references(model):
        limit = ref.get_limit_choices_to()
        values = {getattr(row, ref.attname) for row in rows} - {None}
        if not limit and ref.target_field.primary_key:
            values -= known.get(ref.remote_field.model, set())
        target = ref.remote_field.model._base_manager.complex_filter(limit)
        name = ref.remote_field.field_name
        ordered = sorted(values)
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            if target.filter(**{f"{name}__in": chunk}).count() != len(chunk):
                return False
    return True


_CHUNK = 900  # values in one IN list, under SQLite's oldest limit of 999 parameters


_MEMO_TYPES = frozenset({str, int, bool, date})
"""Types whose equal values are the same value: a field's check of one holds for the other.
(Not Decimal: 1 and 1.00000 are equal but have different numbers of decimal places.)"""


def _clean_fields_known_references(row: Any, passed: set[tuple[Any, type, Any]]) -> None:
    """`row.clean_fields()` for a row whose references are known to be stored.

    The same checks in the same order, less the query each foreign key makes
    to find its row (`_references_stored` has looked them all up at once).
    A field's check depends on nothing but the value, so a value of a plain
    type that passed once (in `passed`, which this fills) passes again
    unchecked: a plan's follow-ups share their statuses, dates and positions.
    """
    errors: dict[str, list[ValidationError]] = {}
    for f in row._meta.fields:
        if f.generated:
            continue
        raw_value = getattr(row, f.attname)
        if f.blank and raw_value in f.empty_values:
            continue
        if isinstance(raw_value, DatabaseDefault):
            continue
        kind = type(raw_value)
        seen = (f, kind, raw_value) if kind in _MEMO_TYPES else None
        if seen is not None and seen in passed:
            continue
        try:
            if isinstance(f, models.ForeignKey):
                value = f.to_python(raw_value)
                models.Field.validate(f, value, row)
                f.run_validators(value)
            else:
                value = f.clean(raw_value, row)
            setattr(row, f.attname, value)
        except ValidationError as exc:
            errors[f.name] = exc.error_list
        else:
            if seen is not None and value == raw_value and type(value) is kind:
                passed.add(seen)
    if errors:
        raise ValidationError(errors)


_Level = tuple[GoalData, int, PlanFocusArea, Goal | None]
"""A goal to write: its data, position among its siblings, focus area and parent goal."""


class _Writer:
    """Writes a plan's sections, focus areas, goals, criteria and follow-ups in bulk."""

    def __init__(
        self, plan: Plan, outcome: ContentWritten, actor: Actor, carried_on: CarriedOn
    ) -> None:
        self.outcome = outcome
        self.plan = plan
        self.actor = actor
        self.revised = carried_on
        self.focus_areas_by_key: dict[str, FocusArea] = {}
        """The stored focus areas the data names by key, looked up at once."""
        self.passed: set[tuple[Any, type, Any]] = set()
        """Field values that passed their field's checks (see _clean_fields_known_references)."""
        self.known: dict[Any, set[int]] = {Plan: {plan.pk}}
        """Ids of rows known to be stored (the plan, the rows written), by model."""
        self.texts_changed: set[int] = set()
        """Stored focus areas whose shared texts the data changed (other plans show them too)."""

    def create(self, model: type[models.Model], rows: list[Any]) -> list[Any]:
        stored = _references_stored(model, rows, self.known)
        for row in rows:
            try:
                if stored:
                    _clean_fields_known_references(row, self.passed)
                else:
                    row.clean_fields()  # names the row whose reference is missing
                row.clean()  # the model's own rules (plans.rules), as the services apply them
            except ValidationError as exc:
                raise DomainError(" ".join(exc.messages), errors=exc.messages) from exc
        if not rows:
            return rows
        rows = rows_create_with_history(model, rows, default_user=self.actor)
        self.known.setdefault(model, set()).update(row.pk for row in rows)
        return rows

    def write(self, data: PlanData) -> None:
        self.create(
            Section,
            [
                Section(
                    plan=self.plan,
                    position=n,
                    title=s.title,
                    body=s.body,
                    highlights=list(s.highlights),
                    organisation_chart=s.organisation_chart,
                )
                for n, s in enumerate(data.sections)
            ],
        )
        keys = [fa.key for fa in data.focus_areas if fa.key]
        self.focus_areas_by_key = {fa.key: fa for fa in FocusArea.objects.filter(key__in=keys)}
        areas = self.create(
            PlanFocusArea,
            [
                PlanFocusArea(
                    plan=self.plan,
                    focus_area=self.focus_area(fa),
                    position=n,
                    unit_text=fa.unit_text,
                )
                for n, fa in enumerate(data.focus_areas)
            ],
        )
        self.outcome.focus_areas += len(areas)
        level: list[_Level] = [
            (goal, n, area, None)
            for area, fa in zip(areas, data.focus_areas, strict=True)
            for n, goal in enumerate(fa.goals)
        ]
        while level:
            level = self.write_goals(level)

    def focus_area(self, data: FocusAreaData) -> FocusArea:
        found = self.focus_area_stored(data)
        self.known.setdefault(FocusArea, set()).add(found.pk)
        return found

    def focus_area_stored(self, data: FocusAreaData) -> FocusArea:
        shared = {
            "title": data.title,
            "tagline": data.tagline,
            "group": data.group,
            "set_by_id": data.set_by_id,
            "body": data.body,
        }
        years = {"start_year": self.plan.start_year, "end_year": self.plan.end_year}
        if data.key:
            found = self.focus_areas_by_key.get(data.key)
        else:
            found = FocusArea.objects.filter(**shared, **years).first()
        if found is None:
            created = save_checked(FocusArea(key=data.key or new_key(), **shared, **years))
            self.focus_areas_by_key[created.key] = created
            return created
        changed = any(getattr(found, name) != value for name, value in shared.items())
        widened = found.start_year > self.plan.start_year or found.end_year < self.plan.end_year
        if changed:
            self.texts_changed.add(found.pk)
        if changed or widened:
            for name, value in shared.items():
                setattr(found, name, value)
            found.start_year = min(found.start_year, self.plan.start_year)
            found.end_year = max(found.end_year, self.plan.end_year)
            save_checked(found)
        return found

    def write_goals(self, level: list[_Level]) -> list[_Level]:
        """Write one level of the goal tree; returns the next level (the sub-goals)."""
        goals = []
        for data, position, area, parent in level:
            key, continues_id = data.key or new_key(), self.revised.match(data)
            if continues_id is not None:
                key = new_key()
            goals.append(
                Goal(
                    key=key,
                    plan_focus_area=area,
                    parent=parent,
                    position=position,
                    ref=data.ref,
                    statement=data.statement,
                    responsible_unit_id=data.responsible_unit_id,
                    continues_id=continues_id,
                )
            )
        goals = self.create(Goal, goals)
        self.outcome.goals += len(goals)
        for goal in goals:
            # The user a later save of the goal (its `continues` link) records in its history.
            goal._history_user = self.actor  # type: ignore[attr-defined]
        for (data, _position, _area, _parent), goal in zip(level, goals, strict=True):
            if data.key and goal.key == data.key:
                self.outcome.goals_by_key[data.key] = goal
            if data.continues_key and goal.continues_id is None:
                self.outcome.continues.append((goal, data.continues_key, data.origin))
        self.write_criteria_and_follow_ups(
            [(d, g) for (d, *_rest), g in zip(level, goals, strict=True)]
        )
        return [
            (sub, n, goal.plan_focus_area, goal)
            for (data, *_rest), goal in zip(level, goals, strict=True)
            for n, sub in enumerate(data.goals)
        ]

    def assessment(self, data: GoalData, goal: Goal) -> GoalAssessment | None:
        """The goal's status as the data gives it, or as its follow-ups agree; none without
        follow-ups. It is dated as given, else by its latest follow-up, else the plan's end."""
        found = data.assessment
        if found is None and not data.follow_ups:
            return None
        dates = [f.date for f in data.follow_ups if f.date]
        when = max(dates) if dates else date(self.plan.end_year, 12, 31)
        if found is None:
            found = AssessmentData(status_from_follow_ups(f.status for f in data.follow_ups))
        return GoalAssessment(
            goal=goal,
            date=found.date or when,
            status=found.status,
            progress=found.progress,
            assessed_by=recorded_user(self.actor),
        )

    def write_criteria_and_follow_ups(self, goals: list[tuple[GoalData, Goal]]) -> None:
        criteria = self.create(
            Criterion,
            new_rows(
                Criterion,
                ["goal_id", "position", *_CRITERION_FIELDS],
                (
                    (goal.pk, n, *_criterion_values(c))
                    for data, goal in goals
                    for n, c in enumerate(data.criteria)
                ),
            ),
        )
        self.outcome.criteria += len(criteria)
        by_goal: dict[int, list[Criterion]] = {}
        for criterion in criteria:
            by_goal.setdefault(criterion.goal_id, []).append(criterion)
        follow_up_values: list[tuple[Any, ...]] = []
        answers: list[list[int]] = []
        for data, goal in goals:
            for n, f in enumerate(data.follow_ups):
                follow_up_values.append((goal.pk, n, f.date, f.status, f.text))
                answers.append(f.criteria)
        follow_ups = self.create(
            FollowUp,
            new_rows(FollowUp, ["goal_id", "position", "date", "status", "text"], follow_up_values),
        )
        self.outcome.follow_ups += len(follow_ups)
        self.create(
            GoalAssessment, [a for data, goal in goals if (a := self.assessment(data, goal))]
        )
        rows_create(
            FollowUp.criteria.through,
            ["followup_id", "criterion_id"],
            [
                (follow_up.pk, by_goal[follow_up.goal_id][index].pk)
                for follow_up, indexes in zip(follow_ups, answers, strict=True)
                for index in indexes
            ],
        )
