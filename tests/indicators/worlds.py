"""Indicators in the editing world (tests/factories.py): one of the department's, measuring its
criterion "60 udlån" from 20 at the end of 2025, measured 30 and 38 in 2026."""

import datetime
from decimal import Decimal

from virkplan.indicators import services
from virkplan.indicators.models import Direction, Frequency, Indicator
from virkplan.organisation.permissions import SYSTEM_ACTOR


def make_indicator(editing, **overrides) -> Indicator:
    fields = {
        "user": SYSTEM_ACTOR,
        "unit": editing.department,
        "name": "Udlån af elcykler",
        "unit_of_measure": "udlån",
        "direction": Direction.HIGHER,
        "frequency": Frequency.QUARTERLY,
        "description": "Illustrative tal.",
    }
    fields.update(overrides)
    return services.indicator_create(**fields)


def measured_indicator(editing) -> Indicator:
    made = make_indicator(editing)
    editing.criterion.baseline_value = Decimal("20")
    editing.criterion.baseline_year = 2025
    editing.criterion.save()
    services.criterion_link(user=SYSTEM_ACTOR, criterion=editing.criterion, indicator=made)
    for on, value in ((datetime.date(2026, 3, 31), "30"), (datetime.date(2026, 6, 30), "38")):
        services.measurement_record(
            user=SYSTEM_ACTOR, indicator=made, period_start=on, value=Decimal(value)
        )
    return made
