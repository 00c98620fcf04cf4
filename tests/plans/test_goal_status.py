"""A goal's status as a whole: set in a round, given at the round's end, kept across rounds."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    CriterionFactory,
    GoalFactory,
    PlanFactory,
    PlanFocusAreaFactory,
    user_with_roles,
)
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.models import Role
from virkplan.plans import services
from virkplan.plans.goal_status import (
    NOT_FOLLOWED_UP,
    current_statuses,
    status_from_follow_ups,
)
from virkplan.plans.models import FollowUpStatus, GoalAssessment, PlanStatus
from virkplan.plans.selectors import goal_detail, plan_detail

pytestmark = pytest.mark.django_db

MET, PARTLY, NOT_MET = FollowUpStatus.MET, FollowUpStatus.PARTLY_MET, FollowUpStatus.NOT_MET
NOT_ASSESSED = FollowUpStatus.NOT_ASSESSED


@pytest.mark.parametrize(
    ("statuses", "agreed"),
    [
        ([MET], MET),
        ([MET, MET, NOT_ASSESSED], MET),
        ([MET, NOT_MET], NOT_ASSESSED),
        ([NOT_ASSESSED, NOT_ASSESSED], NOT_ASSESSED),
        ([], NOT_ASSESSED),
    ],
)
def test_follow_ups_give_a_status_only_when_they_agree(statuses, agreed) -> None:
    assert status_from_follow_ups(statuses) == agreed


@pytest.fixture
def world():
    plan = PlanFactory(status=PlanStatus.PUBLISHED, start_year=2025, end_year=2026)
    area = PlanFocusAreaFactory(plan=plan)
    goals = [GoalFactory(plan_focus_area=area, position=n) for n in range(3)]
    CriterionFactory(goal=goals[0], comparison="at_least", value=75, unit_of_measure="%")
    editor = user_with_roles("redaktoer", (plan.unit.key, Role.EDITOR))
    return plan, goals, editor


def _round(plan, editor, day):
    return services.follow_up_round_start(user=editor, plan=plan, on=day)


def test_a_goal_never_assessed_is_not_followed_up(world) -> None:
    plan, goals, _editor = world
    loaded = plan_detail(user=None, key=plan.key)
    statuses = {
        g.pk: g.current_status for pfa in loaded.plan_focus_areas.all() for g in pfa.goals.all()
    }
    assert {s.status for s in statuses.values()} == {NOT_FOLLOWED_UP}
    assert all(not s.followed_up for s in statuses.values())
    assert current_statuses(g.pk for g in goals) == {}


def test_the_status_set_in_a_round_is_the_goals_and_may_differ_from_its_follow_ups(world) -> None:
    plan, goals, editor = world
    round = _round(plan, editor, datetime.date(2025, 6, 30))
    services.follow_up_create(user=editor, goal=goals[0], status=MET, text="Halvdelen nået.")
    # When the editor weighs the goal as a whole as partly met, 60 % of the way
    assessment = services.goal_assess(
        user=editor, goal=goals[0], round=round, status=PARTLY, progress=60
    )
    # Then that is the goal's status, dated by the round, set by the editor
    status = goal_detail(user=editor, key=goals[0].key).current_status
    assert (status.status, status.progress, status.date) == (PARTLY, 60, round.date)
    assert status.label == "delvist opfyldt"
    assert assessment.assessed_by == editor
    # And setting it again in the same round changes that one assessment
    services.goal_assess(user=editor, goal=goals[0], round=round, status=MET, expected_version=1)
    assert GoalAssessment.objects.filter(goal=goals[0]).count() == 1
    assert goal_detail(user=editor, key=goals[0].key).current_status.status == MET


def test_a_stale_version_is_a_conflict_and_saves_nothing(world) -> None:
    plan, goals, editor = world
    round = _round(plan, editor, datetime.date(2025, 6, 30))
    services.goal_assess(user=editor, goal=goals[1], round=round, status=MET)
    other = user_with_roles("kollega", (plan.unit.key, Role.EDITOR))
    services.goal_assess(user=other, goal=goals[1], round=round, status=NOT_MET, expected_version=1)
    # The first editor saw version 1; it is now 2
    with pytest.raises(EditConflict) as raised:
        services.goal_assess(
            user=editor, goal=goals[1], round=round, status=PARTLY, expected_version=1
        )
    assert raised.value.current.status == NOT_MET
    assert GoalAssessment.objects.get(goal=goals[1]).status == NOT_MET


def test_a_status_outside_an_open_round_or_by_a_reader_is_refused(world) -> None:
    plan, goals, editor = world
    round = _round(plan, editor, datetime.date(2025, 6, 30))
    reader = user_with_roles("laeser", (plan.unit.key, Role.READER))
    with pytest.raises(NotAllowed):
        services.goal_assess(user=reader, goal=goals[0], round=round, status=MET)
    services.follow_up_round_finish(user=editor, round=round)
    with pytest.raises(DomainError):
        services.goal_assess(user=editor, goal=goals[0], round=round, status=MET)
    with pytest.raises(ValidationError):
        services.goal_assess(
            user=editor, goal=goals[0], round=_round(plan, editor, None), status="godt"
        )
    assert not GoalAssessment.objects.exists()


def test_a_progress_above_100_is_refused(world) -> None:
    plan, goals, editor = world
    round = _round(plan, editor, datetime.date(2025, 6, 30))
    with pytest.raises(ValidationError) as raised:
        services.goal_assess(user=editor, goal=goals[0], round=round, status=MET, progress=120)
    assert "progress" in raised.value.message_dict
    assert not GoalAssessment.objects.exists()


def test_finishing_a_round_gives_each_goal_followed_up_the_status_its_follow_ups_agree_on(
    world,
) -> None:
    plan, goals, editor = world
    first = _round(plan, editor, datetime.date(2025, 6, 30))
    for goal, status, text in [
        (goals[0], MET, "Nået."),
        (goals[1], MET, "Det ene nået."),
        (goals[1], NOT_MET, "Det andet ikke."),
    ]:
        services.follow_up_create(user=editor, goal=goal, status=status, text=text, on=first.date)
    services.follow_up_round_finish(user=editor, round=first)
    statuses = current_statuses(g.pk for g in goals)
    # Agreeing follow-ups give their status; disagreeing ones "not assessed"; none, nothing
    assert statuses[goals[0].pk].status == MET
    assert statuses[goals[1].pk].status == NOT_ASSESSED
    assert goals[2].pk not in statuses
    # A later round that follows up only goal 1 leaves goal 0 with its status from the first
    second = _round(plan, editor, datetime.date(2025, 12, 31))
    services.goal_assess(user=editor, goal=goals[1], round=second, status=PARTLY)
    services.follow_up_round_finish(user=editor, round=second)
    statuses = current_statuses(g.pk for g in goals)
    assert (statuses[goals[0].pk].status, statuses[goals[0].pk].date) == (MET, first.date)
    assert (statuses[goals[1].pk].status, statuses[goals[1].pk].date) == (PARTLY, second.date)
