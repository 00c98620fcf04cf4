"""The rules of a plan's period and of a criterion's target, in one place.

The forms, the services and the importer all ask these functions, so a rule
cannot hold on one path and not on another; each problem names the field it is
about, for the form to show beside it and the importer to report by its path.
The database's check constraints (plans.models) hold the two that can be
written as constraints.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAX_PERIOD_YEARS = 4
"""The longest period a plan covers, in years."""
TARGET_FIELDS = (
    "comparison",
    "value",
    "value_max",
    "unit_of_measure",
    "baseline_value",
    "baseline_year",
    "target_year",
    "target_date",
)
"""A criterion's quantitative target, field by field (plans.models.Criterion)."""
RANGE = "range"
"""The comparison (plans.models.Comparison.RANGE) that has an upper value."""

MSG_PERIOD_ORDER = _("The last year cannot be before the first year.")
MSG_PERIOD_LENGTH = _("A plan covers at most %(years)s years.")
MSG_VALUE_NEEDED = _("Give the target value.")
MSG_COMPARISON_NEEDED = _("Choose how the target value is to be read, or remove the value.")
MSG_UPPER_NEEDED = _("A range needs an upper value.")
MSG_UPPER_TOO_SMALL = _("The upper value must be at least the target value.")
MSG_UPPER_ONLY_FOR_RANGE = _("Only a range has an upper value; choose “range” or remove it.")
MSG_BASELINE_VALUE_NEEDED = _("Give the baseline value for the baseline year.")
MSG_YEAR_OR_DATE = _("Give a target year or a target date, not both.")


@dataclass(frozen=True)
class Problem:
    """A rule broken: the field it is about and what to do, in the user's language."""

    field: str
    message: str


def _problem(field: str, message: Promise, **values: object) -> Problem:
    text = str(message)
    return Problem(field, text % values if values else text)


def period_problems(start_year: int, end_year: int) -> list[Problem]:
    """A period ends no earlier than it starts and covers at most MAX_PERIOD_YEARS years."""
    if end_year < start_year:
        return [_problem("end_year", MSG_PERIOD_ORDER)]
    if end_year - start_year >= MAX_PERIOD_YEARS:
        return [_problem("end_year", MSG_PERIOD_LENGTH, years=MAX_PERIOD_YEARS)]
    return []


def target_problems(
    *,
    comparison: str = "",
    value: Decimal | None = None,
    value_max: Decimal | None = None,
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    target_year: int | None = None,
    target_date: date | None = None,
    missing: frozenset[str] = frozenset(),
) -> list[Problem]:
    """A criterion's quantitative target, whole or absent.

    `missing` names fields the caller already found wrong (a form's unreadable number),
    so they are not reported a second time as absent.
    """
    problems = []
    if comparison and value is None and "value" not in missing:
        problems.append(_problem("value", MSG_VALUE_NEEDED))
    if not comparison and value is not None:
        problems.append(_problem("comparison", MSG_COMPARISON_NEEDED))
    if comparison == RANGE:
        if value_max is None and "value_max" not in missing:
            problems.append(_problem("value_max", MSG_UPPER_NEEDED))
        elif value_max is not None and value is not None and value_max < value:
            problems.append(_problem("value_max", MSG_UPPER_TOO_SMALL))
    elif value_max is not None:
        problems.append(_problem("value_max", MSG_UPPER_ONLY_FOR_RANGE))
    if baseline_year is not None and baseline_value is None:
        problems.append(_problem("baseline_value", MSG_BASELINE_VALUE_NEEDED))
    if target_year is not None and target_date is not None:
        problems.append(_problem("target_date", MSG_YEAR_OR_DATE))
    return problems


def as_validation_error(problems: list[Problem]) -> ValidationError:
    """The problems as a model's or form's ValidationError, by field."""
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(problem.message)
    return ValidationError(by_field)
