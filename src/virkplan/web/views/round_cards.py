"""The follow-up round's page, goal by goal: what each goal's card shows and its two forms.

A card is a view model (web.views.follow_up draws the page and saves the forms): the
goal, its follow-ups in the round and before it, its status as a whole in the round, and,
for those who may follow it up, the follow-up form and the status form.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from virkplan.organisation.permissions import Actor
from virkplan.plans import permissions
from virkplan.plans.goal_status import GoalStatus, status_from_follow_ups, status_of
from virkplan.plans.models import FollowUp, FollowUpRound, Goal, GoalAssessment, Plan
from virkplan.plans.selectors import round_follow_ups

from ..forms.cycle import FollowUpForm, GoalAssessmentForm


@dataclass
class GoalCard:
    """One goal on the follow-up round page: its follow-ups and, for its editors, the form."""

    goal: Goal
    level: int
    in_round: list[FollowUp]
    earlier: list[FollowUp]
    form: FollowUpForm | None = None
    editing: FollowUp | None = None
    conflict: FollowUp | None = None
    saved: bool = False
    covered: set[int] = field(default_factory=set)
    assessment: GoalAssessment | None = None
    """The goal's status as a whole set in the round, if any."""
    status_form: GoalAssessmentForm | None = None
    status_saved: bool = False
    status_conflict: GoalAssessment | None = None

    @property
    def done(self) -> bool:
        return bool(self.in_round)

    @property
    def round_status(self) -> GoalStatus | None:
        return status_of(self.assessment) if self.assessment else None

    @property
    def conflict_status(self) -> GoalStatus | None:
        return status_of(self.status_conflict) if self.status_conflict else None

    @property
    def suggested_status(self) -> str:
        """The status the goal's follow-ups in the round agree on: the form's first choice."""
        return status_from_follow_ups(f.status for f in self.in_round)


def follow_up_in(goal: Goal, follow_up_id: Any) -> FollowUp | None:
    try:
        wanted = int(follow_up_id)
    except (TypeError, ValueError):
        return None
    return next((f for f in goal.follow_ups.all() if f.pk == wanted), None)


def goal_card(
    user: Actor,
    plan: Plan,
    goal: Goal,
    round: FollowUpRound | None,
    *,
    level: int,
    editing: FollowUp | None = None,
    form: FollowUpForm | None = None,
    conflict: FollowUp | None = None,
    saved: bool = False,
    status_form: GoalAssessmentForm | None = None,
) -> GoalCard:
    in_round = round_follow_ups(goal, round) if round else []
    if editing is not None and editing not in in_round:
        editing = None
    card = GoalCard(
        goal=goal,
        level=level,
        in_round=in_round,
        earlier=[f for f in goal.follow_ups.all() if f not in in_round],
        editing=editing,
        conflict=conflict,
        saved=saved,
        covered={c.pk for f in in_round for c in f.criteria.all()},
    )
    if round is not None:
        card.assessment = next((a for a in goal.assessments.all() if a.round_id == round.pk), None)
    if round is not None and permissions.can_follow_up_goal(user, goal, plan):
        card.form = form or blank_follow_up_form(goal, editing)
        card.status_form = status_form or blank_status_form(card)
    return card


def blank_status_form(card: GoalCard) -> GoalAssessmentForm:
    assessment = card.assessment
    if assessment is None:
        initial = {"version": 0, "status": card.suggested_status if card.in_round else ""}
    else:
        initial = {
            "version": assessment.version,
            "status": assessment.status,
            "progress": assessment.progress,
        }
    return GoalAssessmentForm(goal=card.goal, initial=initial)


def blank_follow_up_form(goal: Goal, editing: FollowUp | None) -> FollowUpForm:
    if editing is None:
        return FollowUpForm(goal=goal)
    return FollowUpForm(
        goal=goal,
        initial={
            "follow_up": editing.pk,
            "version": editing.version,
            "status": editing.status,
            "text": editing.text,
            "criteria": [str(c.pk) for c in editing.criteria.all()],
        },
    )


def with_levels(goals: list[Goal], level: int) -> Iterator[tuple[Goal, int]]:
    """Goals and their sub-goals in document order, each with its heading level."""
    for goal in goals:
        yield goal, level
        yield from with_levels(goal.subgoal_list, min(level + 1, 6))
