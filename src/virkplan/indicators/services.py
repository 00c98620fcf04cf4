"""Every write to indicators, their measurements and their criteria: checked, in one
transaction, with history (a correction keeps the earlier value in the measurement's history)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from virkplan.core.data_version import atomic_write
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor, recorded_user
from virkplan.plans.models import Criterion

from . import permissions
from .models import CriterionIndicator, Indicator, Measurement, Source

MSG_NOT_ALLOWED = gettext_lazy("You do not have a role that allows this.")
MSG_CONFLICT = gettext_lazy(
    "Someone else changed this while you were editing it. Nothing of yours was saved: "
    "look at it again, then save again."
)
MSG_PERIOD_ORDER = gettext_lazy("Period end: the period cannot end before it starts.")
MSG_NO_ROWS = gettext_lazy("The file holds no measurements.")
MSG_TOO_LARGE_VALUE = gettext_lazy(
    "Value: the number is too large (at most 14 digits before the decimal mark and 4 after)."
)
MAX_VALUE = Decimal("99999999999999.9999")

INDICATOR_FIELDS = ("name", "description", "unit_of_measure", "direction", "frequency", "source")


@dataclass(frozen=True)
class MeasurementRow:
    """A measurement to record: a day (start and end the same) or a period, and its value."""

    period_start: datetime.date
    period_end: datetime.date
    value: Decimal
    note: str = ""


@dataclass(frozen=True)
class RecordSummary:
    """What recording several measurements did."""

    created: int
    corrected: int
    unchanged: int


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(str(MSG_NOT_ALLOWED))


def _save(row: models.Model, user: Actor) -> None:
    row._history_user = recorded_user(user)  # type: ignore[attr-defined]
    row.full_clean()
    row.save()


def check_row(row: MeasurementRow) -> None:
    """Refuse a measurement the database could not hold, naming the field."""
    if row.period_end < row.period_start:
        raise DomainError(str(MSG_PERIOD_ORDER))
    if abs(row.value) > MAX_VALUE:
        raise DomainError(str(MSG_TOO_LARGE_VALUE))


@atomic_write
def indicator_create(
    *,
    user: Actor,
    unit: Unit,
    name: str,
    unit_of_measure: str,
    direction: str,
    frequency: str,
    source: str = Source.ENTERED,
    description: str = "",
) -> Indicator:
    _require(permissions.can_create_indicator(user, unit.pk))
    indicator = Indicator(
        unit=unit,
        name=name.strip(),
        description=description.strip(),
        unit_of_measure=unit_of_measure.strip(),
        direction=direction,
        frequency=frequency,
        source=source,
    )
    _save(indicator, user)
    return indicator


@atomic_write
def indicator_update(
    *, user: Actor, indicator: Indicator, expected_version: int, unit: Unit | None = None, **fields
) -> Indicator:
    """Change the indicator's description; moving it to another unit takes a role on both."""
    row = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require(permissions.can_edit_indicator(user, row))
    if row.version != expected_version:
        raise EditConflict(str(MSG_CONFLICT), current=row)
    if unit is not None and unit.pk != row.unit_id:
        _require(permissions.can_create_indicator(user, unit.pk))
        row.unit = unit
    for name, value in fields.items():
        if name not in INDICATOR_FIELDS:
            raise TypeError(name)
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    row.version += 1
    _save(row, user)
    return row


def _record(
    *, user: Actor, indicator: Indicator, row: MeasurementRow, source: str
) -> tuple[Measurement, str]:
    """Record one measurement: a new period, or a correction of the period's value."""
    check_row(row)
    existing = (
        Measurement.objects.select_for_update()
        .filter(indicator=indicator, period_start=row.period_start, period_end=row.period_end)
        .first()
    )
    if existing is not None:
        if existing.value == row.value and existing.note == row.note.strip():
            return existing, "unchanged"
        existing.value = row.value
        existing.note = row.note.strip()
        existing.source = source
        existing.recorded_by = recorded_user(user)
        existing.recorded_at = timezone.now()
        existing.version += 1
        _save(existing, user)
        return existing, "corrected"
    measurement = Measurement(
        indicator=indicator,
        period_start=row.period_start,
        period_end=row.period_end,
        value=row.value,
        note=row.note.strip(),
        source=source,
        recorded_by=recorded_user(user),
        recorded_at=timezone.now(),
    )
    _save(measurement, user)
    return measurement, "created"


@atomic_write
def measurement_record(
    *,
    user: Actor,
    indicator: Indicator,
    period_start: datetime.date,
    period_end: datetime.date | None = None,
    value: Decimal,
    note: str = "",
    source: str = Source.ENTERED,
) -> tuple[Measurement, bool]:
    """Record a value for a day or period; a period already measured is corrected (the earlier
    value stays in its history). Returns the measurement and whether it is new."""
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require(permissions.can_edit_indicator(user, locked))
    row = MeasurementRow(period_start, period_end or period_start, value, note)
    measurement, outcome = _record(user=user, indicator=locked, row=row, source=source)
    return measurement, outcome == "created"


@atomic_write
def measurements_record(
    *, user: Actor, indicator: Indicator, rows: Iterable[MeasurementRow], source: str
) -> RecordSummary:
    """Record many measurements (an upload, a push) all or nothing: one refusal and none is
    stored."""
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require(permissions.can_edit_indicator(user, locked))
    rows = list(rows)
    if not rows:
        raise DomainError(str(MSG_NO_ROWS))
    outcomes = {"created": 0, "corrected": 0, "unchanged": 0}
    for row in rows:
        _measurement, outcome = _record(user=user, indicator=locked, row=row, source=source)
        outcomes[outcome] += 1
    return RecordSummary(**outcomes)


@atomic_write
def measurement_correct(
    *, user: Actor, measurement: Measurement, expected_version: int, value: Decimal, note: str
) -> Measurement:
    """Correct a measurement's value and note; the earlier ones stay in its history."""
    row = Measurement.objects.select_for_update().select_related("indicator").get(pk=measurement.pk)
    _require(permissions.can_edit_indicator(user, row.indicator))
    if row.version != expected_version:
        raise EditConflict(str(MSG_CONFLICT), current=row)
    check_row(MeasurementRow(row.period_start, row.period_end, value, note))
    row.value = value
    row.note = note.strip()
    row.recorded_by = recorded_user(user)
    row.recorded_at = timezone.now()
    row.version += 1
    _save(row, user)
    return row


@atomic_write
def criterion_link(
    *, user: Actor, criterion: Criterion, indicator: Indicator | None
) -> CriterionIndicator | None:
    """Say which indicator measures the criterion (None: none does any more)."""
    _require(permissions.can_link_criterion(user, criterion))
    existing = CriterionIndicator.objects.select_for_update().filter(criterion=criterion).first()
    if indicator is None:
        if existing is not None:
            existing._history_user = recorded_user(user)  # type: ignore[attr-defined]
            existing.delete()
        return None
    if existing is None:
        existing = CriterionIndicator(criterion=criterion, indicator=indicator)
    existing.indicator = indicator
    _save(existing, user)
    return existing
