"""Rows an import writes in bulk are checked as one by one: a bad reference is refused.

The writer looks each batch's references up at once; a reference to a row
that is not stored is still refused with Django's own message, and nothing
of the plan is kept.
"""

import pytest
from django.db import transaction

from tests.factories import UnitFactory
from virkplan.core.errors import DomainError
from virkplan.organisation.models import UnitKind
from virkplan.plans.importing import FocusAreaData, GoalData, PlanData, plan_import
from virkplan.plans.models import Goal, Plan
from virkplan.plans.selectors import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


def test_a_goal_whose_responsible_unit_is_not_stored_is_refused() -> None:
    """Given a goal naming a unit id no unit has, when imported, then nothing is written."""
    unit = UnitFactory(key="afdeling", kind=UnitKind.DEPARTMENT)
    data = PlanData(
        title="Plan",
        unit=unit,
        start_year=2024,
        end_year=2024,
        focus_areas=[
            FocusAreaData(
                title="Fokus",
                goals=[
                    GoalData(statement="Et mål", responsible_unit_id=unit.pk),
                    GoalData(statement="Et andet mål", responsible_unit_id=unit.pk + 1000),
                ],
            )
        ],
    )
    with pytest.raises(DomainError) as refused, transaction.atomic():
        plan_import(user=SYSTEM_ACTOR, data=data)
    assert str(unit.pk + 1000) in refused.value.message
    assert not Plan.objects.exists()
    assert not Goal.objects.exists()
