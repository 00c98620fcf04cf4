"""The database refuses plans, goals and criteria that break the domain's rules."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.factories import CriterionFactory, GoalFactory, PlanFactory
from virkplan.plans.models import FollowUp, FollowUpStatus

pytestmark = pytest.mark.django_db


def test_a_plan_period_of_four_years_is_allowed():
    plan = PlanFactory(start_year=2024, end_year=2027)
    assert plan.period_label == "2024–2027"


@pytest.mark.parametrize(("start", "end"), [(2025, 2024), (2024, 2028)])
def test_a_plan_period_ending_before_it_starts_or_longer_than_four_years_is_refused(start, end):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(start_year=start, end_year=end)


def test_a_one_year_plan_is_labelled_with_that_year():
    assert PlanFactory(start_year=2014, end_year=2014).period_label == "2014"


def test_a_range_target_needs_an_upper_value_not_below_the_lower():
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionFactory(comparison="range", value=Decimal(120), value_max=Decimal(115))
    criterion = CriterionFactory(comparison="range", value=Decimal(115), value_max=Decimal(120))
    assert criterion.has_target


def test_a_target_comparison_needs_a_value():
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionFactory(comparison="at_least", value=None)


def test_a_goal_cannot_continue_itself():
    goal = GoalFactory()
    goal.continues = goal
    with pytest.raises(IntegrityError), transaction.atomic():
        goal.save()


def test_every_goal_gets_a_unique_key_by_default():
    first, second = GoalFactory(), GoalFactory()
    assert first.key and second.key and first.key != second.key


def test_changes_to_goals_are_recorded_in_history():
    goal = GoalFactory(statement="Vi vil noget.")
    goal.statement = "Vi vil noget andet."
    goal.save()
    assert [h.statement for h in goal.history.order_by("history_date")] == [
        "Vi vil noget.",
        "Vi vil noget andet.",
    ]


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_follow_ups_status_label_is_the_statuss_display_name(language) -> None:
    with translation.override(language):
        for status in FollowUpStatus.values:
            follow_up = FollowUp(status=status)
            assert follow_up.status_label == follow_up.get_status_display()
