"""Numbers and quantitative targets as readers read them, in the active language.

Danish: 9.187 and 3,79; English: 9,187 and 3.79. A stored decimal shows
as many decimals as it has, without the trailing zeros the database keeps
(9187.0000 is 9.187).
"""

from datetime import date
from decimal import Decimal
from typing import Protocol

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext as _

Number = Decimal | int | float


def plain_decimal(value: Decimal) -> Decimal:
    """A stored decimal without its trailing zeros: 9187, not 9187.0000; 3.79, not 3.7900."""
    if not value.is_finite():
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def decimal_places(value: Decimal) -> int:
    """How many decimals the value has once its trailing zeros are gone: 2 for 3.7900."""
    exponent = plain_decimal(value).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number(value: Number | None, *, grouping: bool = True) -> str:
    """A number in the active language: 9.187 and 3,79 in Danish, 9,187 and 3.79 in English.

    With `grouping` off, thousands are not grouped (9187): how a form field
    shows a stored number for editing. Either way the form field reads the
    text back as the same number (web.fields.parse_decimal). None is "".
    """
    if value is None:
        return ""
    places = None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        value = plain_decimal(value)
        places = decimal_places(value)
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=places,
        grouping=get_format("NUMBER_GROUPING") if grouping else 0,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=grouping,
    )


class Target(Protocol):
    """The fields of a success criterion (plans.Criterion) that make up its target."""

    comparison: str
    value: Decimal | None
    value_max: Decimal | None
    unit_of_measure: str
    target_date: date | None
    target_year: int | None
    baseline_value: Decimal | None
    baseline_year: int | None


def target(criterion: Target) -> str:
    """A criterion's quantitative target in words: "mindst 75 %", "115–120 MWh", "" if none.

    Pages, the PDF, Word and the spreadsheets print it after the label
    "Target:" (Danish "Måltal:").
    """
    if not criterion.comparison:
        return ""
    unit = f" {criterion.unit_of_measure}" if criterion.unit_of_measure else ""
    value = number(criterion.value)
    if criterion.comparison == "range":
        text = f"{value}–{number(criterion.value_max)}{unit}"
    else:
        prefix = {
            "exact": "",
            "at_least": _("at least"),
            "at_most": _("at most"),
            "approximately": _("approximately"),
        }[criterion.comparison]
        text = f"{prefix} {value}{unit}".strip()
    if criterion.target_date:
        text += " " + _("by %(date)s") % {"date": criterion.target_date.strftime("%d.%m.%Y")}
    elif criterion.target_year:
        text += " " + _("in %(year)s") % {"year": criterion.target_year}
    if criterion.baseline_value is not None:
        baseline = {"value": number(criterion.baseline_value), "unit": unit}
        if criterion.baseline_year:
            text += " " + _("(baseline %(value)s%(unit)s in %(year)s)") % {
                **baseline,
                "year": criterion.baseline_year,
            }
        else:
            # A baseline without its year (an imported plan may not say) is printed without one.
            text += " " + _("(baseline %(value)s%(unit)s)") % baseline
    return text
