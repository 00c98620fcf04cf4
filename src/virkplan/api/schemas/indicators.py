"""Indicators (nøgletal) and their measurements."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

from virkplan.indicators.models import Direction, Frequency, Indicator, Measurement, Source
from virkplan.interchange.selectors import json_number

from .fields import Key, storable

Number = int | float
Note = Annotated[str, StringConstraints(max_length=2000), AfterValidator(storable)]
Value = Annotated[
    Decimal,
    Field(
        max_digits=18,
        decimal_places=4,
        ge=Decimal("-99999999999999.9999"),
        le=Decimal("99999999999999.9999"),
        description="The measured number: at most 14 digits before the decimal mark, 4 after.",
    ),
]
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))]


class IndicatorOut(Schema):
    """An indicator: what is measured, in which unit, by whom, and which way is better."""

    key: str
    name: str
    description: str
    unit_of_measure: str
    direction: Direction
    unit: str = Field(description="The owning unit's key.")
    source: Source
    frequency: Frequency
    criteria: list[int] = Field(description="Ids of the success criteria it measures.")
    version: int

    @staticmethod
    def resolve_unit(indicator: Indicator) -> str:
        return indicator.unit.key

    @staticmethod
    def resolve_criteria(indicator: Indicator) -> list[int]:
        return [link.criterion_id for link in indicator.criterion_links.all()]


class IndicatorFilters(Schema):
    unit: Key | None = Field(None, description="Only this unit's indicators.")


class MeasurementOut(Schema):
    """A value for a day (start and end the same) or a period."""

    id: int
    indicator: str = Field(description="The indicator's key.")
    period_start: dt.date
    period_end: dt.date
    value: Number
    note: str
    source: Source
    recorded_at: dt.datetime
    version: int

    @staticmethod
    def resolve_indicator(measurement: Measurement) -> str:
        return measurement.indicator.key

    @staticmethod
    def resolve_value(measurement: Measurement) -> Number:
        value = json_number(measurement.value)
        assert value is not None
        return value


class MeasurementFilters(Schema):
    date_from: dt.date | None = Field(None, description="Only periods ending on or after.")
    date_to: dt.date | None = Field(None, description="Only periods ending on or before.")


class MeasurementIn(Schema):
    """A measurement: a day, or a period from `period_start` to `period_end`."""

    model_config = ConfigDict(extra="forbid")

    period_start: Day = Field(description="The day measured, or the period's first day.")
    period_end: Day | None = Field(None, description="The period's last day; left out: a day.")
    value: Value
    note: Note = ""

    @model_validator(mode="after")
    def _period_in_order(self) -> "MeasurementIn":
        if self.period_end is not None and self.period_end < self.period_start:
            raise ValueError(_("the period cannot end before it starts."))
        return self


class MeasurementsIn(Schema):
    """Measurements to store all or nothing; a period stored already is corrected."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "measurements": [
                        {"period_start": "2014-01-01", "period_end": "2014-03-31", "value": 12.5}
                    ]
                }
            ]
        },
    )

    measurements: list[MeasurementIn] = Field(min_length=1, max_length=1000)


class RecordedOut(Schema):
    """What the push did: how many measurements are new, corrected, or were stored as sent."""

    created: int
    corrected: int
    unchanged: int
