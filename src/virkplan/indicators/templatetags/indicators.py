"""Template helpers for indicators: a goal's charts from the charts by goal id."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def charts_of(charts: dict[int, list[Any]] | None, goal: Any) -> list[Any]:
    """The charts of the goal's criteria measured by indicators (indicators.charts)."""
    if not charts:
        return []
    return charts.get(goal.pk, [])
