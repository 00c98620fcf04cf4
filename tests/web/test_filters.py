"""Danish number formatting of targets, and sanitised Markdown."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from virkplan.plans.models import Criterion
from virkplan.web.templatetags.virkplan import markdown, number, target


@pytest.mark.parametrize(
    ("value", "danish", "english"),
    [
        (Decimal("9187.0000"), "9.187", "9,187"),
        (Decimal("3.7900"), "3,79", "3.79"),
        (Decimal("75"), "75", "75"),
        (Decimal("2000"), "2.000", "2,000"),
    ],
)
def test_numbers_follow_the_language(value, danish, english):
    with translation.override("da"):
        assert number(value) == danish
    with translation.override("en"):
        assert number(value) == english


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"comparison": "exact", "value": Decimal(60), "unit_of_measure": "udlån"}, "60 udlån"),
        ({"comparison": "at_least", "value": Decimal(75), "unit_of_measure": "%"}, "mindst 75 %"),
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
        ({"comparison": ""}, ""),
    ],
)
def test_targets_read_as_danish_text(fields, expected):
    with translation.override("da"):
        assert target(Criterion(text="x", **fields)) == expected


def test_markdown_renders_paragraphs_and_removes_scripts_and_javascript_links():
    html = markdown("Første afsnit.\n\nAndet <script>alert(1)</script> [klik](javascript:alert(1))")
    assert html.count("<p>") == 2
    assert "<script>" not in html
    assert 'href="javascript' not in html


def test_markdown_keeps_only_absolute_web_and_mail_links():
    # Given links that are relative, site-relative, file:, an image, and absolute web and mail
    html = markdown(
        "[op](../../etc/passwd) [rod](/etc/passwd) [fil](file:///etc/passwd) ![kort](/etc/passwd) "
        "[web](https://www.albertslund.dk/) [post](mailto:post@albertslund.dk)"
    )
    # Then only the absolute web and mail addresses remain links; the rest is their text
    assert re.findall(r'href="([^"]*)"', html) == [
        "https://www.albertslund.dk/",
        "mailto:post@albertslund.dk",
    ]
    assert "<img" not in html and "src=" not in html
    text = re.sub(r"<[^>]+>", "", html)
    assert all(word in text.split() for word in ("op", "rod", "web", "post"))
