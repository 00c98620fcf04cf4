"""The editing world's measured indicator, for the tests of indicators."""

import pytest

from virkplan.indicators.models import Indicator

from .worlds import measured_indicator


@pytest.fixture
def indicator(editing) -> Indicator:
    return measured_indicator(editing)
