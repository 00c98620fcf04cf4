"""Which plan a plan follows on from: the one whose follow-up its document may include."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import GoalFactory, PlanFactory, PlanFocusAreaFactory, UnitFactory
from virkplan.plans.models import Plan, PlanStatus
from virkplan.plans.selectors import SYSTEM_ACTOR, previous_plan

pytestmark = pytest.mark.django_db


def _continuing(plan: Plan, earlier: Plan, goals: int = 1) -> None:
    """Given `goals` goals of `plan` that continue goals of `earlier`."""
    area = PlanFocusAreaFactory(plan=plan)
    for _ in range(goals):
        GoalFactory(plan_focus_area=area, continues=GoalFactory(plan_focus_area__plan=earlier))


def test_the_2014_demo_plan_follows_the_former_departments_2012_2013_plan(demo) -> None:
    plan = Plan.objects.get(key="mt-2014")

    previous = previous_plan(user=AnonymousUser(), plan=plan)

    assert previous is not None
    assert previous.key == "mtf-2012-2013"
    assert previous.unit.name == "Miljø- og Teknikforvaltningen"


def test_the_earliest_demo_plan_has_none(demo) -> None:
    plan = Plan.objects.get(key="mtf-2012-2013")

    assert previous_plan(user=AnonymousUser(), plan=plan) is None


def test_the_latest_earlier_plan_of_the_unit_without_continued_goals() -> None:
    unit = UnitFactory()
    PlanFactory(unit=unit, start_year=2018, end_year=2019)
    latest = PlanFactory(unit=unit, start_year=2020, end_year=2021)
    PlanFactory(unit=unit, start_year=2022, end_year=2023)  # overlaps the plan: not earlier
    plan = PlanFactory(unit=unit, start_year=2023, end_year=2024)
    PlanFactory(start_year=2021, end_year=2021)  # another unit's plan

    assert previous_plan(user=SYSTEM_ACTOR, plan=plan) == latest


def test_a_predecessor_of_a_predecessor_counts() -> None:
    oldest, middle, unit = UnitFactory(), UnitFactory(), UnitFactory()
    oldest.successors.add(middle)
    middle.successors.add(unit)
    earlier = PlanFactory(unit=oldest, start_year=2019, end_year=2020)
    plan = PlanFactory(unit=unit, start_year=2024, end_year=2024)

    assert previous_plan(user=SYSTEM_ACTOR, plan=plan) == earlier


def test_the_plan_most_goals_continue_from_wins_over_a_later_one() -> None:
    unit = UnitFactory()
    continued = PlanFactory(start_year=2018, end_year=2019)  # another unit's plan
    later = PlanFactory(unit=unit, start_year=2020, end_year=2021)
    plan = PlanFactory(unit=unit, start_year=2022, end_year=2022)
    _continuing(plan, continued, goals=2)
    _continuing(plan, later, goals=1)

    assert previous_plan(user=SYSTEM_ACTOR, plan=plan) == continued


def test_a_plan_the_reader_may_not_see_is_passed_over() -> None:
    unit = UnitFactory()
    seen = PlanFactory(unit=unit, start_year=2018, end_year=2019)
    PlanFactory(unit=unit, start_year=2020, end_year=2021, status=PlanStatus.DRAFT)
    plan = PlanFactory(unit=unit, start_year=2022, end_year=2022)

    assert previous_plan(user=AnonymousUser(), plan=plan) == seen
    assert previous_plan(user=SYSTEM_ACTOR, plan=plan) != seen


def test_a_draft_revision_is_not_a_plan_of_its_own() -> None:
    unit = UnitFactory()
    earlier = PlanFactory(unit=unit, start_year=2018, end_year=2019)
    PlanFactory(
        unit=unit, start_year=2020, end_year=2020, status=PlanStatus.DRAFT, revision_of=earlier
    )
    plan = PlanFactory(unit=unit, start_year=2022, end_year=2022)

    assert previous_plan(user=SYSTEM_ACTOR, plan=plan) == earlier


def test_a_fixed_number_of_queries(demo, django_assert_num_queries) -> None:
    plan = Plan.objects.get(key="mt-2014")

    with django_assert_num_queries(1):
        previous_plan(user=AnonymousUser(), plan=plan)


def test_units_that_took_over_from_each_other_do_not_loop() -> None:
    first, second = UnitFactory(), UnitFactory()
    first.successors.add(second)
    second.successors.add(first)
    earlier = PlanFactory(unit=first, start_year=2019, end_year=2020)
    plan = PlanFactory(unit=second, start_year=2024, end_year=2024)

    assert previous_plan(user=SYSTEM_ACTOR, plan=plan) == earlier
