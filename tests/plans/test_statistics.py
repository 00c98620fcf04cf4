"""Counting a plan's goals by their status as a whole, per focus area and in total."""

import datetime

import pytest
from django.utils import translation

from tests.factories import FollowUpFactory, GoalFactory, PlanFactory, PlanFocusAreaFactory
from virkplan.core.display import long_date
from virkplan.plans.goal_status import NOT_FOLLOWED_UP
from virkplan.plans.models import FollowUpRound, FollowUpStatus, GoalAssessment, Plan
from virkplan.plans.selectors import plan_detail
from virkplan.plans.statistics import plan_status_counts, plan_status_summary, with_round

pytestmark = pytest.mark.django_db

MET, NOT_MET = FollowUpStatus.MET, FollowUpStatus.NOT_MET


def _assess(goal, status, day):
    return GoalAssessment.objects.create(goal=goal, status=status, date=day)


def test_each_goal_counts_once_by_its_latest_status():
    plan = PlanFactory()
    first_area = PlanFocusAreaFactory(plan=plan, position=0)
    second_area = PlanFocusAreaFactory(plan=plan, position=1)
    # A goal with three follow-ups, not met in 2025 and met in 2026
    goal = GoalFactory(plan_focus_area=first_area)
    for status in (MET, NOT_MET, MET):
        FollowUpFactory(goal=goal, status=status)
    _assess(goal, NOT_MET, datetime.date(2025, 6, 30))
    _assess(goal, MET, datetime.date(2026, 6, 30))
    GoalFactory(plan_focus_area=first_area)  # never followed up
    dropped = GoalFactory(plan_focus_area=second_area)
    _assess(dropped, FollowUpStatus.DROPPED, datetime.date(2025, 12, 31))

    summary = plan_status_summary(plan=plan_detail(user=None, key=plan.key))

    first, second = summary.rows
    assert (first.goals, first.goals_followed_up, first.follow_ups) == (2, 1, 3)
    assert first.counts == {MET: 1, NOT_FOLLOWED_UP: 1}
    assert second.counts == {FollowUpStatus.DROPPED: 1}
    total = summary.total
    assert (total.goals, total.goals_followed_up, total.follow_ups, total.counted) == (3, 2, 3, 3)
    assert summary.latest_date == datetime.date(2026, 6, 30)
    assert summary.has_follow_ups


def test_a_plan_without_follow_ups_says_so():
    area = PlanFocusAreaFactory()
    GoalFactory(plan_focus_area=area)
    summary = plan_status_summary(plan=plan_detail(user=None, key=area.plan.key))
    assert not summary.has_follow_ups
    assert summary.total.goals == 1
    assert summary.total.counts == {NOT_FOLLOWED_UP: 1}


def _as_numbers(summary):
    rows = [*summary.rows, summary.total]
    return [
        (row.title, row.goals, row.follow_ups, row.cells()) for row in rows
    ], summary.latest_date


def test_counting_without_loading_the_plan_gives_the_same_summary_in_three_queries(
    django_assert_num_queries,
):
    # Given a plan with statuses, a goal without, and a focus area without goals
    plan = PlanFactory()
    first_area = PlanFocusAreaFactory(plan=plan, position=0)
    PlanFocusAreaFactory(plan=plan, position=1)
    third_area = PlanFocusAreaFactory(plan=plan, position=2)
    goal = GoalFactory(plan_focus_area=first_area)
    GoalFactory(plan_focus_area=first_area, parent=goal)  # a sub-goal, not followed up
    FollowUpFactory(goal=goal, status=MET)
    _assess(goal, MET, datetime.date(2025, 1, 1))
    _assess(GoalFactory(plan_focus_area=third_area), NOT_MET, datetime.date(2025, 2, 1))
    plan = Plan.objects.get(pk=plan.pk)

    # When the database counts them: the areas, the goals, their statuses
    with django_assert_num_queries(3):
        counted = plan_status_counts(plan=plan)

    # Then the summary is the one counted from the loaded plan
    assert _as_numbers(counted) == _as_numbers(
        plan_status_summary(plan=plan_detail(user=None, key=plan.key))
    )
    assert counted.total.counts == {MET: 1, NOT_MET: 1, NOT_FOLLOWED_UP: 1}
    assert [row.goals for row in counted.rows] == [2, 0, 1]


def test_counting_without_loading_agrees_on_the_demo(demo):
    for plan in Plan.objects.all():
        assert _as_numbers(plan_status_counts(plan=plan)) == _as_numbers(
            plan_status_summary(plan=plan_detail(user=None, key=plan.key))
        ), plan.key


def test_the_lead_names_the_round_it_counts():
    plan = PlanFactory()
    area = PlanFocusAreaFactory(plan=plan)
    goals = [GoalFactory(plan_focus_area=area) for _n in range(4)]
    round = FollowUpRound.objects.create(plan=plan, date=datetime.date(2026, 1, 15))
    FollowUpFactory(goal=goals[0], status=MET, date=round.date)
    _assess(goals[1], NOT_MET, datetime.date(2025, 6, 30))

    summary = with_round(plan_status_counts(plan=plan), plan=plan)

    with translation.override("da"):
        lead = summary.lead()
    assert lead.startswith("1 af 4 mål har en status")
    assert "Opfølgningsrunden 15. januar 2026 er åben: 1 af 4 mål er fulgt op i den" in lead
    round.finished_at = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    round.save()
    with translation.override("en"):
        lead = with_round(plan_status_counts(plan=plan), plan=plan).lead()
        day = long_date(round.date)
    assert f"The latest follow-up round, of {day}, followed up 1 of 4 goals." in lead
