"""`virkplan load_scale_demo` loads plans shaped like a municipality's, the same for the same seed,
and only into a database without plans."""

import io
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from virkplan.demo.scale import organisation
from virkplan.demo.scale_plans import LAST_YEAR, PlanMaker
from virkplan.organisation.models import Unit
from virkplan.plans.models import (
    Criterion,
    FocusArea,
    FollowUp,
    FollowUpRound,
    Goal,
    Plan,
    PlanEvent,
    PlanStatus,
)

# Each test in a transaction of its own inside the module's (and pytest-django sets up the test
# database even when these are the only tests run).
pytestmark = pytest.mark.django_db

# The smallest organisation, three years: a dozen plans of the full set's shape.
ARGS = ("--size", "tiny", "--years", "3", "--seed", "7")


def fingerprint() -> tuple[Any, ...]:
    """What a reader sees of the stored set: plans, goals, criteria and follow-ups in order."""
    return (
        tuple(Unit.objects.order_by("key").values_list("key", "name", "parent__key")),
        tuple(Plan.objects.order_by("key").values_list("key", "title", "status")),
        tuple(Goal.objects.order_by("key").values_list("key", "statement", "continues__key")),
        tuple(Criterion.objects.order_by("goal__key", "position").values_list("text", "value")),
        tuple(
            FollowUp.objects.order_by("goal__key", "position").values_list("text", "status", "date")
        ),
    )


def _load() -> tuple[str, tuple[Any, ...]]:
    out = io.StringIO()
    with translation.override("en"):
        call_command("load_scale_demo", *ARGS, verbosity=0, stdout=out)
    return out.getvalue(), fingerprint()


class _RollBack(Exception):
    pass


@pytest.fixture(scope="module")
def scale_set(django_db_setup, django_db_blocker) -> Iterator[tuple[str, tuple, tuple]]:
    """The set loaded twice with one seed: the first load's fingerprint, then the second load
    kept for the module's tests to read (one transaction, rolled back after them)."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                _output, first = _load()
                raise _RollBack
        except _RollBack:
            pass
        with transaction.atomic():
            output, second = _load()
            yield output, first, second
            transaction.set_rollback(True)


def reported(output: str, what: str) -> int:
    found = re.search(rf"(\d+) {what}", output)
    assert found is not None, output
    return int(found.group(1))


def test_it_reports_what_it_stored(scale_set):
    output, _first, _again = scale_set
    assert reported(output, "units") == Unit.objects.count() >= 5
    assert reported(output, "plans") == Plan.objects.count() >= 12
    assert reported(output, "goals") == Goal.objects.count()
    assert reported(output, "success criteria") == Criterion.objects.count()
    assert reported(output, "follow-ups") == FollowUp.objects.count()
    assert reported(output, "follow-up rounds") == FollowUpRound.objects.count()


def test_plans_have_the_shape_of_real_ones(scale_set):
    plans, goals = Plan.objects.count(), Goal.objects.count()
    assert 15 <= goals / plans <= 28, "about 20 goals a plan"
    assert Goal.objects.filter(parent__isnull=False).exists(), "some goals have sub-goals"
    assert 4 <= Criterion.objects.count() / goals <= 6, "about 5 criteria a goal"
    shared = FocusArea.objects.filter(group="political").first()
    assert shared is not None and shared.plan_focus_areas.count() > 1, "shared focus areas"


def test_goals_carry_on_the_previous_plan_of_their_unit(scale_set):
    continued = Goal.objects.filter(continues__isnull=False).select_related(
        "plan_focus_area__plan__unit", "continues__plan_focus_area__plan__unit"
    )
    assert continued.count() > Goal.objects.count() / 6
    for goal in continued:
        plan, earlier = goal.plan_focus_area.plan, goal.continues.plan_focus_area.plan
        assert earlier.end_year == plan.start_year - 1
        assert earlier.unit == plan.unit or earlier.unit.successors.filter(pk=plan.unit.pk).exists()
    # The first goal of a current plan has been carried on since the first year.
    first = Goal.objects.filter(plan_focus_area__plan__start_year=LAST_YEAR, ref="1").first()
    chain = 0
    while first is not None:
        chain, first = chain + 1, first.continues
    assert chain == 3


def test_plans_are_in_many_statuses_with_their_workflow_steps(scale_set):
    statuses = set(Plan.objects.values_list("status", flat=True))
    assert PlanStatus.PUBLISHED in statuses
    assert len(statuses) >= 3
    assert not Plan.objects.filter(end_year__lt=LAST_YEAR, status=PlanStatus.DRAFT).exists()
    events = PlanEvent.objects.filter(plan__status__in=[PlanStatus.PUBLISHED, PlanStatus.SUBMITTED])
    assert events.count() >= Plan.objects.filter(status=PlanStatus.PUBLISHED).count()


def test_every_plan_is_searchable_as_loaded(scale_set):
    from virkplan.plans.models import PlanFocusArea, SearchDocument, SearchKind

    expected = {
        SearchKind.PLAN: Plan.objects.count(),
        SearchKind.FOCUS_AREA: PlanFocusArea.objects.count(),
        SearchKind.GOAL: Goal.objects.count(),
        SearchKind.CRITERION: Criterion.objects.count(),
        SearchKind.FOLLOW_UP: FollowUp.objects.count(),
    }
    indexed = {kind: SearchDocument.objects.filter(kind=kind).count() for kind in expected}
    assert indexed == expected
    goal = Goal.objects.order_by("key").first()
    assert SearchDocument.objects.get(kind=SearchKind.GOAL, object_id=goal.pk).title == (
        goal.statement
    )
    # ... and a search for the goal's words finds it (on PostgreSQL through the full-text
    # index the load builds at its end)
    from virkplan.plans.search.selectors import SearchFilters, search
    from virkplan.plans.selectors import SYSTEM_ACTOR

    results = search(
        user=SYSTEM_ACTOR,
        query=goal.statement,
        filters=SearchFilters(kind=SearchKind.GOAL, year=goal.plan_focus_area.plan.start_year),
    )
    assert goal.pk in {hit.document.object_id for hit in results.hits}


def test_the_same_seed_loads_the_same_data_set(scale_set):
    _output, first, again = scale_set
    assert again == first


def test_another_seed_makes_other_plans():
    units = {unit.key: unit for unit in organisation(0.02)}
    statements = []
    for seed in (1, 2):
        maker = PlanMaker(rng=random.Random(seed), units=units, municipality_pk=0)
        unit = list(units.values())[1]
        plan = maker.plan(unit, LAST_YEAR, LAST_YEAR, stored=Unit(key=unit.key)).data
        statements.append([goal.statement for fa in plan.focus_areas for goal in fa.goals])
    assert statements[0] != statements[1]
