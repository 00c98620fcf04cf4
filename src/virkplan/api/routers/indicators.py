"""/indicators: read indicators and their measurements, and push measurements from other
systems. Writes go through indicators.services, as the pages' do: the same roles (editors of
the owning unit), all or nothing, with history."""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import ValidationError

from virkplan.indicators import services
from virkplan.indicators.models import Indicator, Measurement, Source
from virkplan.indicators.selectors import indicators_visible_to
from virkplan.indicators.services import MeasurementRow

from ..auth import WRITE, caller
from ..pagination import PageParams, paginate
from ..responses import read_responses, write_responses
from ..schemas.common import Page
from ..schemas.fields import Key
from ..schemas.indicators import (
    IndicatorFilters,
    IndicatorOut,
    MeasurementFilters,
    MeasurementOut,
    MeasurementsIn,
    RecordedOut,
)

router = Router(tags=["indicators"])
ORDER = ("name", "id")
MEASUREMENT_ORDER = ("period_end", "period_start", "id")
IndicatorKey = Annotated[Key, Path(examples=["a1b2c3"])]


def _indicators(request: HttpRequest):
    return indicators_visible_to(user=caller(request).user).prefetch_related("criterion_links")


def _indicator_or_404(request: HttpRequest, key: str) -> Indicator:
    indicator = _indicators(request).filter(key=key).first()
    if indicator is None:
        raise Http404(_("No indicator you may see has the key “%(key)s”.") % {"key": key})
    return indicator


@router.get("", response=read_responses(Page[IndicatorOut]), summary="List indicators")
def list_indicators(
    request: HttpRequest, filters: Query[IndicatorFilters], page: Query[PageParams]
):
    indicators = _indicators(request)
    if filters.unit:
        indicators = indicators.filter(unit__key=filters.unit)
    return paginate(indicators, page, order=ORDER)


@router.get("/{key}", response=read_responses(IndicatorOut, detail=True), summary="One indicator")
def get_indicator(request: HttpRequest, key: IndicatorKey):
    return _indicator_or_404(request, key)


@router.get(
    "/{key}/measurements",
    response=read_responses(Page[MeasurementOut], detail=True),
    summary="List an indicator's measurements",
)
def list_measurements(
    request: HttpRequest,
    key: IndicatorKey,
    filters: Query[MeasurementFilters],
    page: Query[PageParams],
):
    indicator = _indicator_or_404(request, key)
    measurements = Measurement.objects.filter(indicator=indicator).select_related("indicator")
    if filters.date_from:
        measurements = measurements.filter(period_end__gte=filters.date_from)
    if filters.date_to:
        measurements = measurements.filter(period_end__lte=filters.date_to)
    return paginate(measurements, page, order=MEASUREMENT_ORDER)


@router.post(
    "/{key}/measurements",
    response=write_responses(201, RecordedOut),
    auth=WRITE,
    summary="Push measurements",
    description="Store the measurements all or nothing; a period stored already is corrected "
    "(its earlier value stays in the history). Takes an editor's role on the owning unit.",
)
def push_measurements(request: HttpRequest, key: IndicatorKey, payload: MeasurementsIn):
    indicator = _indicator_or_404(request, key)
    rows = [
        MeasurementRow(m.period_start, m.period_end or m.period_start, m.value, m.note)
        for m in payload.measurements
    ]
    seen: dict[tuple, int] = {}
    for index, row in enumerate(rows):
        period = (row.period_start, row.period_end)
        if period in seen:
            message = _("the period is also measurement %(other)s.") % {"other": seen[period]}
            error = {
                "loc": ("body", "payload", "measurements", index, "period_start"),
                "type": "value_error",
                "ctx": {"error": message},
            }
            raise ValidationError([error])
        seen[period] = index
    summary = services.measurements_record(
        user=caller(request).user, indicator=indicator, rows=rows, source=Source.PUSHED
    )
    return Status(201, summary)
