"""Plans and focus areas: a plan's summary, and the whole plan as one document."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from virkplan.plans.goal_status import GoalStatus
from virkplan.plans.models import (
    FocusArea,
    FocusAreaGroup,
    Goal,
    Plan,
    PlanFocusArea,
    PlanKind,
    PlanStatus,
)

from .fields import Key, Year
from .goals import CriterionOut, FollowUpOut, GoalStatusOut


class PlanOut(Schema):
    """A department plan or unit year plan: one unit, one period."""

    key: str
    title: str
    kind: PlanKind
    status: PlanStatus
    unit: str = Field(description="The unit's key.")
    start_year: int
    end_year: int
    revision: int
    revision_of: str | None = Field(description="The key of the approved plan it revises.")
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_unit(plan: Plan) -> str:
        return plan.unit.key

    @staticmethod
    def resolve_revision_of(plan: Plan) -> str | None:
        return plan.revision_of.key if plan.revision_of is not None else None


class SectionOut(Schema):
    title: str
    body: str = Field(description="Markdown.")
    highlights: list[str]
    organisation_chart: bool = Field(
        description="Whether the unit's organisation chart follows the section's text."
    )
    position: int


class PlanGoalOut(Schema):
    """A goal in the plan document, with its criteria and follow-ups.

    Goals come in document order, each sub-goal after its goal and naming it as `parent`.
    """

    key: str
    ref: str
    statement: str
    parent: str | None = Field(description="The key of the goal it is a sub-goal of.")
    responsible_unit: str | None
    continues: str | None
    position: int
    version: int
    criteria: list[CriterionOut]
    follow_ups: list[FollowUpOut]
    status: GoalStatusOut

    @staticmethod
    def resolve_status(goal: Goal) -> GoalStatus:
        return goal.current_status

    @staticmethod
    def resolve_parent(goal: Goal) -> str | None:
        return goal.parent.key if goal.parent is not None else None

    @staticmethod
    def resolve_responsible_unit(goal: Goal) -> str | None:
        return goal.responsible_unit.key if goal.responsible_unit is not None else None

    @staticmethod
    def resolve_continues(goal: Goal) -> str | None:
        return goal.continues.key if goal.continues is not None else None


def _document_order(top_goals: list[Goal]) -> list[Goal]:
    """Each goal followed by its sub-goals, which learn their (loaded) parent on the way."""
    ordered: list[Goal] = []

    def walk(goals: list[Goal], parent: Goal | None) -> None:
        for goal in goals:
            if parent is not None:
                goal.parent = parent
            ordered.append(goal)
            walk(goal.subgoal_list, goal)

    walk(top_goals, None)
    return ordered


class PlanFocusAreaOut(Schema):
    """A focus area as the plan includes it, with the plan's own text about it."""

    focus_area: str = Field(description="The focus area's key.")
    title: str
    tagline: str
    group: FocusAreaGroup | None
    set_by: str | None = Field(description="The key of the unit that set it.")
    body: str = Field(description="The shared text. Markdown.")
    unit_text: str = Field(description="What it means for the plan's unit. Markdown.")
    position: int
    goals: list[PlanGoalOut]

    @staticmethod
    def resolve_focus_area(area: PlanFocusArea) -> str:
        return area.focus_area.key

    @staticmethod
    def resolve_title(area: PlanFocusArea) -> str:
        return area.focus_area.title

    @staticmethod
    def resolve_tagline(area: PlanFocusArea) -> str:
        return area.focus_area.tagline

    @staticmethod
    def resolve_group(area: PlanFocusArea) -> str | None:
        return area.focus_area.group or None

    @staticmethod
    def resolve_set_by(area: PlanFocusArea) -> str | None:
        set_by = area.focus_area.set_by
        return set_by.key if set_by is not None else None

    @staticmethod
    def resolve_body(area: PlanFocusArea) -> str:
        return area.focus_area.body

    @staticmethod
    def resolve_goals(area: PlanFocusArea) -> list[Goal]:
        return _document_order(area.top_goals)


class PlanDetailOut(PlanOut):
    """The whole plan: sections, focus areas, goals, criteria and follow-ups, in order."""

    focus_area_intro: str
    follow_up_intro: str
    sections: list[SectionOut]
    focus_areas: list[PlanFocusAreaOut]

    @staticmethod
    def resolve_focus_areas(plan: Plan) -> list:
        return list(plan.plan_focus_areas.all())


class PlanFilters(Schema):
    unit: Key | None = Field(None, description="Only plans of this unit and the units under it.")
    year: Year | None = Field(None, description="Only plans whose period includes this year.")
    status: PlanStatus | None = None


class FocusAreaOut(Schema):
    """A focus area (indsatsområde), set once by a unit and shared by plans."""

    key: str
    title: str
    tagline: str
    group: FocusAreaGroup | None
    set_by: str | None = Field(description="The key of the unit that set it.")
    start_year: int
    end_year: int
    body: str = Field(description="The shared text. Markdown.")

    @staticmethod
    def resolve_group(area: FocusArea) -> str | None:
        return area.group or None

    @staticmethod
    def resolve_set_by(area: FocusArea) -> str | None:
        return area.set_by.key if area.set_by is not None else None


class FocusAreaFilters(Schema):
    plan: Key | None = Field(None, description="Only focus areas this plan includes.")
    year: Year | None = Field(None, description="Only focus areas whose period includes it.")
