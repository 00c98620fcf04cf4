"""Counting follow-up statuses per focus area and in total."""

import pytest

from tests.factories import FollowUpFactory, GoalFactory, PlanFactory, PlanFocusAreaFactory
from virkplan.plans.models import FollowUpStatus, Plan
from virkplan.plans.selectors import plan_detail
from virkplan.plans.statistics import plan_status_counts, plan_status_summary

pytestmark = pytest.mark.django_db


def test_counts_per_focus_area_and_in_total():
    plan = PlanFactory()
    first_area = PlanFocusAreaFactory(plan=plan, position=0)
    second_area = PlanFocusAreaFactory(plan=plan, position=1)
    met_goal = GoalFactory(plan_focus_area=first_area)
    FollowUpFactory(goal=met_goal, status=FollowUpStatus.MET)
    FollowUpFactory(goal=met_goal, status=FollowUpStatus.NOT_MET)
    GoalFactory(plan_focus_area=first_area)  # not followed up
    dropped_goal = GoalFactory(plan_focus_area=second_area)
    FollowUpFactory(goal=dropped_goal, status=FollowUpStatus.DROPPED)

    summary = plan_status_summary(plan=plan_detail(user=None, key=plan.key))

    first, second = summary.rows
    assert (first.goals, first.goals_followed_up, first.follow_ups) == (2, 1, 2)
    assert first.counts == {FollowUpStatus.MET: 1, FollowUpStatus.NOT_MET: 1}
    assert (second.goals, second.goals_followed_up) == (1, 1)
    assert second.counts == {FollowUpStatus.DROPPED: 1}
    assert (summary.total.goals, summary.total.goals_followed_up, summary.total.follow_ups) == (
        3,
        2,
        3,
    )
    assert dict(summary.total.cells())[FollowUpStatus.MET] == 1
    assert summary.has_follow_ups


def test_a_plan_without_follow_ups_says_so():
    area = PlanFocusAreaFactory()
    GoalFactory(plan_focus_area=area)
    summary = plan_status_summary(plan=plan_detail(user=None, key=area.plan.key))
    assert not summary.has_follow_ups
    assert summary.total.goals == 1


def _as_numbers(summary):
    rows = [*summary.rows, summary.total]
    return [(row.title, row.goals, row.goals_followed_up, row.cells()) for row in rows]


def test_counting_in_the_database_gives_the_same_summary_in_one_query(
    django_assert_num_queries,
):
    # Given a plan with follow-ups, a goal without, and a focus area without goals
    plan = PlanFactory()
    first_area = PlanFocusAreaFactory(plan=plan, position=0)
    PlanFocusAreaFactory(plan=plan, position=1)
    third_area = PlanFocusAreaFactory(plan=plan, position=2)
    goal = GoalFactory(plan_focus_area=first_area)
    GoalFactory(plan_focus_area=first_area, parent=goal)  # a sub-goal, not followed up
    for status in (FollowUpStatus.MET, FollowUpStatus.MET, FollowUpStatus.POSTPONED):
        FollowUpFactory(goal=goal, status=status)
    FollowUpFactory(goal=GoalFactory(plan_focus_area=third_area), status=FollowUpStatus.NOT_MET)
    plan = Plan.objects.get(pk=plan.pk)

    # When the database counts them, in one query
    with django_assert_num_queries(1):
        counted = plan_status_counts(plan=plan)

    # Then the summary is the one counted from the loaded plan
    assert _as_numbers(counted) == _as_numbers(
        plan_status_summary(plan=plan_detail(user=None, key=plan.key))
    )
    assert counted.total.counts == {
        FollowUpStatus.MET: 2,
        FollowUpStatus.POSTPONED: 1,
        FollowUpStatus.NOT_MET: 1,
    }
    assert [row.goals for row in counted.rows] == [2, 0, 1]


def test_counting_in_the_database_agrees_on_the_demo(demo):
    for plan in Plan.objects.all():
        assert _as_numbers(plan_status_counts(plan=plan)) == _as_numbers(
            plan_status_summary(plan=plan_detail(user=None, key=plan.key))
        ), plan.key
