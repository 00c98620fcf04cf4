"""Indicators and measurements are written through services, with roles and history."""

import datetime
from decimal import Decimal

import pytest

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.indicators import services
from virkplan.indicators.models import CriterionIndicator, Measurement, Source
from virkplan.indicators.services import MSG_PERIOD_ORDER, MeasurementRow

from .worlds import make_indicator

Q1 = datetime.date(2026, 3, 31)


def test_an_editor_of_the_unit_creates_an_indicator_and_others_may_not(editing):
    indicator = make_indicator(editing, user=editing.users["editor"])
    assert indicator.unit == editing.department
    assert indicator.history.count() == 1
    for who in ("reader", "forsyning", "by_miljoe"):
        with pytest.raises(NotAllowed):
            make_indicator(editing, user=editing.users[who])


def test_an_editor_of_a_unit_under_it_may_not_change_the_department_s_indicator(editing):
    indicator = make_indicator(editing)
    with pytest.raises(NotAllowed):
        services.measurement_record(
            user=editing.users["forsyning"], indicator=indicator, period_start=Q1, value=Decimal(1)
        )
    assert not Measurement.objects.exists()


def test_a_correction_keeps_the_earlier_value_in_the_history(editing):
    indicator = make_indicator(editing)
    editor = editing.users["editor"]
    measurement, created = services.measurement_record(
        user=editor, indicator=indicator, period_start=Q1, value=Decimal("41.5"), note="Første"
    )
    assert created and measurement.period_end == Q1 and measurement.recorded_by == editor
    corrected = services.measurement_correct(
        user=editor,
        measurement=measurement,
        expected_version=1,
        value=Decimal("42"),
        note="Rettet efter optælling",
    )
    assert corrected.value == Decimal("42") and corrected.version == 2
    values = [h.value for h in measurement.history.order_by("history_id")]
    assert values == [Decimal("41.5"), Decimal("42")]
    assert measurement.history.order_by("history_id").last().history_user == editor


def test_a_correction_from_an_old_page_is_refused(editing):
    indicator = make_indicator(editing)
    measurement, _ = services.measurement_record(
        user=editing.users["editor"], indicator=indicator, period_start=Q1, value=Decimal(1)
    )
    services.measurement_correct(
        user=editing.users["editor"],
        measurement=measurement,
        expected_version=1,
        value=Decimal(2),
        note="",
    )
    with pytest.raises(EditConflict):
        services.measurement_correct(
            user=editing.users["editor"],
            measurement=measurement,
            expected_version=1,
            value=Decimal(3),
            note="",
        )
    measurement.refresh_from_db()
    assert measurement.value == Decimal(2)


def test_recording_a_period_measured_already_corrects_it(editing):
    indicator = make_indicator(editing)
    services.measurement_record(
        user=editing.users["editor"], indicator=indicator, period_start=Q1, value=Decimal(1)
    )
    measurement, created = services.measurement_record(
        user=editing.users["editor"], indicator=indicator, period_start=Q1, value=Decimal(5)
    )
    assert not created and measurement.value == Decimal(5)
    assert Measurement.objects.count() == 1


def test_many_measurements_are_recorded_all_or_nothing(editing):
    indicator = make_indicator(editing)
    good = MeasurementRow(Q1, Q1, Decimal(1))
    backwards = MeasurementRow(Q1, Q1 - datetime.timedelta(days=1), Decimal(2))
    with pytest.raises(DomainError) as refused:
        services.measurements_record(
            user=editing.users["editor"],
            indicator=indicator,
            rows=[good, backwards],
            source=Source.UPLOADED,
        )
    assert refused.value.message == str(MSG_PERIOD_ORDER)
    assert not Measurement.objects.exists()
    summary = services.measurements_record(
        user=editing.users["editor"], indicator=indicator, rows=[good], source=Source.UPLOADED
    )
    assert (summary.created, summary.corrected) == (1, 0)
    assert Measurement.objects.get().source == Source.UPLOADED


def test_the_plan_s_editors_link_a_criterion_and_a_unit_below_may_not(editing):
    indicator = make_indicator(editing)
    with pytest.raises(NotAllowed):
        services.criterion_link(
            user=editing.users["by_miljoe"], criterion=editing.criterion, indicator=indicator
        )
    services.criterion_link(
        user=editing.users["editor"], criterion=editing.criterion, indicator=indicator
    )
    assert CriterionIndicator.objects.get().indicator == indicator
    services.criterion_link(
        user=editing.users["editor"], criterion=editing.criterion, indicator=None
    )
    assert not CriterionIndicator.objects.exists()


def test_an_indicator_is_changed_with_a_version_check(editing):
    indicator = make_indicator(editing)
    changed = services.indicator_update(
        user=editing.users["editor"], indicator=indicator, expected_version=1, name="Udlån"
    )
    assert changed.name == "Udlån" and changed.version == 2
    with pytest.raises(EditConflict):
        services.indicator_update(
            user=editing.users["editor"], indicator=indicator, expected_version=1, name="X"
        )
