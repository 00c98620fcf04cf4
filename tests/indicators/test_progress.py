"""A criterion's progress: from its baseline to its target, respecting the direction."""

import datetime
from decimal import Decimal

from virkplan.indicators import services
from virkplan.indicators.models import Direction
from virkplan.indicators.selectors import criteria_progress
from virkplan.organisation.permissions import SYSTEM_ACTOR

from .worlds import make_indicator


def test_progress_from_baseline_to_target_and_on_track(editing, indicator):
    # Given "at least 60" from 20 at the end of 2025 to the end of 2026, measured 38 on 30 June
    progress = criteria_progress([editing.criterion])[editing.criterion.pk]
    # Then it is 45 % of the way, and the path expects about 39.8 then: behind
    assert progress.latest.value == Decimal("38")
    assert progress.percent == 45
    assert progress.expected == Decimal("39.84")
    assert progress.on_track is False and not progress.reached


def test_lower_is_better_counts_a_fall_as_progress(editing):
    criterion = editing.criterion
    criterion.comparison, criterion.value = "at_most", Decimal("80")
    criterion.baseline_value, criterion.baseline_year = Decimal("100"), 2025
    criterion.save()
    indicator = make_indicator(editing, direction=Direction.LOWER, unit_of_measure="MWh")
    services.criterion_link(user=SYSTEM_ACTOR, criterion=criterion, indicator=indicator)
    services.measurement_record(
        user=SYSTEM_ACTOR,
        indicator=indicator,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        value=Decimal("85"),
    )
    progress = criteria_progress([criterion])[criterion.pk]
    assert progress.percent == 75
    assert progress.on_track is True and not progress.reached
    services.measurement_record(
        user=SYSTEM_ACTOR,
        indicator=indicator,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        value=Decimal("79"),
    )
    progress = criteria_progress([criterion])[criterion.pk]
    assert progress.reached and progress.percent == 105
