"""Form fields for numbers and years as people in Denmark type them.

"9.187" is nine thousand one hundred and eighty-seven, "3,79" has a decimal
comma; English pages read numbers the English way. Django's localized
DecimalField strips grouping marks only when USE_THOUSAND_SEPARATOR is on
and then reads "9.187" as 9.187; these fields read what was meant.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from virkplan.core.display import number

FIRST_YEAR = 1900
LAST_YEAR = 2100

MSG_NOT_A_NUMBER = _("Write a number, such as 9.187 or 3,79.")


def _input(css: str, mode: str) -> forms.TextInput:
    return forms.TextInput(attrs={"class": css, "inputmode": mode, "autocomplete": "off"})


def parse_decimal(text: str) -> Decimal:
    """A number as a person types it in the active language: "9.187", "3,79", "9.187,5".

    The language's decimal mark is the decimal mark; its grouping mark groups
    thousands (and must then group them in threes). A lone grouping mark that
    does not group thousands ("3.79" in Danish) is read as a decimal mark, as
    people also write it. It reads back whatever virkplan.core.display.number
    writes, thousands grouped or not. Raises ValueError when the text is not a number.
    """
    decimal_mark = get_format("DECIMAL_SEPARATOR")
    group_mark = get_format("THOUSAND_SEPARATOR")
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    sign = ""
    if text and text[0] in "+-−":
        sign = "-" if text[0] in "-−" else ""
        text = text[1:]
    if not text or not re.fullmatch(r"[\d.,]+", text):
        raise ValueError(text)
    marks = [c for c in text if c in ".,"]
    if len(set(marks)) == 2:
        decimal_mark = marks[-1]
        group_mark = "," if decimal_mark == "." else "."
    elif marks and marks[0] != decimal_mark:
        grouped = re.fullmatch(rf"\d{{1,3}}(?:{re.escape(marks[0])}\d{{3}})+", text)
        if grouped is None and len(marks) == 1:
            decimal_mark, group_mark = marks[0], ""
        else:
            group_mark = marks[0]
    whole, _mark, fraction = text.partition(decimal_mark)
    if group_mark:
        if group_mark in whole and not re.fullmatch(
            rf"\d{{1,3}}(?:{re.escape(group_mark)}\d{{3}})+", whole
        ):
            raise ValueError(text)
        whole = whole.replace(group_mark, "")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(text)
    try:
        return Decimal(f"{sign}{whole}.{fraction or 0}")
    except InvalidOperation as exc:
        raise ValueError(text) from exc


class LocalDecimalField(forms.DecimalField):
    """A decimal typed the way the reader writes numbers (Danish: comma for decimals)."""

    default_error_messages = {"invalid": MSG_NOT_A_NUMBER}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", _input("form-input", "decimal"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def prepare_value(self, value: Any) -> Any:
        # As it is typed back: 3,79 and 9187 in Danish, no trailing zeros.
        if isinstance(value, Decimal):
            return number(value, grouping=False)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # DecimalField would add min/max/step for a number input; this is a text input.
        return {}


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        kwargs.setdefault("widget", _input("form-input input-width-xs", "numeric"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}


class QuickSelect(forms.Select):
    """A list of choices drawn without a template, as Django's own template draws it.

    The round's page draws two status lists for each of its goals; through the widget
    templates they took a third of its time. Only for flat lists (no groups).
    """

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        chosen = set(self.format_value(value))
        options = [
            f'<option value="{escape(choice)}"'
            f"{' selected' if str(choice) in chosen else ''}>{escape(label)}</option>"
            for choice, label in self.choices
        ]
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # The name, the attributes and every option are escaped above.
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{"".join(options)}</select>')


def year_filter_field(**options: Any) -> forms.TypedChoiceField:
    """A filter's list of years (the search's and the overview's): none chosen is None, and
    the years are the form's to give, as `(year, str(year))` pairs."""
    return forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        widget=QuickSelect,
        **options,
    )
