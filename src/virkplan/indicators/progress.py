"""How far a criterion measured by an indicator has come: the latest value against the path
from its baseline to its target, the expected value falling on a straight line between the
start and the end of its period."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from virkplan.plans.models import Comparison, Criterion

from .models import Direction, Indicator, Measurement


@dataclass(frozen=True)
class TargetPath:
    """From the baseline at `start` to the target at `end`, in a straight line."""

    start: datetime.date
    end: datetime.date
    baseline: Decimal
    target: Decimal

    def expected(self, on: datetime.date) -> Decimal:
        """The value the path expects on a day (the baseline before it, the target after)."""
        span = (self.end - self.start).days
        if span <= 0 or on >= self.end:
            return self.target
        if on <= self.start:
            return self.baseline
        share = Decimal((on - self.start).days) / Decimal(span)
        return self.baseline + (self.target - self.baseline) * share


@dataclass(frozen=True)
class Progress:
    """A criterion's indicator, its latest measurement and how far it has come."""

    criterion: Criterion
    indicator: Indicator
    latest: Measurement | None
    path: TargetPath | None
    percent: int | None
    expected: Decimal | None
    on_track: bool | None
    reached: bool
    measurements: list[Measurement]


def _better_or_equal(value: Decimal, than: Decimal, direction: str) -> bool:
    return value <= than if direction == Direction.LOWER else value >= than


def target_value(criterion: Criterion, direction: str) -> Decimal | None:
    """The number the criterion aims at; of a range, the edge nearest the worse side."""
    if criterion.value is None:
        return None
    if criterion.comparison == Comparison.RANGE and criterion.value_max is not None:
        return criterion.value_max if direction == Direction.LOWER else criterion.value
    return criterion.value


def path_of(
    criterion: Criterion, indicator: Indicator, measurements: list[Measurement]
) -> TargetPath | None:
    """The criterion's path, dated by its baseline year and target date or year, else by its
    plan's period; with no baseline value, the first measurement is the baseline."""
    target = target_value(criterion, indicator.direction)
    if target is None:
        return None
    plan = criterion.goal.plan_focus_area.plan
    if criterion.baseline_year:
        start = datetime.date(criterion.baseline_year, 12, 31)
    else:
        start = datetime.date(plan.start_year, 1, 1)
    end = criterion.target_date or datetime.date(criterion.target_year or plan.end_year, 12, 31)
    baseline = criterion.baseline_value
    if baseline is None:
        before = [m for m in measurements if m.period_end <= start]
        chosen = before[-1] if before else (measurements[0] if measurements else None)
        if chosen is None:
            return None
        baseline = chosen.value
        if not before:
            start = chosen.period_end
    if end < start:
        end = start
    return TargetPath(start=start, end=end, baseline=baseline, target=target)


def progress_of(
    criterion: Criterion, indicator: Indicator, measurements: list[Measurement]
) -> Progress:
    """The progress of a criterion from the indicator's measurements (in date order)."""
    latest = measurements[-1] if measurements else None
    path = path_of(criterion, indicator, measurements)
    percent = expected = on_track = None
    reached = False
    if path is not None and latest is not None:
        direction = indicator.direction
        reached = _better_or_equal(latest.value, path.target, direction)
        distance = path.target - path.baseline
        if distance == 0:
            percent = 100 if reached else 0
        else:
            share = (latest.value - path.baseline) / distance * 100
            percent = int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        expected = path.expected(latest.period_end).quantize(Decimal("0.01"))
        on_track = reached or _better_or_equal(latest.value, expected, direction)
    return Progress(
        criterion=criterion,
        indicator=indicator,
        latest=latest,
        path=path,
        percent=percent,
        expected=expected,
        on_track=on_track,
        reached=reached,
        measurements=measurements,
    )
