"""Pairing criteria with follow-ups, goal trees and visibility of plans."""

import pytest
from django.contrib.auth.models import AnonymousUser, User

from tests.factories import (
    CriterionFactory,
    FollowUpFactory,
    GoalFactory,
    PlanFactory,
    PlanFocusAreaFactory,
)
from virkplan.organisation.models import Role, RoleGrant
from virkplan.plans.models import PlanStatus
from virkplan.plans.selectors import goal_lineage, plan_detail, plan_goals, plans_visible_to

pytestmark = pytest.mark.django_db


def _goal_with(criteria: int):
    goal = GoalFactory()
    return goal, [CriterionFactory(goal=goal, position=n) for n in range(criteria)]


def _rows(goal):
    plan = plan_detail(user=None, key=goal.plan_focus_area.plan.key)
    loaded = next(g for g in plan_goals(plan=plan) if g.pk == goal.pk)
    return [
        ([c.text for c in row.criteria], [f.text for f in row.follow_ups])
        for row in loaded.followup_rows
    ]


def test_each_follow_up_sits_beside_the_criterion_it_answers():
    goal, (first, second) = _goal_with(2)
    answer_second = FollowUpFactory(goal=goal, position=0)
    answer_second.criteria.set([second])
    answer_first = FollowUpFactory(goal=goal, position=1)
    answer_first.criteria.set([first])
    assert _rows(goal) == [
        ([first.text], [answer_first.text]),
        ([second.text], [answer_second.text]),
    ]


def test_a_follow_up_about_two_criteria_joins_them_in_one_row():
    goal, (first, second, third) = _goal_with(3)
    both = FollowUpFactory(goal=goal)
    both.criteria.set([first, third])
    assert _rows(goal) == [
        ([first.text, third.text], [both.text]),
        ([second.text], []),
    ]


def test_follow_ups_about_the_goal_as_a_whole_come_last():
    goal, (first,) = _goal_with(1)
    whole = FollowUpFactory(goal=goal)
    assert _rows(goal) == [([first.text], []), ([], [whole.text])]


def test_sub_goals_are_nested_under_their_parent_in_order():
    area = PlanFocusAreaFactory()
    parent = GoalFactory(plan_focus_area=area, position=0, ref="2")
    second = GoalFactory(plan_focus_area=area, parent=parent, position=1, ref="2.2")
    first = GoalFactory(plan_focus_area=area, parent=parent, position=0, ref="2.1")
    plan = plan_detail(user=None, key=area.plan.key)
    (loaded_area,) = plan.plan_focus_areas.all()
    assert [g.ref for g in loaded_area.top_goals] == ["2"]
    assert [g.ref for g in loaded_area.top_goals[0].subgoal_list] == ["2.1", "2.2"]
    assert [g.pk for g in plan_goals(plan=plan)] == [parent.pk, first.pk, second.pk]


@pytest.mark.parametrize(
    ("status", "anonymous_sees"),
    [
        (PlanStatus.DRAFT, False),
        (PlanStatus.SUBMITTED, False),
        (PlanStatus.APPROVED, False),
        (PlanStatus.PUBLISHED, True),
        (PlanStatus.ARCHIVED, True),
    ],
)
def test_only_published_and_archived_plans_are_public(status, anonymous_sees):
    plan = PlanFactory(status=status)
    reader = User.objects.create_user("laeser")
    RoleGrant.objects.create(user=reader, unit=plan.unit, role=Role.READER)
    stranger = User.objects.create_user("fremmed")
    assert (plan in plans_visible_to(user=AnonymousUser())) is anonymous_sees
    assert (plan in plans_visible_to(user=stranger)) is anonymous_sees
    assert plan in plans_visible_to(user=reader)


def test_a_goal_history_follows_continuations_both_ways_and_hides_unpublished_plans():
    oldest = GoalFactory(
        plan_focus_area__plan__start_year=2020, plan_focus_area__plan__end_year=2021
    )
    middle = GoalFactory(
        continues=oldest,
        plan_focus_area__plan__start_year=2022,
        plan_focus_area__plan__end_year=2023,
    )
    newest = GoalFactory(
        continues=middle,
        plan_focus_area__plan__start_year=2024,
        plan_focus_area__plan__end_year=2024,
    )
    draft = GoalFactory(
        continues=newest,
        plan_focus_area__plan__status=PlanStatus.DRAFT,
        plan_focus_area__plan__start_year=2025,
        plan_focus_area__plan__end_year=2025,
    )
    assert goal_lineage(user=None, goal=middle) == [oldest, middle, newest]
    reader = User.objects.create_user("laeser")
    RoleGrant.objects.create(user=reader, unit=draft.plan_focus_area.plan.unit, role=Role.READER)
    assert goal_lineage(user=reader, goal=oldest) == [oldest, middle, newest, draft]
