"""Template tags: Markdown for long texts, Danish numbers for targets, the texts' language."""

from decimal import Decimal

import nh3
from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

register = template.Library()

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
}


@register.filter
def markdown(text: str | None) -> SafeString:
    """Render user Markdown to sanitised HTML (no raw HTML, no scripts, safe links only).

    A link keeps its address only when it is absolute http(s) or mailto: a
    relative address means nothing in a PDF or a downloaded file (WeasyPrint
    would resolve it into the server's folders), so it keeps just its text,
    on the page as in every document.
    """
    if not text:
        return mark_safe("")
    html = _markdown.render(text)
    return mark_safe(
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            url_relative="deny",
        )
    )


def content_language() -> str:
    """The language plans are written in: the site's own language (Danish)."""
    return getattr(settings, "VIRKPLAN_CONTENT_LANGUAGE", settings.LANGUAGE_CODE)


@register.simple_tag
def content_lang() -> SafeString:
    """A `lang` attribute for an element holding users' text, when the page is in another language.

    The plans are written in Danish; when a reader picks English, the
    interface is English but the plans are not, and screen readers must
    read them with a Danish voice (WCAG 3.1.2, language of parts).
    """
    language = content_language()
    if (get_language() or "").split("-")[0] == language:
        return mark_safe("")
    return format_html(' lang="{}"', language)


@register.filter
def number(value: Decimal | int | float | None) -> str:
    """A number in the active language's format: 9.187 and 3,79 in Danish."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    decimals = None
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else None
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def target(criterion) -> str:
    """A criterion's quantitative target in words: "mindst 75 %", "115–120 MWh"."""
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
        text += " " + _("(baseline %(value)s%(unit)s in %(year)s)") % {
            "value": number(criterion.baseline_value),
            "unit": unit,
            "year": criterion.baseline_year or "?",
        }
    return text
