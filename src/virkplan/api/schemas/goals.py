"""Goals, their success criteria and their follow-ups."""

import datetime as dt

from ninja import Schema
from pydantic import ConfigDict, Field, JsonValue

from virkplan.interchange.selectors import json_number
from virkplan.plans.goal_status import GOAL_STATUS_ORDER, GoalStatus
from virkplan.plans.models import Comparison, Criterion, FollowUp, FollowUpStatus, Goal

from .common import Error
from .fields import Id, Key, Text, Version

Number = int | float


STATUS_VALUES: list[JsonValue] = list(GOAL_STATUS_ORDER)


class GoalStatusOut(Schema):
    """A goal's status as a whole: its latest assessment at a follow-up round."""

    status: str = Field(
        description="One of the follow-up statuses, or not_followed_up when never assessed.",
        json_schema_extra={"enum": STATUS_VALUES},
    )
    date: dt.date | None = Field(description="When it was set; null when never assessed.")
    progress: int | None = Field(description="How far the goal has come, 0–100 %, if given.")


class CriterionOut(Schema):
    """A success criterion (dokumentation), perhaps with a target."""

    id: int
    goal: str = Field(description="The goal's key.")
    position: int
    text: str
    comparison: Comparison | None = Field(description="How the value is a target; null: none.")
    value: Number | None
    value_max: Number | None = Field(description="The upper end of a range.")
    unit_of_measure: str
    baseline_value: Number | None
    baseline_year: int | None
    target_year: int | None
    target_date: dt.date | None
    version: int

    @staticmethod
    def resolve_goal(criterion: Criterion) -> str:
        return criterion.goal.key

    @staticmethod
    def resolve_comparison(criterion: Criterion) -> str | None:
        return criterion.comparison or None

    @staticmethod
    def resolve_value(criterion: Criterion) -> Number | None:
        return json_number(criterion.value)

    @staticmethod
    def resolve_value_max(criterion: Criterion) -> Number | None:
        return json_number(criterion.value_max)

    @staticmethod
    def resolve_baseline_value(criterion: Criterion) -> Number | None:
        return json_number(criterion.baseline_value)


class FollowUpOut(Schema):
    """A follow-up (opfølgning): what happened, with its status; `version` guards edits."""

    id: int
    goal: str = Field(description="The goal's key.")
    plan: str = Field(description="The plan's key.")
    position: int
    date: dt.date | None
    status: FollowUpStatus
    text: str = Field(description="Markdown.")
    criteria: list[int] = Field(description="Ids of the goal's criteria it speaks about.")
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_goal(follow_up: FollowUp) -> str:
        return follow_up.goal.key

    @staticmethod
    def resolve_plan(follow_up: FollowUp) -> str:
        return follow_up.goal.plan_focus_area.plan.key

    @staticmethod
    def resolve_criteria(follow_up: FollowUp) -> list[int]:
        loaded = getattr(follow_up, "criterion_ids", None)  # set by the plan and goal selectors
        if loaded is not None:
            return loaded
        return sorted(criterion.pk for criterion in follow_up.criteria.all())


class GoalOut(Schema):
    """A goal (mål), "Vi vil ...", with its success criteria."""

    key: str
    ref: str = Field(description='Its number in the plan, such as "2.1".')
    statement: str
    plan: str = Field(description="The plan's key.")
    focus_area: str = Field(description="The focus area's key.")
    parent: str | None = Field(description="The key of the goal it is a sub-goal of.")
    responsible_unit: str | None = Field(description="The key of the unit answering for it.")
    continues: str | None = Field(description="The key of the goal it carries on, if any.")
    position: int
    version: int
    criteria: list[CriterionOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_plan(goal: Goal) -> str:
        return goal.plan_focus_area.plan.key

    @staticmethod
    def resolve_focus_area(goal: Goal) -> str:
        return goal.plan_focus_area.focus_area.key

    @staticmethod
    def resolve_parent(goal: Goal) -> str | None:
        return goal.parent.key if goal.parent is not None else None

    @staticmethod
    def resolve_responsible_unit(goal: Goal) -> str | None:
        unit = goal.responsible_unit
        return unit.key if unit is not None else None

    @staticmethod
    def resolve_continues(goal: Goal) -> str | None:
        return goal.continues.key if goal.continues is not None else None


class GoalDetailOut(GoalOut):
    """A goal with its follow-ups and the keys of its sub-goals."""

    follow_ups: list[FollowUpOut]
    status: GoalStatusOut
    subgoals: list[str]

    @staticmethod
    def resolve_status(goal: Goal) -> GoalStatus:
        return goal.current_status

    @staticmethod
    def resolve_subgoals(goal: Goal) -> list[str]:
        return [subgoal.key for subgoal in goal.subgoals.all()]


class GoalFilters(Schema):
    plan: Key | None = Field(None, description="Only goals of this plan.")
    focus_area: Key | None = Field(None, description="Only goals under this focus area.")
    responsible_unit: Key | None = Field(
        None,
        description="Only goals this unit answers for: those naming it, and those in its "
        "own plans that name no unit.",
    )


class CriterionFilters(Schema):
    goal: Key | None = Field(None, description="Only this goal's criteria.")
    plan: Key | None = Field(None, description="Only criteria of this plan's goals.")


class FollowUpFilters(Schema):
    goal: Key | None = Field(None, description="Only this goal's follow-ups.")
    plan: Key | None = Field(None, description="Only follow-ups of this plan's goals.")
    date_from: dt.date | None = Field(None, description="Only follow-ups dated on or after.")
    date_to: dt.date | None = Field(None, description="Only follow-ups dated on or before.")


class FollowUpIn(Schema):
    """A new follow-up of a goal."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "goal": "mtf-2012-2013-g01",
                    "status": "met",
                    "text": "Målet er nået.",
                    "criteria": [],
                }
            ]
        },
    )

    goal: Key = Field(description="The goal's key.")
    status: FollowUpStatus
    text: Text = Field("", description="What happened. Markdown.")
    criteria: list[Id] = Field(
        default_factory=list,
        max_length=200,
        description="Ids of the goal's criteria it speaks about; none: the goal as a whole.",
    )
    date: dt.date | None = Field(None, description="The follow-up's date; today if left out.")


class FollowUpChange(Schema):
    """A follow-up as it should be now, with the version it was read at."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"version": 1, "status": "partly_met", "text": "Delvist."}]
        },
    )

    version: Version = Field(description="The version you read; a newer one gives 409.")
    status: FollowUpStatus
    text: Text = Field("", description="What happened. Markdown.")
    criteria: list[Id] | None = Field(
        None, max_length=200, description="Ids of the goal's criteria; left out: unchanged."
    )


class Conflict(Error):
    """Someone changed the follow-up since you read it: nothing was saved; here it is now."""

    current: FollowUpOut
