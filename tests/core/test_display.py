"""Numbers and targets as readers read them, and the texts' language, in Danish and English."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from virkplan.core.display import (
    content_lang_attribute,
    decimal_places,
    long_date,
    number,
    plain_decimal,
    target,
)
from virkplan.plans.models import Criterion


@pytest.mark.parametrize(
    ("value", "danish", "english"),
    [
        (Decimal("9187.0000"), "9.187", "9,187"),
        (Decimal("3.7900"), "3,79", "3.79"),
        (Decimal("75"), "75", "75"),
        (Decimal("2000"), "2.000", "2,000"),
        (Decimal("-1234567.5"), "-1.234.567,5", "-1,234,567.5"),
        (Decimal("0.0001"), "0,0001", "0.0001"),
        (2000, "2.000", "2,000"),
        (3.5, "3,5", "3.5"),
    ],
)
def test_numbers_follow_the_language(value, danish, english):
    with translation.override("da"):
        assert number(value) == danish
    with translation.override("en"):
        assert number(value) == english


def test_numbers_for_typing_back_are_not_grouped():
    # Given stored numbers as a form field shows them for editing
    with translation.override("da"):
        assert number(Decimal("9187.0000"), grouping=False) == "9187"
        assert number(Decimal("9187.5000"), grouping=False) == "9187,5"
    with translation.override("en"):
        assert number(Decimal("9187.5000"), grouping=False) == "9187.5"


def test_nothing_and_what_is_not_a_number_are_shown_as_they_are():
    assert number(None) == ""
    assert number(Decimal("NaN")) == "NaN"
    assert number(Decimal("Infinity")) == "Infinity"


@pytest.mark.parametrize(
    ("stored", "plain", "places"),
    [
        (Decimal("9187.0000"), Decimal("9187"), 0),
        (Decimal("3.7900"), Decimal("3.79"), 2),
        (Decimal("1E+3"), Decimal("1000"), 0),
        (Decimal("0.0500"), Decimal("0.05"), 2),
    ],
)
def test_stored_decimals_lose_their_trailing_zeros_but_not_their_digits(stored, plain, places):
    assert str(plain_decimal(stored)) == str(plain)
    assert decimal_places(stored) == places


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"comparison": "exact", "value": Decimal(60), "unit_of_measure": "udlån"}, "60 udlån"),
        ({"comparison": "at_least", "value": Decimal(75), "unit_of_measure": "%"}, "mindst 75 %"),
        (
            {"comparison": "exact", "value": Decimal("9187.0000"), "unit_of_measure": "MWh"},
            "9.187 MWh",
        ),
        (
            {
                "comparison": "range",
                "value": Decimal(115),
                "value_max": Decimal(120),
                "unit_of_measure": "MWh",
            },
            "115–120 MWh",
        ),
        ({"comparison": "approximately", "value": Decimal(180)}, "cirka 180"),
        (
            {
                "comparison": "at_most",
                "value": Decimal(70),
                "unit_of_measure": "%",
                "target_year": 2018,
                "baseline_value": Decimal(100),
                "baseline_year": 2010,
            },
            "højst 70 % i 2018 (udgangspunkt 100 % i 2010)",
        ),
        (
            {
                "comparison": "at_most",
                "value": Decimal(12),
                "unit_of_measure": "uger",
                "baseline_value": Decimal(10),
            },
            "højst 12 uger (udgangspunkt 10 uger)",
        ),
        (
            {
                "comparison": "at_least",
                "value": Decimal("3.7900"),
                "unit_of_measure": "t",
                "target_date": date(2025, 12, 31),
            },
            "mindst 3,79 t senest 31.12.2025",
        ),
        ({"comparison": ""}, ""),
    ],
)
def test_targets_read_as_danish_text(fields, expected):
    with translation.override("da"):
        assert target(Criterion(text="x", **fields)) == expected


def test_targets_read_as_english_text_with_english_numbers():
    criterion = Criterion(
        text="x", comparison="at_least", value=Decimal("9187.5"), unit_of_measure="MWh"
    )
    with translation.override("en"):
        assert target(criterion) == "at least 9,187.5 MWh"


def test_users_texts_are_marked_danish_only_on_english_pages():
    with translation.override("da"):
        assert content_lang_attribute() == ""
    with translation.override("en"):
        assert content_lang_attribute() == ' lang="da"'


def test_the_template_filters_show_what_the_display_layer_shows():
    # Given a template with each of the display filters
    template = Template(
        "{% load virkplan %}{{ value|number }}|{{ criterion|target }}|{{ text|markdown }}|"
        "<p{% content_lang %}>"
    )
    criterion = Criterion(text="x", comparison="at_least", value=Decimal(75), unit_of_measure="%")
    context = Context({"value": Decimal("9187.0000"), "criterion": criterion, "text": "*ny*"})
    # When it is rendered on an English page
    with translation.override("en"):
        html = template.render(context)
    # Then it holds what the display functions return, the Markdown rendered and not escaped
    assert html == '9,187|at least 75 %|<p><em>ny</em></p>\n|<p lang="da">'


def test_a_unit_typed_as_html_is_shown_as_text():
    # Given a target whose unit looks like HTML
    criterion = Criterion(
        text="x", comparison="exact", value=Decimal(5), unit_of_measure="<b>kr.</b>"
    )
    # When a page shows it, then the unit is text, not markup
    html = Template("{% load virkplan %}{{ criterion|target }}").render(
        Context({"criterion": criterion})
    )
    assert html == "5 &lt;b&gt;kr.&lt;/b&gt;"


def test_dates_in_words_follow_the_language():
    with translation.override("da"):
        assert long_date(date(2014, 7, 1)) == "1. juli 2014"
        rendered = Template("{% load virkplan %}{{ day|long_date }}").render(
            Context({"day": date(2014, 12, 31)})
        )
        assert rendered == "31. december 2014"
    with translation.override("en"):
        assert long_date(date(2014, 7, 1)) == "July 1, 2014"
    assert long_date(None) == ""


def test_an_icon_is_the_design_systems_sprite_and_hidden_from_screen_readers():
    rendered = Template(
        '{% load virkplan %}{% icon "edit" %}{% icon "error" "alert-icon" %}'
    ).render(Context())
    assert rendered == (
        '<svg class="icon-svg" focusable="false" aria-hidden="true">'
        '<use href="/static/dkfds/img/all-svg-icons.svg#edit"></use></svg>'
        '<svg class="icon-svg alert-icon" focusable="false" aria-hidden="true">'
        '<use href="/static/dkfds/img/all-svg-icons.svg#error"></use></svg>'
    )
